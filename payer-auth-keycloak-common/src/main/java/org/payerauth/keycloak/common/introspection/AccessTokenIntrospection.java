package org.payerauth.keycloak.common.introspection;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;

/**
 * Thin factory that takes Keycloak's own {@code access_token} introspection id (a deployed provider with a built-in
 * id replaces the built-in one; {@code token_type_hint=access_token} and no hint), so every access-token
 * introspection applies the modules' {@link IntrospectionRules}. Everything else is Keycloak's introspection.
 */
public final class AccessTokenIntrospection extends AccessTokenIntrospectionProviderFactory {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new PayerAccessTokenIntrospectionProvider(session);
    }
}
