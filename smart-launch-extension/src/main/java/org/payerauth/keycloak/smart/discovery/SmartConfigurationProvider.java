package org.payerauth.keycloak.smart.discovery;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.clientregistration.ClientRegistrationService;
import org.keycloak.services.resources.RealmsResource;
import org.keycloak.urls.UrlType;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.wellknown.WellKnownProvider;
import org.payerauth.smart.SmartConfiguration;
import org.payerauth.fhir.SmartScopes;

/**
 * Serves {@code /realms/{realm}/.well-known/smart-configuration}. Endpoint URLs are taken from Keycloak's own
 * {@code openid-configuration} provider, so the two documents can never disagree (Inferno cross-checks them).
 */
final class SmartConfigurationProvider implements WellKnownProvider {

    static final String UDAP_TRUST_COMMUNITY_TYPE = "org.payerauth.keycloak.udap.community.TrustCommunityProvider";
    static final String UDAP_REGISTRATION_PROVIDER = "udap";

    private final KeycloakSession session;

    SmartConfigurationProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getConfig() {
        WellKnownProvider oidc = session.getProvider(WellKnownProvider.class, OIDCWellKnownProviderFactory.PROVIDER_ID);
        OIDCConfigurationRepresentation oidcConfig = (OIDCConfigurationRepresentation) oidc.getConfig();
        SmartConfiguration.Endpoints endpoints = new SmartConfiguration.Endpoints(
                oidcConfig.getIssuer(),
                oidcConfig.getJwksUri(),
                oidcConfig.getAuthorizationEndpoint(),
                oidcConfig.getTokenEndpoint(),
                oidcConfig.getIntrospectionEndpoint(),
                oidcConfig.getRevocationEndpoint(),
                oidcConfig.getUserinfoEndpoint());
        return new SmartConfiguration(endpoints, SmartScopes.all())
                .managementEndpoint(oidcConfig.getIssuer() + "/account/applications")
                .registrationEndpoint(udapRegistrationEndpoint())
                .toJson();
    }

    /**
     * The UDAP registration endpoint, once UDAP registration is enabled in the realm (a trust community exists;
     * udap-registration-extension), else null. Looked up by name so this module does not depend on that one.
     */
    private String udapRegistrationEndpoint() {
        RealmModel realm = session.getContext().getRealm();
        boolean enabled = realm.getComponentsStream(realm.getId(), UDAP_TRUST_COMMUNITY_TYPE).findAny().isPresent();
        if (!enabled) {
            return null;
        }
        return RealmsResource.clientRegistrationUrl(session.getContext().getUri(UrlType.BACKEND))
                .path(ClientRegistrationService.class, "provider")
                .build(realm.getName(), UDAP_REGISTRATION_PROVIDER).toString();
    }

    @Override
    public void close() {
    }
}
