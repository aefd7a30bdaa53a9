package org.payerauth.keycloak.smart.discovery;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.wellknown.WellKnownProvider;
import org.payerauth.smart.SmartConfiguration;
import org.payerauth.smart.SmartScopes;

/**
 * Serves {@code /realms/{realm}/.well-known/smart-configuration}. Endpoint URLs are taken from Keycloak's own
 * {@code openid-configuration} provider, so the two documents can never disagree (Inferno cross-checks them).
 */
final class SmartConfigurationProvider implements WellKnownProvider {

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
                .toJson();
    }

    @Override
    public void close() {
    }
}
