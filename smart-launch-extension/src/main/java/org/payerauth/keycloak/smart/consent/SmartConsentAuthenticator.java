package org.payerauth.keycloak.smart.consent;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserConsentModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.services.managers.UserConsentManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.TokenUtil;
import org.payerauth.keycloak.smart.flow.SmartFlowSupport;
import org.payerauth.keycloak.smart.patient.PatientDirectory;
import org.payerauth.smart.PatientChoice;

/**
 * SMART consent: for SMART requests to apps that require consent, shows the app, the patient chosen and what each
 * requested scope means, in plain words ({@value #TEMPLATE}). "Allow" records the consent in Keycloak's own consent
 * store (so Keycloak's generic consent screen is not shown again, and the member can revoke it in the account
 * console); "Deny" sends {@code access_denied} to the app. Already-granted scopes are not asked again.
 */
final class SmartConsentAuthenticator implements Authenticator {

    static final String TEMPLATE = "smart-consent.ftl";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ClientModel client = authSession.getClient();
        if (!client.isConsentRequired() || !SmartFlowSupport.requestedScopes(authSession).isSmart()) {
            context.success();
            return;
        }
        List<ClientScopeModel> toApprove = scopesToApprove(context);
        if (toApprove.isEmpty()) {
            context.getEvent().detail(Details.CONSENT, Details.CONSENT_VALUE_PERSISTED_CONSENT);
            context.success();
            return;
        }
        context.challenge(context.form()
                .setAttribute("smartClientName", SmartFlowSupport.clientName(client))
                .setAttribute("smartClientUrl", client.getBaseUrl())
                .setAttribute("smartPatient", selectedPatient(context).map(SmartFlowSupport::view).orElse(null))
                .setAttribute("smartScopes", toApprove.stream().map(SmartConsentAuthenticator::text).toList())
                .createForm(TEMPLATE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (!form.containsKey("accept")) {
            context.getEvent().detail(Details.CONSENT, "denied");
            SmartFlowSupport.denyToApp(context, "smart_consent_denied", "The user denied access to the app");
            return;
        }
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        ClientModel client = context.getAuthenticationSession().getClient();
        UserConsentModel consent = UserConsentManager.getConsentByClient(session, realm, user, client.getId());
        boolean isNew = consent == null;
        if (isNew) {
            consent = new UserConsentModel(client);
        }
        for (ClientScopeModel scope : scopesToApprove(context)) {
            consent.addGrantedClientScope(scope);
        }
        if (isNew) {
            UserConsentManager.addConsent(session, realm, user, consent);
        } else {
            UserConsentManager.updateConsent(session, realm, user, consent);
        }
        context.getEvent().detail(Details.CONSENT, Details.CONSENT_VALUE_CONSENT_GRANTED);
        consentAnswered(context.getAuthenticationSession());
        context.success();
    }

    /**
     * {@code prompt=consent} has been honoured by this page; without this, Keycloak would ignore the consent just
     * given and show its own consent screen a second time.
     */
    private static void consentAnswered(AuthenticationSessionModel authSession) {
        String prompt = authSession.getClientNote(OIDCLoginProtocol.PROMPT_PARAM);
        if (prompt == null) {
            return;
        }
        String rest = java.util.Arrays.stream(prompt.split(" "))
                .filter(p -> !p.isBlank() && !p.equals(OIDCLoginProtocol.PROMPT_VALUE_CONSENT))
                .collect(java.util.stream.Collectors.joining(" "));
        if (rest.isEmpty()) {
            authSession.removeClientNote(OIDCLoginProtocol.PROMPT_PARAM);
        } else {
            authSession.setClientNote(OIDCLoginProtocol.PROMPT_PARAM, rest);
        }
    }

    /** Requested scopes shown on consent screens that this member has not granted to this app yet. */
    private static List<ClientScopeModel> scopesToApprove(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        KeycloakSession session = context.getSession();
        UserModel user = context.getUser();
        ClientModel client = authSession.getClient();
        boolean promptConsent = TokenUtil.hasPrompt(authSession.getClientNote(OIDCLoginProtocol.PROMPT_PARAM),
                OIDCLoginProtocol.PROMPT_VALUE_CONSENT);
        UserConsentModel granted = promptConsent ? null
                : UserConsentManager.getConsentByClient(session, context.getRealm(), user, client.getId());
        return TokenManager.getRequestedClientScopes(session, authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM),
                        client, user)
                .filter(ClientScopeModel::isDisplayOnConsentScreen)
                .filter(scope -> granted == null || !granted.isClientScopeGranted(scope))
                .toList();
    }

    private static Optional<PatientChoice> selectedPatient(AuthenticationFlowContext context) {
        String id = context.getAuthenticationSession().getClientNote(SmartFlowSupport.PATIENT_NOTE);
        if (id == null) {
            return Optional.empty();
        }
        return context.getSession().getProvider(PatientDirectory.class)
                .patientsFor(context.getRealm(), context.getUser()).stream()
                .filter(p -> p.id().equals(id)).findFirst();
    }

    /** One requested scope on the page: its name and its plain-language text (may be a {@code ${message}} key). */
    private static Map<String, String> text(ClientScopeModel scope) {
        String text = scope.getConsentScreenText();
        return Map.of("name", scope.getName(), "text", text == null || text.isBlank() ? scope.getName() : text);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
