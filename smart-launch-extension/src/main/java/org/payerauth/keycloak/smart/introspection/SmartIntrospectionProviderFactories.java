package org.payerauth.keycloak.smart.introspection;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;

/**
 * Thin factory that takes Keycloak's own {@code access_token} introspection id (a deployed provider with a built-in
 * id replaces the built-in one), so every access-token introspection applies the SMART patient-link check. Everything
 * else is Keycloak's introspection, unchanged. (Refresh tokens can only be introspected by their own client, and the
 * token endpoint already refuses them once the link is gone.)
 */
public final class SmartIntrospectionProviderFactories {

    private SmartIntrospectionProviderFactories() {
    }

    /** {@code token_type_hint=access_token} (and no hint). */
    public static final class AccessTokens extends AccessTokenIntrospectionProviderFactory {
        @Override
        public TokenIntrospectionProvider create(KeycloakSession session) {
            return new SmartAccessTokenIntrospectionProvider(session);
        }
    }
}
