package org.payerauth.keycloak.smart.mapper;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.fhir.FhirUser;

/**
 * The {@code fhirUser} claim: the user attribute {@value #DEFAULT_ATTRIBUTE} ({@code Patient/123},
 * {@code RelatedPerson/456}) made absolute against the realm's default FHIR base URL.
 */
public final class FhirUserMapper extends AbstractOIDCProtocolMapper
        implements OIDCIDTokenMapper, OIDCAccessTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "smart-fhir-user-mapper";
    public static final String CLAIM = "fhirUser";
    public static final String DEFAULT_ATTRIBUTE = "fhirUser";
    public static final String ATTRIBUTE_CONFIG = "user.attribute";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        ProviderConfigProperty attribute = new ProviderConfigProperty(ATTRIBUTE_CONFIG, "User attribute",
                "The user attribute holding the relative FHIR reference of the user (Patient/{id}, RelatedPerson/{id}).",
                ProviderConfigProperty.STRING_TYPE, DEFAULT_ATTRIBUTE);
        CONFIG.add(attribute);
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, FhirUserMapper.class);
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
        return "SMART fhirUser";
    }

    @Override
    public String getHelpText() {
        return "Adds fhirUser: the user's FHIR resource (from a user attribute) as an absolute URL against the "
                + "realm's default FHIR base URL.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        String attribute = mappingModel.getConfig().getOrDefault(ATTRIBUTE_CONFIG, DEFAULT_ATTRIBUTE);
        String stored = userSession.getUser().getFirstAttribute(attribute);
        RealmSettings.of(session, userSession.getRealm()).fhirBaseUrls()
                .flatMap(urls -> FhirUser.absolute(stored, urls))
                .ifPresent(value -> token.getOtherClaims().put(CLAIM, value));
    }
}
