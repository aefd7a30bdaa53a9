package org.payerauth.keycloak.common.issuance;

import java.util.List;
import java.util.Optional;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.payerauth.keycloak.common.metrics.PayerAuthMetrics;

/**
 * Where the {@link IssuanceRules} are called on this Keycloak. Keycloak 26.6 and later have the authorization-endpoint
 * check SPI ({@code auth-endpoint-check}) and the token post-processor SPI ({@code token-interceptor}); the modules'
 * providers of those call the rules ({@link #NATIVE_AUTHORIZATION}, {@link #NATIVE_TOKENS}). Keycloak 26.5 has
 * neither; there Keycloak's client-policy events call them ({@link IssuanceRulesClientPolicyManager}), for every realm,
 * without any realm configuration. For each of the two hooks exactly one path is active on a server.
 */
public final class IssuanceHooks {

    /** True when this Keycloak has the authorization-endpoint check SPI (the native hook of authorization requests). */
    public static final boolean NATIVE_AUTHORIZATION =
            present("org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProviderFactory");

    /** True when this Keycloak has the token post-processor SPI (the native hook of token responses). */
    public static final boolean NATIVE_TOKENS = present("org.keycloak.protocol.oidc.token.TokenPostProcessorFactory");

    /** True when both native hooks exist, so the client-policy path is idle. */
    public static final boolean NATIVE = NATIVE_AUTHORIZATION && NATIVE_TOKENS;

    private IssuanceHooks() {
    }

    /** Whether Keycloak has the class (an SPI of its own, looked up without initialising it). */
    public static boolean present(String className) {
        try {
            Class.forName(className, false, IssuanceHooks.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Every module's rules on an authorization request; the first refusal, or empty. */
    public static Optional<IssuanceRules.Refusal> authorizationRequest(KeycloakSession session, RealmModel realm,
                                                                       ClientModel client, AuthorizationEndpointRequest request) {
        for (IssuanceRules rules : (Iterable<IssuanceRules>) session.getAllProviders(IssuanceRules.class)::iterator) {
            Optional<IssuanceRules.Refusal> refusal = authorizationRequest(rules, realm, client, request);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /** One module's rules on an authorization request (also called by its native hook); a refusal is counted. */
    public static Optional<IssuanceRules.Refusal> authorizationRequest(IssuanceRules rules, RealmModel realm,
                                                                       ClientModel client, AuthorizationEndpointRequest request) {
        Optional<IssuanceRules.Refusal> refusal = rules.authorizationRequest(realm, client, request);
        refusal.ifPresent(r -> PayerAuthMetrics.issuanceRefused(realm.getName(), rules.protocol(),
                "authorization_request", r.error()));
        return refusal;
    }

    /**
     * Every module's rules on a token response, highest factory {@code order()} first (as Keycloak runs its token
     * post-processors: what only records runs last); throws {@link IssuanceRefusal}.
     */
    public static void tokenResponse(KeycloakSession session, AccessToken accessToken, RefreshToken refreshToken,
                                     RefreshToken presentedRefreshToken) {
        List<IssuanceRules> ordered = session.getKeycloakSessionFactory().getProviderFactoriesStream(IssuanceRules.class)
                .sorted((a, b) -> Integer.compare(b.order(), a.order()))
                .map(f -> session.getProvider(IssuanceRules.class, f.getId())).toList();
        for (IssuanceRules rules : ordered) {
            try {
                rules.tokenResponse(accessToken, refreshToken, presentedRefreshToken);
            } catch (IssuanceRefusal refusal) {
                throw tokenResponseRefused(session, rules, refusal);
            }
        }
    }

    /**
     * What a native token hook (a token post-processor on 26.6+) throws for a refusal: counted, recorded as the
     * request's error event with the description (Keycloak sends none for an exception of a post-processor), and
     * answered as the token endpoint's error (400).
     */
    public static org.keycloak.services.ErrorResponseException refusedAtTokenEndpoint(KeycloakSession session,
                                                                                   IssuanceRules rules, IssuanceRefusal refusal) {
        tokenResponseRefused(session, rules, refusal);
        org.keycloak.events.EventBuilder event = org.payerauth.keycloak.common.b2b.B2bRequests.event(session);
        if (event != null) {
            event.detail(org.keycloak.events.Details.REASON, refusal.description()).error(refusal.error());
        }
        return new org.keycloak.services.ErrorResponseException(refusal.error(), refusal.description(),
                jakarta.ws.rs.core.Response.Status.BAD_REQUEST);
    }

    /** Counts a token response {@code rules} refused (the native token hooks call their checks directly); returns it. */
    public static IssuanceRefusal tokenResponseRefused(KeycloakSession session, IssuanceRules rules, IssuanceRefusal refusal) {
        RealmModel realm = session.getContext().getRealm();
        PayerAuthMetrics.issuanceRefused(realm == null ? null : realm.getName(), rules.protocol(), "token_response",
                refusal.error());
        return refusal;
    }
}
