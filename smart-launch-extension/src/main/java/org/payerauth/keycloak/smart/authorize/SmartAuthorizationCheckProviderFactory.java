package org.payerauth.keycloak.smart.authorize;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProvider;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProviderFactory;

/** SMART rules at the authorization endpoint: {@code aud}, PKCE S256, {@code state} (SPI {@code auth-endpoint-check}). */
public final class SmartAuthorizationCheckProviderFactory implements AuthorizationEndpointCheckProviderFactory {

    public static final String PROVIDER_ID = "smart-launch-rules";

    @Override
    public AuthorizationEndpointCheckProvider create(KeycloakSession session) {
        return new SmartAuthorizationCheckProvider(session);
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
