package org.payerauth.keycloak.smart.mapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperUtils;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.smart.flow.SmartFlowSupport;
import org.payerauth.keycloak.smart.launch.LaunchContexts;
import org.payerauth.keycloak.smart.rules.SmartIssuanceRules;
import org.payerauth.fhir.FhirBaseUrls;

/**
 * Makes a SMART access token's {@code aud} exactly the FHIR base URL the app named in {@code aud} (as configured in
 * the realm), so the FHIR server can refuse tokens minted for another server. The {@code aud} is the launch's own
 * ({@link LaunchContexts}), never another launch's of the same app. Runs after Keycloak's own audience
 * mappers and replaces their audiences. Non-SMART tokens are left alone.
 */
public final class SmartAudienceMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper {

    public static final String PROVIDER_ID = "smart-audience-mapper";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, SmartAudienceMapper.class);
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
        return "SMART audience (FHIR base URL)";
    }

    @Override
    public String getHelpText() {
        return "Sets the access token's aud to the FHIR base URL the SMART app named in its authorization request "
                + "(client_credentials tokens with SMART scopes: the realm's default FHIR base URL).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public int getPriority() {
        return ProtocolMapperUtils.PRIORITY_SCRIPT_MAPPER + 50;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        fhirAudience(session, clientSessionCtx).ifPresent(token::audience);
        SmartIssuanceRules.audienceChecksRan(session);
    }

    private static Optional<String> fhirAudience(KeycloakSession session, ClientSessionContext clientSessionCtx) {
        AuthenticatedClientSessionModel clientSession = clientSessionCtx.getClientSession();
        if (clientSession == null || !SmartFlowSupport.scopes(session, clientSessionCtx.getScopeString()).isSmart()) {
            return Optional.empty();
        }
        String aud = LaunchContexts.of(session, clientSessionCtx).aud(); // this launch's own aud
        Optional<FhirBaseUrls> fhirBaseUrls = RealmSettings.of(session, clientSession.getRealm()).fhirBaseUrls();
        if (aud == null && isServiceAccount(clientSession)) {
            // client_credentials (UDAP B2B, SMART Backend Services) sends no aud: the token is for the default FHIR server
            return fhirBaseUrls.map(FhirBaseUrls::defaultUrl);
        }
        return fhirBaseUrls.flatMap((FhirBaseUrls urls) -> urls.match(aud));
    }

    private static boolean isServiceAccount(AuthenticatedClientSessionModel clientSession) {
        UserSessionModel userSession = clientSession.getUserSession();
        return userSession != null && userSession.getUser() != null
                && userSession.getUser().getServiceAccountClientLink() != null;
    }
}
