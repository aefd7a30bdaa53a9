package org.payerauth.keycloak.smart.mapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatedClientSessionModel;
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
import org.payerauth.keycloak.smart.flow.SmartFlowSupport;
import org.payerauth.keycloak.smart.patient.PatientDirectory;
import org.payerauth.smart.PatientPicker;
import org.payerauth.smart.SmartScopeRequest;

/**
 * SMART launch context: the patient chosen in the picker (client-session note) as {@code patient} in the token
 * response, the access token and introspection, plus {@code need_patient_banner} and {@code smart_style_url} in the
 * token response. Only when the granted scopes call for a patient context.
 *
 * <p>On every token issue (code exchange and refresh, online and offline) the member's link to that patient is
 * checked again: when the link is gone, the request fails with {@code invalid_grant} and no token carries the
 * patient any more. A second offline launch in the same SSO session with another patient updates the offline
 * session, so later offline refreshes carry the new patient.
 */
public final class SmartLaunchContextMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCAccessTokenResponseMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "smart-launch-context-mapper";
    public static final String PATIENT = "patient";
    public static final String NEED_PATIENT_BANNER = "need_patient_banner";
    public static final String SMART_STYLE_URL = "smart_style_url";

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
        patient(clientSessionCtx).ifPresent(id -> requireStillLinked(session, userSession, id));
        return super.transformAccessToken(token, mappingModel, session, userSession, clientSessionCtx);
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        patient(clientSessionCtx).ifPresent(id -> token.getOtherClaims().put(PATIENT, id));
    }

    @Override
    protected void setClaim(AccessTokenResponse response, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        Optional<String> patient = patient(clientSessionCtx);
        if (patient.isEmpty()) {
            return;
        }
        response.setOtherClaims(PATIENT, patient.get());
        response.setOtherClaims(NEED_PATIENT_BANNER, true);
        RealmSettings.of(session).styleUrl().ifPresent(url -> response.setOtherClaims(SMART_STYLE_URL, url));
        if (clientSessionCtx.isOfflineTokenRequested()) {
            carryIntoOfflineSession(session, userSession, clientSessionCtx.getClientSession(), patient.get());
        }
    }

    /** The selected patient, when the granted scopes need a patient context and one was selected. */
    static Optional<String> patient(ClientSessionContext clientSessionCtx) {
        AuthenticatedClientSessionModel clientSession = clientSessionCtx.getClientSession();
        if (clientSession == null || !SmartScopeRequest.parse(clientSessionCtx.getScopeString()).needsPatientContext()) {
            return Optional.empty();
        }
        return Optional.ofNullable(clientSession.getNote(SmartFlowSupport.PATIENT_NOTE));
    }

    private static void requireStillLinked(KeycloakSession session, UserSessionModel userSession, String patientId) {
        var patients = session.getProvider(PatientDirectory.class).patientsFor(userSession.getRealm(), userSession.getUser());
        if (!PatientPicker.stillLinked(patients, patientId)) {
            LOG.infof("Realm '%s': user id %s is no longer linked to the launch patient; token refused",
                    userSession.getRealm().getName(), userSession.getUser().getId());
            throw new ErrorResponseException(OAuthErrorException.INVALID_GRANT,
                    "The user is no longer authorized for the patient of this launch; launch the app again",
                    Response.Status.BAD_REQUEST);
        }
    }

    /**
     * Keycloak creates an offline client session only once per SSO session and client; a later offline launch in
     * the same SSO session would otherwise keep the first patient for offline refreshes.
     */
    private static void carryIntoOfflineSession(KeycloakSession session, UserSessionModel userSession,
                                                AuthenticatedClientSessionModel onlineClientSession, String patientId) {
        if (userSession.isOffline()) {
            return;
        }
        UserSessionModel offline = session.sessions().getOfflineUserSession(userSession.getRealm(), userSession.getId());
        if (offline == null) {
            return;
        }
        AuthenticatedClientSessionModel offlineClient =
                offline.getAuthenticatedClientSessionByClient(onlineClientSession.getClient().getId());
        if (offlineClient != null && !patientId.equals(offlineClient.getNote(SmartFlowSupport.PATIENT_NOTE))) {
            offlineClient.setNote(SmartFlowSupport.PATIENT_NOTE, patientId);
        }
    }
}
