package org.payerauth.keycloak.smart.introspection;

import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.payerauth.keycloak.smart.consent.PatientConsentStore;
import org.payerauth.keycloak.smart.launch.LaunchContexts;
import org.payerauth.keycloak.common.patient.PatientLinks;

/**
 * SMART token introspection: a token issued for a patient is {@code active} only while its member may still act for
 * that patient and its consent to the app covers that patient (the same checks the token endpoint makes on every
 * refresh). The patient is the access token's {@code patient} claim, or, for a token of a patient launch narrowed
 * to scopes without a patient context, its {@code smart_launch_patient} claim: withdrawing a patient ends every token
 * of that patient's launches, {@code user/} scopes included (security review 2, M3).
 */
final class PatientLinkCheck {

    private static final Logger LOG = Logger.getLogger(PatientLinkCheck.class);

    private PatientLinkCheck() {
    }

    /** True when the token has no patient, or its member is still linked to it; otherwise an error event is set. */
    static boolean holds(KeycloakSession session, RealmModel realm, AccessToken token, UserSessionModel userSession,
                         ClientModel client, EventBuilder event) {
        String patient = patientOf(token);
        UserModel user = userSession == null ? null : userSession.getUser();
        if (patient == null || user == null || user.getServiceAccountClientLink() != null) {
            return true; // a service account's member-scoped B2B token follows the member's sharing choices instead
        }
        java.util.Optional<PatientLinks.Link> link = PatientLinks.of(session, realm).link(user, patient);
        boolean linked = link.isPresent() && link.get().holds();
        if (linked && (client == null || PatientConsentStore.covers(session, user, client, patient))) {
            return true;
        }
        String lapsed = link.flatMap(PatientLinks.Link::refusal).orElse(null);
        LOG.debugf("Realm '%s': introspected token of user id %s is inactive: %s", realm.getName(), user.getId(),
                linked ? "consent for its patient withdrawn" : lapsed != null ? lapsed : "no longer linked to its patient");
        event.detail(Details.REASON, linked ? "The member withdrew consent to this app for the patient of this token"
                : lapsed != null ? "The user is no longer authorized for the patient of this token: " + lapsed
                : "The user is no longer authorized for the patient of this token");
        event.error(Errors.NOT_ALLOWED);
        return false;
    }

    private static String patientOf(AccessToken token) {
        if (token.getOtherClaims().get(LaunchContexts.PATIENT_CLAIM) instanceof String id) {
            return id;
        }
        // a token of a patient launch narrowed to scopes without a patient context still belongs to that patient
        return token.getOtherClaims().get(LaunchContexts.LAUNCH_PATIENT_CLAIM) instanceof String id ? id : null;
    }
}
