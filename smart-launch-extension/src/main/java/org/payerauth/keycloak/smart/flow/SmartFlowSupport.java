package org.payerauth.keycloak.smart.flow;

import java.util.Map;
import java.util.Objects;

import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.payerauth.smart.PatientChoice;
import org.payerauth.smart.SmartScopeRequest;

/** Helpers shared by the SMART authenticators of the browser flow. */
public final class SmartFlowSupport {

    /** Client-session note holding the selected patient's FHIR id (per app, also in offline sessions). */
    public static final String PATIENT_NOTE = "smart.patient";
    /** Session attribute: the last scope string {@link #scopes} read in this request, and what it read. */
    static final String PARSED_SCOPE_ATTRIBUTE = "payer-auth.smart.parsedScope";

    private record ParsedScope(String scope, SmartScopeRequest request) {
    }

    private SmartFlowSupport() {
    }

    /** The app's display name (its client name, else its client_id). */
    public static String clientName(ClientModel client) {
        return client.getName() != null && !client.getName().isBlank() ? client.getName() : client.getClientId();
    }

    /** What a template sees of a patient (a plain map: no reliance on FreeMarker's record support). */
    public static Map<String, String> view(PatientChoice patient) {
        return Map.of("id", patient.id(), "name", patient.displayName(), "birthDate", patient.birthDate());
    }

    /** The authorization request's {@code scope}, read the SMART way. */
    public static SmartScopeRequest requestedScopes(KeycloakSession session, AuthenticationSessionModel authSession) {
        return scopes(session, authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM));
    }

    /**
     * {@link SmartScopeRequest#parse}, once per request and scope string: the authenticators of one authorization
     * request, and the mappers of one token (access token, token response, introspection), each ask.
     */
    public static SmartScopeRequest scopes(KeycloakSession session, String scope) {
        if (session.getAttribute(PARSED_SCOPE_ATTRIBUTE) instanceof ParsedScope parsed && Objects.equals(parsed.scope(), scope)) {
            return parsed.request();
        }
        SmartScopeRequest request = SmartScopeRequest.parse(scope);
        session.setAttribute(PARSED_SCOPE_ATTRIBUTE, new ParsedScope(scope, request));
        return request;
    }

    /**
     * Ends the flow with {@code error=access_denied} sent to the app's {@code redirect_uri}, through Keycloak's own
     * OIDC error redirect (so {@code state}, {@code iss} and the response mode are right). {@code description} is a
     * fixed text; it must never carry request input or personal data. Recorded as a {@code LOGIN_ERROR} event with the
     * reason ({@code rejected_by_user} when the user said no, {@code access_denied} otherwise).
     */
    public static void denyToApp(AuthenticationFlowContext context, String reason, String description) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        LoginProtocol protocol = context.getSession().getProvider(LoginProtocol.class, authSession.getProtocol());
        protocol.setRealm(context.getRealm())
                .setHttpHeaders(context.getHttpRequest().getHttpHeaders())
                .setUriInfo(context.getUriInfo())
                .setEventBuilder(context.getEvent());
        Response redirect = protocol.sendError(authSession, LoginProtocol.Error.CONSENT_DENIED, description);
        context.getEvent().detail(Details.REASON, reason);
        // Keycloak records no event for a flow failure that answers with its own response: record it here.
        org.keycloak.events.EventBuilder event = context.getEvent().clone();
        if (context.getUser() != null) {
            event.user(context.getUser());
        }
        event.error(reason.endsWith("_cancelled") || reason.endsWith("_denied")
                ? Errors.REJECTED_BY_USER : Errors.ACCESS_DENIED);
        context.failure(AuthenticationFlowError.ACCESS_DENIED, redirect, reason, null);
    }
}
