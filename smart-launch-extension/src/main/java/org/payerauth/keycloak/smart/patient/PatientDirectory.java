package org.payerauth.keycloak.smart.patient;

import java.util.List;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;
import org.payerauth.smart.PatientChoice;

/**
 * Where the patients a member may act for come from. The built-in provider ({@code user-attribute}) reads the user
 * attribute {@code smart_patients}; a payer can plug in a member-service or FHIR lookup by shipping another
 * provider of the {@code smart-patient-directory} SPI and selecting it with
 * {@code --spi-smart-patient-directory--provider=<id>}.
 */
public interface PatientDirectory extends Provider {

    /**
     * The patients {@code user} may act for, in display order. Empty when none. Called on every launch and on every
     * token refresh (to check that the link still holds), so implementations should be quick or cache.
     */
    List<PatientChoice> patientsFor(RealmModel realm, UserModel user);

    @Override
    default void close() {
    }
}
