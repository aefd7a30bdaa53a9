package org.payerauth.keycloak.udap.clientauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;
import org.payerauth.keycloak.common.UdapClientAttributes;
import org.payerauth.keycloak.common.b2b.B2bRequests;
import org.payerauth.b2b.AuthorizationExtensions;
import org.payerauth.b2b.B2bContext;

/**
 * For apps registered through UDAP: the access token carries the app's registered URI ({@value #UDAP_ISS}, a SAN URI
 * of its certificate) so a resource server can audit which app acted, and, for B2B client_credentials, the accepted
 * {@code hl7-b2b} extension under {@code extensions}. Registration adds this mapper to every client it makes.
 */
public final class UdapClientContextMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "udap-client-context-mapper";
    public static final String UDAP_ISS = "udap_iss";
    public static final String EXTENSIONS = "extensions";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, UdapClientContextMapper.class);
    }

    /** The mapper model registration attaches to each UDAP client. */
    public static ProtocolMapperModel model() {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setName("UDAP client context");
        model.setProtocol("openid-connect");
        model.setProtocolMapper(PROVIDER_ID);
        model.setConfig(new java.util.HashMap<>(Map.of(
                OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true")));
        return model;
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
        return "UDAP client context";
    }

    @Override
    public String getHelpText() {
        return "Adds udap_iss (the app's registered URI) and, for B2B client_credentials, extensions.hl7-b2b.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        String iss = clientSessionCtx.getClientSession().getClient().getAttribute(UdapClientAttributes.ISS);
        if (iss != null) {
            token.getOtherClaims().put(UDAP_ISS, iss);
        }
        B2bContext b2b = B2bRequests.assertionContext(session);
        if (b2b != null && b2b.hl7B2b() != null) {
            token.getOtherClaims().put(EXTENSIONS, Map.of(AuthorizationExtensions.HL7_B2B, b2b.hl7B2b()));
        }
    }
}
