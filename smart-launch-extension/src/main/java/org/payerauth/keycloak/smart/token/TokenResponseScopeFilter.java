package org.payerauth.keycloak.smart.token;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * RFC 6749 §5.1/§6 and SMART "Refresh access token": the token response's {@code scope} describes the access token
 * issued. On a refresh of an <em>offline</em> token with a narrower {@code scope}, Keycloak 26 issues the narrowed
 * access token but reports the offline grant's full scope in the response (its response builder switches to the
 * offline grant's scope when it renews the offline token). The SMART access-token mapper records the scope of the
 * access token it just shaped ({@link #ISSUED_SCOPE_ATTRIBUTE}); this filter makes the response say the same.
 * Nothing else in the response changes, and the refresh token keeps the original grant (a refresh never widens).
 */
@Provider
public class TokenResponseScopeFilter implements ContainerResponseFilter {

    /** Session attribute: the {@code scope} claim of the access token issued in this request. */
    public static final String ISSUED_SCOPE_ATTRIBUTE = "payer-auth.smart.issuedAccessTokenScope";

    /** Called by the access-token mapper: the scope this request's access token carries. */
    public static void recordIssuedScope(KeycloakSession session, String scope) {
        if (scope != null) {
            session.setAttribute(ISSUED_SCOPE_ATTRIBUTE, scope);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof AccessTokenResponse token)) {
            return;
        }
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session == null) {
            return;
        }
        Object issued = session.getAttribute(ISSUED_SCOPE_ATTRIBUTE);
        if (issued instanceof String scope && !scope.equals(token.getScope())) {
            token.setScope(scope);
        }
    }
}
