package org.payerauth.keycloak.smart.launch;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.payerauth.keycloak.smart.flow.SmartFlowSupport;
import org.payerauth.smart.SmartScopeRequest;
import org.payerauth.smart.launch.LaunchBinding;
import org.payerauth.smart.launch.LaunchContext;

/**
 * Each SMART launch's own context ({@link LaunchContext}: patient, {@code aud}) for the token being issued or
 * introspected in this request, so that no code or token ever carries another launch's patient (security review 2,
 * H2). Keycloak keeps one client session per SSO session and app; its notes hold the latest launch authorized. So:
 * <ul>
 *   <li>when a launch is authorized ({@link #bind}, called by the patient picker), its context is kept in Keycloak's
 *       single-use store (cluster-wide, as long as the authorization and its code may live) under its PKCE
 *       challenge;</li>
 *   <li>at the code exchange the context is taken back out with {@code S256(code_verifier)} and checked against the
 *       client session ({@link LaunchBinding#atCodeExchange}): a code yields its own launch or {@code invalid_grant};</li>
 *   <li>at a refresh, the refresh token names its launch's patient and {@code aud}
 *       ({@link #LAUNCH_PATIENT_CLAIM}, {@link #LAUNCH_AUD_CLAIM}); the SMART launch-context mapper refuses one that
 *       no longer matches the client session;</li>
 *   <li>at introspection, the token's own claims are its context ({@link #useTokenContext}).</li>
 * </ul>
 * The mappers only copy the context into claims. The context is worked out once per request.
 */
public final class LaunchContexts {

    /** Client-session note: the authorization request's {@code aud}, kept by Keycloak (its additional-parameter note). */
    public static final String AUD_NOTE = AuthorizationEndpoint.LOGIN_SESSION_NOTE_ADDITIONAL_REQ_PARAMS_PREFIX + "aud";
    /** Token and token-response claim: the launch's patient (SMART App Launch "patient"). */
    public static final String PATIENT_CLAIM = org.payerauth.keycloak.common.SmartClaims.PATIENT;
    /** Refresh-token claim: the patient of the launch the token belongs to. */
    public static final String LAUNCH_PATIENT_CLAIM = "smart_launch_patient";
    /** Refresh-token claim: the {@code aud} of the launch the token belongs to. */
    public static final String LAUNCH_AUD_CLAIM = "smart_launch_aud";
    /** Event detail of a refused code exchange. */
    public static final String REFUSAL_DETAIL = "smart_launch_binding";

    private static final String RESOLVED_ATTRIBUTE = "payer-auth.smart.launchContext";
    private static final Logger LOG = Logger.getLogger(LaunchContexts.class);

    /** This request's context, for the client session it was worked out for (null: a token's own). */
    private record Resolved(String clientSessionId, LaunchContext launch) {
    }

    private LaunchContexts() {
    }

    /**
     * Keeps the context of the launch being authorized in this authentication session (the patient just chosen, or
     * none, and the request's {@code aud}) for its code exchange.
     */
    public static void bind(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user, String patient) {
        RealmModel realm = authSession.getRealm();
        String key = LaunchBinding.keyAtAuthorization(authSession.getClient().getId(), user.getId(),
                authSession.getClientNote(OIDCLoginProtocol.CODE_CHALLENGE_PARAM),
                authSession.getClientNote(OIDCLoginProtocol.CODE_CHALLENGE_METHOD_PARAM));
        String authorization = authSession.getParentSession().getId() + "." + authSession.getTabId();
        LaunchContext launch = new LaunchContext(patient, authSession.getClientNote(AUD_NOTE));
        Map<String, String> notes = LaunchBinding.notesToKeep(launch, authorization, session.singleUseObjects().get(key));
        int lifespan = Math.max(realm.getAccessCodeLifespanLogin(), realm.getAccessCodeLifespanUserAction())
                + realm.getAccessCodeLifespan();
        session.singleUseObjects().put(key, lifespan, notes);
    }

    /** The launch patient a (verified) refresh token names, or null for tokens without one. */
    public static String launchPatient(JsonWebToken refreshToken) {
        return refreshToken.getOtherClaims().get(LAUNCH_PATIENT_CLAIM) instanceof String id ? id : null;
    }

    /** The launch {@code aud} a (verified) refresh token names, or null for tokens without one. */
    public static String launchAud(JsonWebToken refreshToken) {
        return refreshToken.getOtherClaims().get(LAUNCH_AUD_CLAIM) instanceof String aud ? aud : null;
    }

    /** The launch context worked out for the token this request issues (by {@link #of}), or null if none yet. */
    public static LaunchContext resolvedInThisRequest(KeycloakSession session) {
        return session.getAttribute(RESOLVED_ATTRIBUTE) instanceof Resolved resolved ? resolved.launch() : null;
    }

    /** Introspection: the token's own patient is its context, whatever the client session holds now. */
    public static void useTokenContext(KeycloakSession session, JsonWebToken token) {
        Object patient = token.getOtherClaims().get(PATIENT_CLAIM);
        session.setAttribute(RESOLVED_ATTRIBUTE, new Resolved(null,
                new LaunchContext(patient instanceof String id ? id : null, null)));
    }

    /**
     * The launch context of the token this request issues (or introspects). At a code exchange of a SMART code, the
     * code's own launch, or {@code invalid_grant}; otherwise what the client session holds (a refresh is checked
     * against its token's claims by the launch-context mapper).
     */
    public static LaunchContext of(KeycloakSession session, ClientSessionContext clientSessionCtx) {
        AuthenticatedClientSessionModel clientSession = clientSessionCtx.getClientSession();
        Object cached = session.getAttribute(RESOLVED_ATTRIBUTE);
        if (cached instanceof Resolved resolved
                && (resolved.clientSessionId() == null || clientSession != null && resolved.clientSessionId().equals(clientSession.getId()))) {
            return resolved.launch();
        }
        if (clientSession == null) {
            return LaunchContext.NONE;
        }
        LaunchContext current = current(clientSession);
        LaunchContext launch = current;
        SmartScopeRequest scopes = SmartFlowSupport.scopes(session, clientSessionCtx.getScopeString());
        if (scopes.isSmart() && OAuth2Constants.AUTHORIZATION_CODE.equals(formParameter(session, OAuth2Constants.GRANT_TYPE))) {
            launch = atCodeExchange(session, clientSession, current, scopes.needsPatientContext());
        }
        session.setAttribute(RESOLVED_ATTRIBUTE, new Resolved(clientSession.getId(), launch));
        return launch;
    }

    /** What the client session holds: the latest launch of the app authorized in this SSO session. */
    public static LaunchContext current(AuthenticatedClientSessionModel clientSession) {
        return new LaunchContext(clientSession.getNote(SmartFlowSupport.PATIENT_NOTE), clientSession.getNote(AUD_NOTE));
    }

    private static LaunchContext atCodeExchange(KeycloakSession session, AuthenticatedClientSessionModel clientSession,
                                                LaunchContext current, boolean needsPatient) {
        UserModel user = clientSession.getUserSession().getUser();
        String key = LaunchBinding.keyAtExchange(clientSession.getClient().getId(), user.getId(),
                formParameter(session, OAuth2Constants.CODE_VERIFIER));
        LaunchBinding.Verdict verdict = LaunchBinding.atCodeExchange(session.singleUseObjects().remove(key), current, needsPatient);
        if (verdict instanceof LaunchBinding.Refused refused) {
            LOG.infof("Realm '%s': code exchange of client %s for user id %s refused: %s", clientSession.getRealm().getName(),
                    clientSession.getClient().getClientId(), user.getId(), refused.description());
            throw new ErrorResponseException(OAuthErrorException.INVALID_GRANT, refused.description(), Response.Status.BAD_REQUEST);
        }
        return ((LaunchBinding.Bound) verdict).launch();
    }

    /** A form parameter of this (token) request, or null. */
    public static String formParameter(KeycloakSession session, String name) {
        var request = session.getContext().getHttpRequest();
        if (request == null) {
            return null;
        }
        try {
            return request.getDecodedFormParameters().getFirst(name);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
