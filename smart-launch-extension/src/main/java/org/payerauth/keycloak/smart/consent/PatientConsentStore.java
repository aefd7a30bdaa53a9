package org.payerauth.keycloak.smart.consent;

import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.payerauth.smart.PatientConsents;

/**
 * Where consent per patient ({@link PatientConsents}) is kept: the member's multi-valued user attribute
 * {@value #ATTRIBUTE} (declared read-only in the realm's user profile), next to Keycloak's own per-app consent.
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
     * consent, and for consents given before records existed (the app has no record at all).
     */
    public static boolean covers(UserModel user, ClientModel client, String patient) {
        if (!client.isConsentRequired()) {
            return true;
        }
        PatientConsents consents = read(user);
        return !consents.recordedFor(client.getId()) || consents.scopes(client.getId(), patient).isPresent();
    }
}
