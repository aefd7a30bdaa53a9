package org.payerauth.keycloak.smart.mapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.events.Errors;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenResponseMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.IDToken;
import org.keycloak.services.ErrorResponseException;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.smart.consent.PatientConsentStore;
import org.payerauth.keycloak.smart.flow.SmartFlowSupport;
import org.payerauth.keycloak.smart.launch.LaunchContexts;
import org.payerauth.keycloak.smart.rules.SmartIssuanceRules;
import org.payerauth.keycloak.smart.token.TokenResponseScopeFilter;
import org.keycloak.representations.JsonWebToken;
import org.payerauth.keycloak.common.patient.PatientLinks;
import org.payerauth.smart.LaunchContextRule;
import org.payerauth.smart.launch.LaunchBinding;
import org.payerauth.smart.launch.LaunchContext;

/**
 * SMART launch context: the patient chosen in the picker (client-session note) as {@code patient} in the token
 * response, the access token and introspection, plus {@code need_patient_banner} and {@code smart_style_url} in the
 * token response. Only when the granted scopes call for a patient context.
 *
 * <p>On every token issue (code exchange and refresh, online and offline) the member's link to that patient is
 * checked again: when the link is gone, the request fails with {@code invalid_grant} and no token carries the
 * patient any more. Tokens are bound to their launch: a second launch of the app in the same SSO session for another
 * patient (online or offline) makes the first launch's refresh tokens fail with {@code invalid_grant}; they never
 * receive the other patient.
 */
public final class SmartLaunchContextMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCAccessTokenResponseMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "smart-launch-context-mapper";
    public static final String PATIENT = LaunchContexts.PATIENT_CLAIM;
    public static final String NEED_PATIENT_BANNER = "need_patient_banner";
    public static final String SMART_STYLE_URL = "smart_style_url";
    /** The reason of the token error event when a link to the launch's patient has lapsed. */
    public static final String LINK_LAPSED = "smart_patient_link_lapsed";
    /** Client-session note: the patient this client session's tokens were last issued for. */
    public static final String ISSUED_PATIENT_NOTE = "smart.issuedPatient";
    /** Client-session note: the second a code exchange last bound the client session to another patient. */
    public static final String BOUND_AT_NOTE = "smart.boundAt";

    private static final Logger LOG = Logger.getLogger(SmartLaunchContextMapper.class);
    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, SmartLaunchContextMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "SMART launch context";
    }

    @Override
    public String getHelpText() {
        return "Adds the patient selected in the SMART patient picker as 'patient' (token response, access token, "
                + "introspection), with need_patient_banner and smart_style_url in the token response.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                            UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        LaunchContext launch = LaunchContexts.of(session, clientSessionCtx); // a code yields its own launch, or invalid_grant
        requirePatientContext(session, userSession, clientSessionCtx, launch);
        TokenResponseScopeFilter.recordIssuedScope(session, token.getScope());
        launchPatient(session, clientSessionCtx).ifPresent(id -> {
            requireStillLinked(session, userSession, clientSessionCtx.getClientSession(), id);
            requireConsentForPatient(session, userSession, clientSessionCtx.getClientSession(), id);
            bindToLaunch(session, clientSessionCtx.getClientSession(), new LaunchContext(id, launch.aud()));
        });
        SmartIssuanceRules.launchChecksRan(session);
        return super.transformAccessToken(token, mappingModel, session, userSession, clientSessionCtx);
    }

    /**
     * The patient whose launch this token belongs to: the launch's patient when the granted scopes need one, and at
     * a refresh whose token names a launch patient, that patient whatever the (narrowed) scopes (security review 2,
     * M3): a launch for a patient stays bound to that patient, so the link, consent and launch checks run on every
     * refresh of it, even one asking only for {@code openid} or {@code user/} scopes.
     */
    private static Optional<String> launchPatient(KeycloakSession session, ClientSessionContext clientSessionCtx) {
        Optional<String> patient = patient(session, clientSessionCtx);
        if (patient.isPresent()
                || !OAuth2Constants.REFRESH_TOKEN.equals(LaunchContexts.formParameter(session, OAuth2Constants.GRANT_TYPE))) {
            return patient;
        }
        JsonWebToken presented = presented(LaunchContexts.formParameter(session, OAuth2Constants.REFRESH_TOKEN));
        return Optional.ofNullable(presented == null ? null : LaunchContexts.launchPatient(presented));
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        patient(session, clientSessionCtx).ifPresent(id -> token.getOtherClaims().put(PATIENT, id));
    }

    @Override
    protected void setClaim(AccessTokenResponse response, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        Optional<String> patient = patient(session, clientSessionCtx);
        if (patient.isEmpty()) {
            return;
        }
        response.setOtherClaims(PATIENT, patient.get());
        response.setOtherClaims(NEED_PATIENT_BANNER, true);
        RealmSettings.of(session).styleUrl().ifPresent(url -> response.setOtherClaims(SMART_STYLE_URL, url));
        if (clientSessionCtx.isOfflineTokenRequested()) {
            carryIntoOfflineSession(session, userSession, clientSessionCtx.getClientSession(),
                    LaunchContexts.of(session, clientSessionCtx));
        }
    }

    /** The launch's patient, when the granted scopes need a patient context and one was selected for this launch. */
    static Optional<String> patient(KeycloakSession session, ClientSessionContext clientSessionCtx) {
        if (clientSessionCtx.getClientSession() == null
                || !SmartFlowSupport.scopes(session, clientSessionCtx.getScopeString()).needsPatientContext()) {
            return Optional.empty();
        }
        return Optional.ofNullable(LaunchContexts.of(session, clientSessionCtx).patient());
    }

    /**
     * Keycloak keeps one client session per SSO session and app, so a second launch of the app (another tab) puts its
     * patient where the first launch's refresh tokens read theirs. The patient a client session's tokens were issued
     * for is kept in {@value #ISSUED_PATIENT_NOTE}, and when a code exchange binds another patient, the second it did
     * so in {@value #BOUND_AT_NOTE} (and the client session's start time, which Keycloak checks refresh tokens
     * against). A refresh whose token was issued before that second, or that would meet another patient than its
     * tokens had (the second launch signed in, its code not yet exchanged), fails with {@code invalid_grant}: never a
     * token with another launch's patient. Refresh tokens name their launch's patient and {@code aud}
     * ({@link LaunchContexts#LAUNCH_PATIENT_CLAIM}), which decide exactly; the times decide only for tokens issued
     * before those claims existed (whole seconds: a token of the very second of the relaunch is not told apart).
     */
    private static void bindToLaunch(KeycloakSession session, AuthenticatedClientSessionModel clientSession, LaunchContext launch) {
        String patientId = launch.patient();
        String issued = clientSession.getNote(ISSUED_PATIENT_NOTE);
        boolean refresh = OAuth2Constants.REFRESH_TOKEN.equals(LaunchContexts.formParameter(session, OAuth2Constants.GRANT_TYPE));
        if (refresh) {
            JsonWebToken presented = presented(LaunchContexts.formParameter(session, OAuth2Constants.REFRESH_TOKEN));
            Long presentedIat = presented == null ? null : presented.getIat();
            String presentedPatient = presented == null ? null : LaunchContexts.launchPatient(presented);
            String presentedAud = presented == null ? null : LaunchContexts.launchAud(presented);
            String boundAt = clientSession.getNote(BOUND_AT_NOTE);
            boolean earlierLaunch = presentedPatient != null
                    ? LaunchBinding.refreshRefusal(presentedPatient, presentedAud, LaunchContexts.current(clientSession)).isPresent()
                    : boundAt != null && presentedIat != null && presentedIat < Long.parseLong(boundAt);
            if (earlierLaunch || (issued != null && !issued.equals(patientId))) {
                LOG.infof("Realm '%s': a refresh token of an earlier launch (another patient) was refused",
                        clientSession.getRealm().getName());
                throw new ErrorResponseException(OAuthErrorException.INVALID_GRANT,
                        "This refresh token belongs to an earlier launch of the app for another patient; launch the app again",
                        Response.Status.BAD_REQUEST);
            }
        } else if (issued != null && !issued.equals(patientId)) {
            rebind(clientSession);
        }
        if (!patientId.equals(issued)) {
            clientSession.setNote(ISSUED_PATIENT_NOTE, patientId);
        }
    }

    /** Marks the client session as bound to a new launch now: earlier refresh tokens are refused. */
    private static void rebind(AuthenticatedClientSessionModel clientSession) {
        String now = String.valueOf(Time.currentTime());
        clientSession.setNote(AuthenticatedClientSessionModel.STARTED_AT_NOTE, now);
        clientSession.setNote(BOUND_AT_NOTE, now);
    }

    /** The claims of the (Keycloak-verified) refresh token of this request, or null. */
    private static JsonWebToken presented(String refreshToken) {
        if (refreshToken == null) {
            return null;
        }
        try {
            return new org.keycloak.jose.jws.JWSInput(refreshToken).readJsonContent(JsonWebToken.class);
        } catch (Exception e) {
            return null;
        }
    }

    /** Patient context or nothing ({@link LaunchContextRule}): {@code invalid_scope} otherwise. */
    private static void requirePatientContext(KeycloakSession session, UserSessionModel userSession,
                                              ClientSessionContext clientSessionCtx, LaunchContext launch) {
        AuthenticatedClientSessionModel clientSession = clientSessionCtx.getClientSession();
        boolean serviceAccount = userSession.getUser() != null && userSession.getUser().getServiceAccountClientLink() != null;
        boolean patientChosen = launch.patient() != null;
        LaunchContextRule.refusal(SmartFlowSupport.scopes(session, clientSessionCtx.getScopeString()), serviceAccount, patientChosen)
                .ifPresent(description -> {
                    LOG.infof("Realm '%s': a token with patient/user scopes but no patient context was refused (client %s)",
                            userSession.getRealm().getName(), clientSession == null ? "?" : clientSession.getClient().getClientId());
                    throw new ErrorResponseException(OAuthErrorException.INVALID_SCOPE, description, Response.Status.BAD_REQUEST);
                });
    }

    /**
     * The user must act for the launch's patient today: still linked, and the link within its dates and age rule
     * ({@link PatientLinks}). A lapsed link is refused with {@code invalid_grant} saying when it ended, and recorded
     * as a token error event (reason {@value #LINK_LAPSED}).
     */
    private static void requireStillLinked(KeycloakSession session, UserSessionModel userSession,
                                           AuthenticatedClientSessionModel clientSession, String patientId) {
        RealmModel realm = userSession.getRealm();
        Optional<PatientLinks.Link> link = PatientLinks.of(session, realm).link(userSession.getUser(), patientId);
        if (link.isPresent() && link.get().holds()) {
            return;
        }
        if (link.isEmpty()) {
            LOG.infof("Realm '%s': user id %s is no longer linked to the launch patient; token refused",
                    realm.getName(), userSession.getUser().getId());
            throw new ErrorResponseException(OAuthErrorException.INVALID_GRANT,
                    "The user is no longer authorized for the patient of this launch; launch the app again",
                    Response.Status.BAD_REQUEST);
        }
        String why = link.get().refusal().orElseThrow();
        LOG.infof("Realm '%s': user id %s: the link to the launch patient lapsed (%s); token refused", realm.getName(),
                userSession.getUser().getId(), link.get().state().status());
        boolean refresh = OAuth2Constants.REFRESH_TOKEN.equals(LaunchContexts.formParameter(session, OAuth2Constants.GRANT_TYPE));
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(refresh ? EventType.REFRESH_TOKEN_ERROR : EventType.CODE_TO_TOKEN_ERROR)
                .user(userSession.getUser()).session(userSession)
                .detail(Details.REASON, LINK_LAPSED).detail("smart_patient", patientId)
                .detail("smart_patient_link_status", link.get().state().status().name().toLowerCase(java.util.Locale.ROOT));
        if (clientSession != null) {
            event.client(clientSession.getClient());
        }
        event.error(Errors.NOT_ALLOWED);
        throw new ErrorResponseException(OAuthErrorException.INVALID_GRANT,
                "The user is no longer authorized for the patient of this launch: " + why, Response.Status.BAD_REQUEST);
    }

    /** Consent per patient: a withdrawn (or never given) consent for this patient ends the launch's tokens. */
    private static void requireConsentForPatient(KeycloakSession session, UserSessionModel userSession, AuthenticatedClientSessionModel clientSession,
                                                 String patientId) {
        if (clientSession != null && !PatientConsentStore.covers(session, userSession.getUser(), clientSession.getClient(), patientId)) {
            LOG.infof("Realm '%s': user id %s has no consent to client %s for the launch patient; token refused",
                    userSession.getRealm().getName(), userSession.getUser().getId(), clientSession.getClient().getClientId());
            throw new ErrorResponseException(OAuthErrorException.INVALID_GRANT,
                    "The member's consent to this app for the patient of this launch was withdrawn; launch the app again",
                    Response.Status.BAD_REQUEST);
        }
    }

    /**
     * Keycloak creates an offline client session only once per SSO session and client; a later offline launch in
     * the same SSO session would otherwise keep the first launch's patient and {@code aud} for offline refreshes.
     */
    private static void carryIntoOfflineSession(KeycloakSession session, UserSessionModel userSession,
                                                AuthenticatedClientSessionModel onlineClientSession, LaunchContext launch) {
        if (userSession.isOffline()) {
            return;
        }
        UserSessionModel offline = session.sessions().getOfflineUserSession(userSession.getRealm(), userSession.getId());
        if (offline == null) {
            return;
        }
        AuthenticatedClientSessionModel offlineClient =
                offline.getAuthenticatedClientSessionByClient(onlineClientSession.getClient().getId());
        if (offlineClient != null && !launch.sameAs(LaunchContexts.current(offlineClient))) {
            setOrRemove(offlineClient, SmartFlowSupport.PATIENT_NOTE, launch.patient());
            setOrRemove(offlineClient, LaunchContexts.AUD_NOTE, launch.aud());
            // The earlier offline launch's refresh tokens must not meet the new launch: they fail with invalid_grant.
            rebind(offlineClient);
            setOrRemove(offlineClient, ISSUED_PATIENT_NOTE, launch.patient());
        }
    }

    private static void setOrRemove(AuthenticatedClientSessionModel clientSession, String note, String value) {
        if (value == null) {
            clientSession.removeNote(note);
        } else {
            clientSession.setNote(note, value);
        }
    }
}
