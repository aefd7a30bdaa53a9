package org.payerauth.keycloak.payer.review.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.util.JsonSerialization;
import org.payerauth.apps.AppReview;
import org.payerauth.apps.PrivacyAttestation;
import org.payerauth.keycloak.common.apps.AppPrivacy;
import org.payerauth.keycloak.common.apps.AppReviews;
import org.payerauth.keycloak.console.ConsoleActionTabFactory;
import org.payerauth.keycloak.console.ConsoleAdmin;
import org.payerauth.keycloak.console.ConsoleRefusal;
import org.payerauth.keycloak.console.ConsoleRouteParameter;
import org.payerauth.keycloak.payer.review.AppReviewDecisions;
import org.payerauth.keycloak.payer.review.AppReviewView;

/**
 * The admin console's tab <em>App review</em> on a client's page: shows the app's approval state, certifications and
 * privacy attestation; approves, rejects or revokes it with a reason; enters or removes the privacy attestation of an
 * app registered by hand; lists the apps waiting for review. It acts on its save ({@link ConsoleActionTabFactory}), as
 * the administrator (admin events). Saving a console form needs the realm role {@code manage-realm}; the action also
 * needs the client permissions the admin REST API asks for ({@code view-clients} to show, {@code manage-clients} to
 * change). The review page {@code /realms/{realm}/app-review/staff} does the same for reviewers without
 * {@code manage-realm}.
 */
public final class AppReviewTabFactory extends ConsoleActionTabFactory {

    public static final String PROVIDER_ID = "payer-app-review";

    static final String ACTION = "action";
    static final String REASON = "reason";
    static final String PRIVACY_POLICY = "privacyPolicy";
    /**
     * The console's route parameter: the client whose page the tab is on (the console names it {@code clientId}, but
     * it is the client's id, not its client_id).
     */
    static final String CLIENT_UUID = "clientId";

    static final String SHOW = "Show this app";
    static final String APPROVE = "Approve";
    static final String REJECT = "Reject";
    static final String REVOKE = "Revoke approval";
    static final String SAVE_ATTESTATION = "Save privacy attestation";
    static final String REMOVE_ATTESTATION = "Remove privacy attestation";
    static final String LIST = "List apps waiting for review";

    static final String NOT_ATTESTED = "not attested";

    private static final Map<String, String> DECISIONS = Map.of(APPROVE, "approve", REJECT, "reject", REVOKE, "revoke");

    /** The attestation's yes/no points: field name, the attestation's key, label, help. */
    private static final List<String[]> POINTS = List.of(
            new String[] {"sellsData", "sells_data", "Attestation: sells members' data",
                    "yes or no, as the app attests."},
            new String[] {"expressConsentBeforeSharing", "express_consent_before_sharing",
                    "Attestation: asks consent before sharing", "Whether the app asks for members' express consent "
                    + "before it sells or shares their data."},
            new String[] {"explainsRevocationAndDeletion", "explains_revocation_and_deletion",
                    "Attestation: explains stopping and deletion", "Whether the app tells members how to stop its "
                    + "access and have their data deleted."},
            new String[] {"dataAccessNotification", "data_access_notification",
                    "Attestation: tells of others' access", "Whether the app tells members when someone else "
                    + "accesses their data."});
    /** The attestation's text points: field name, key, label, help. */
    private static final List<String[]> TEXTS = List.of(
            new String[] {"dataStorage", "data_storage", "Attestation: where data are stored",
                    "e.g. United States (up to 200 characters); empty: not attested."},
            new String[] {"funding", "funding", "Attestation: funding", "How the app is funded (up to 200 characters); "
                    + "empty: not attested."});

    private static final Logger LOG = Logger.getLogger(AppReviewTabFactory.class);

    private static final List<ProviderConfigProperty> FIELDS = fields();

    private static List<ProviderConfigProperty> fields() {
        List<ProviderConfigProperty> fields = new ArrayList<>();
        ProviderConfigProperty action = new ProviderConfigProperty(ACTION, "Action", "Show the app's approval state, "
                + "certifications and privacy attestation; decide on it; enter its privacy attestation (for an app "
                + "registered by hand: a UDAP app's privacy certification comes first); or list the apps waiting for "
                + "review. Then Save.", ProviderConfigProperty.LIST_TYPE, SHOW);
        action.setOptions(List.of(SHOW, APPROVE, REJECT, REVOKE, SAVE_ATTESTATION, REMOVE_ATTESTATION, LIST));
        fields.add(action);
        fields.add(new ProviderConfigProperty(REASON, "Reason", "Required to reject an app or revoke its approval: the "
                + "demonstrated security risk. Kept with the decision and in the admin event.",
                ProviderConfigProperty.TEXT_TYPE, null));
        fields.add(new ProviderConfigProperty(PRIVACY_POLICY, "Attestation: privacy policy URL", "The app's public "
                + "privacy policy (https). Required to save an attestation.", ProviderConfigProperty.STRING_TYPE, null));
        for (String[] point : POINTS) {
            ProviderConfigProperty field = new ProviderConfigProperty(point[0], point[2], point[3],
                    ProviderConfigProperty.LIST_TYPE, NOT_ATTESTED);
            field.setOptions(List.of(NOT_ATTESTED, "yes", "no"));
            fields.add(field);
        }
        for (String[] text : TEXTS) {
            fields.add(new ProviderConfigProperty(text[0], text[2], text[3], ProviderConfigProperty.STRING_TYPE, null));
        }
        fields.add(ConsoleRouteParameter.of(CLIENT_UUID));
        return List.copyOf(fields);
    }

    public AppReviewTabFactory() {
        super(PROVIDER_ID, "/:realm/clients/:clientId/:tab?", "app-review", "The payer's review of this app: approval "
                + "state, certifications and privacy attestation. All apps waiting for review: "
                + "/realms/<realm>/app-review/staff.", FIELDS);
    }

    /** Acts on the client whose page the tab is on. What it shows, and a refusal, is the save's message. */
    @Override
    protected void act(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        String clientUuid = model.get(CLIENT_UUID);
        if (clientUuid == null || clientUuid.isBlank()) {
            return;
        }
        AdminAuth admin = ConsoleAdmin.signedIn(session);
        AdminPermissionEvaluator permissions = AdminPermissions.evaluator(session, realm, admin);
        String action = model.get(ACTION) == null || model.get(ACTION).isBlank() ? SHOW : model.get(ACTION);
        if (action.equals(LIST)) {
            if (!permissions.clients().canView()) {
                throw ConsoleRefusal.of("You may not view the clients (realm-management role view-clients)");
            }
            throw ConsoleRefusal.of(waiting(session, realm));
        }
        // the console shows the tab on the clients list too (its route has the same shape): no client there
        ClientModel client = realm.getClientById(clientUuid);
        if (client == null) {
            throw ConsoleRefusal.of("Open an app first (Clients, then the app, then its tab App review); here only "
                    + "the action List apps waiting for review works");
        }
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        if (action.equals(SHOW)) {
            if (!permissions.clients().canView(client)) {
                throw ConsoleRefusal.of("You may not view this client (realm-management role view-clients)");
            }
            throw ConsoleRefusal.of(AppReviewView.sentences(AppReviewView.of(session, realm, client, now)));
        }
        if (!permissions.clients().canManage(client)) {
            throw ConsoleRefusal.of("You may not change this client (realm-management role manage-clients)");
        }
        if (DECISIONS.containsKey(action)) {
            try {
                AppReviewDecisions.decide(realm, client, DECISIONS.get(action), model.get(REASON), admin.getUser(),
                        ConsoleAdmin.events(session, realm, admin));
            } catch (AppReviewDecisions.Refused refused) {
                throw ConsoleRefusal.of(refused.getMessage());
            }
        } else if (action.equals(SAVE_ATTESTATION)) {
            saveAttestation(session, realm, client, model, admin);
        } else if (action.equals(REMOVE_ATTESTATION)) {
            if (client.getAttribute(AppPrivacy.ATTESTATION_ATTRIBUTE) == null) {
                throw ConsoleRefusal.of("This app has no attestation entered by an administrator");
            }
            client.removeAttribute(AppPrivacy.ATTESTATION_ATTRIBUTE);
            attestationEvent(session, realm, client, admin, OperationType.DELETE, null);
        } else {
            throw ConsoleRefusal.of("Unknown action '" + action + "'");
        }
    }

    /** The apps waiting for review, and those rejected, in one message. */
    private static String waiting(KeycloakSession session, RealmModel realm) {
        List<String> pending = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        AppReviews.notApproved(session, realm).forEach(client -> {
            if (AppReviews.state(client) == AppReview.State.PENDING) {
                String since = client.getAttribute(AppReviews.CHANGED_AT);
                pending.add(client.getClientId() + (since == null ? "" : " (since " + since + ")"));
            } else {
                rejected.add(client.getClientId());
            }
        });
        return (pending.isEmpty() ? "No app is waiting for review." : pending.size() + " waiting for review: "
                + String.join(", ", pending) + ".")
                + (rejected.isEmpty() ? "" : " Rejected: " + String.join(", ", rejected) + ".")
                + " Open an app (Clients, then the app) and its tab App review to decide, or use the review page "
                + "/realms/" + realm.getName() + "/app-review/staff.";
    }

    private static void saveAttestation(KeycloakSession session, RealmModel realm, ClientModel client,
                                        ComponentModel model, AdminAuth admin) {
        Map<String, Object> disclosures = new LinkedHashMap<>();
        String policy = model.get(PRIVACY_POLICY) == null ? "" : model.get(PRIVACY_POLICY).trim();
        disclosures.put("privacy_policy", policy);
        for (String[] point : POINTS) {
            String value = model.get(point[0]);
            if ("yes".equals(value) || "no".equals(value)) {
                disclosures.put(point[1], "yes".equals(value));
            }
        }
        for (String[] text : TEXTS) {
            String value = model.get(text[0]);
            if (value != null && !value.isBlank()) {
                if (value.trim().length() > 200) {
                    throw ConsoleRefusal.of(text[2] + ": longer than 200 characters");
                }
                disclosures.put(text[1], value.trim());
            }
        }
        if (PrivacyAttestation.from(disclosures, PrivacyAttestation.ADMINISTRATOR, "").isEmpty()) {
            throw ConsoleRefusal.of("Attestation: privacy policy URL: an https URL of the app's privacy policy is "
                    + "required");
        }
        String json;
        try {
            json = JsonSerialization.writeValueAsString(disclosures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client.setAttribute(AppPrivacy.ATTESTATION_ATTRIBUTE, json);
        attestationEvent(session, realm, client, admin, OperationType.UPDATE, disclosures);
    }

    private static void attestationEvent(KeycloakSession session, RealmModel realm, ClientModel client, AdminAuth admin,
                                         OperationType operation, Map<String, Object> disclosures) {
        ConsoleAdmin.events(session, realm, admin).operation(operation).resource(ResourceType.CLIENT)
                .resourcePath("clients", client.getId(), "privacy-attestation")
                .representation(disclosures == null ? Map.of() : disclosures)
                .success();
        LOG.infof("Realm '%s': privacy attestation of app %s %s by admin %s", realm.getName(), client.getClientId(),
                operation == OperationType.DELETE ? "removed" : "entered", admin.getUser().getUsername());
    }
}
