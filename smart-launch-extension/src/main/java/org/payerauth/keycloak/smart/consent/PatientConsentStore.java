package org.payerauth.keycloak.smart.consent;

import java.time.Instant;
import java.util.Optional;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserConsentModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.UserConsentManager;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.smart.PatientConsents;

/**
 * Where consent per patient ({@link PatientConsents}) is kept: the member's multi-valued user attribute
 * {@value #ATTRIBUTE} (declared in the realm's user profile, editable by admins only), next to Keycloak's own per-app
 * consent. A consent from before records existed covers every patient only in a realm that names its upgrade
 * ({@link RealmSettings#CONSENTS_PER_PATIENT_SINCE}); an app without records covers no patient otherwise.
 */
public final class PatientConsentStore {

    /** User attribute: one value per (app, patient) the member allowed, {@code <client id>|<patient>|<scopes>}. */
    public static final String ATTRIBUTE = "smart_consents";

    private PatientConsentStore() {
    }

    public static PatientConsents read(UserModel user) {
        return PatientConsents.of(user.getAttributeStream(ATTRIBUTE).toList());
    }

    public static void write(UserModel user, PatientConsents consents) {
        if (consents.entries().isEmpty()) {
            user.removeAttribute(ATTRIBUTE);
        } else {
            user.setAttribute(ATTRIBUTE, consents.values());
        }
    }

    /**
     * Whether the member's consent to {@code client} still covers {@code patient}: always for apps that need no
     * consent; otherwise the patient's record, or a Keycloak consent from before records in a realm upgraded from
     * then ({@link PatientConsents#covers}). Keycloak's consent is read only when the patient has no record and the
     * realm names an upgrade.
     */
    public static boolean covers(KeycloakSession session, UserModel user, ClientModel client, String patient) {
        if (!client.isConsentRequired()) {
            return true;
        }
        PatientConsents consents = read(user);
        if (consents.scopes(client.getId(), patient).isPresent()) {
            return true;
        }
        return coversEveryPatient(session, client.getRealm(), user, client, consents);
    }

    /**
     * Whether the member's Keycloak consent to {@code client} predates records and so covers every patient (never
     * without a session to read it in).
     */
    public static boolean coversEveryPatient(KeycloakSession session, RealmModel realm, UserModel user, ClientModel client,
                                             PatientConsents consents) {
        if (session == null) {
            return false;
        }
        Optional<Instant> since = RealmSettings.of(session, realm).consentsPerPatientSince();
        if (since.isEmpty() || consents.recordedFor(client.getId())) {
            return false;
        }
        UserConsentModel consent = UserConsentManager.getConsentByClient(session, realm, user, client.getId());
        return consent != null && consents.coversEveryPatient(client.getId(), written(consent), since);
    }

    /** When Keycloak last wrote {@code consent} (every grant, widening or answered consent page updates it). */
    public static Optional<Instant> written(UserConsentModel consent) {
        Long updated = consent.getLastUpdatedDate();
        return updated == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(updated));
    }
}
