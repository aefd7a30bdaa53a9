package org.payerauth.keycloak.common.patient;

import java.util.List;
import java.util.Optional;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;
import org.payerauth.smart.PatientChoice;

/**
 * Where the patients a member may act for come from. The built-in provider ({@code user-attribute}) reads the user
 * attribute {@code smart_patients}; a payer can plug in a member-service or FHIR lookup by shipping another
 * provider of the {@code smart-patient-directory} SPI and selecting it with
 * {@code --spi-smart-patient-directory--provider=<id>}. The SMART launch uses {@link #patientsFor}; the member's
 * data-sharing choices also ask whose record is the member's own ({@link #ownPatient}) and whether the member may
 * decide for the others ({@link #mayDecideFor}).
 */
public interface PatientDirectory extends Provider {

    /** The user attribute naming the user's own FHIR resource ({@code Patient/<id>} for a member). */
    String FHIR_USER_ATTRIBUTE = "fhirUser";
    /**
     * The user attribute listing, one FHIR {@code Patient.id} per value, the patients the user acts for who may see
     * their data but not make decisions for them (data-sharing choices).
     */
    String VIEW_ONLY_ATTRIBUTE = "smart_patients_view_only";

    /**
     * The patients {@code user} may act for, in display order. Empty when none. Called on every launch and on every
     * token refresh (to check that the link still holds), so implementations should be quick or cache.
     */
    List<PatientChoice> patientsFor(RealmModel realm, UserModel user);

    /**
     * The member's own FHIR {@code Patient.id}, if the user is a member (not only a representative). The default
     * reads the user attribute {@value #FHIR_USER_ATTRIBUTE} when it is {@code Patient/<id>}.
     */
    default Optional<String> ownPatient(RealmModel realm, UserModel user) {
        String fhirUser = user.getFirstAttribute(FHIR_USER_ATTRIBUTE);
        if (fhirUser == null || !fhirUser.startsWith("Patient/")) {
            return Optional.empty();
        }
        String id = fhirUser.substring("Patient/".length());
        return PatientChoice.isValidId(id) ? Optional.of(id) : Optional.empty();
    }

    /**
     * Whether {@code user}, who acts for {@code patient} (one of {@link #patientsFor}, not their own), may also make
     * decisions for them, such as data-sharing choices. The default: yes, unless the patient's id is a value of the
     * user attribute {@value #VIEW_ONLY_ATTRIBUTE}.
     */
    default boolean mayDecideFor(RealmModel realm, UserModel user, String patient) {
        return user.getAttributeStream(VIEW_ONLY_ATTRIBUTE).map(String::trim).noneMatch(patient::equals);
    }

    @Override
    default void close() {
    }
}
