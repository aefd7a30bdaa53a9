package org.payerauth.keycloak.common.issuance;

import java.util.Optional;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.provider.Provider;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;

/**
 * The rules that decide whether an authorization request is accepted and what a token response carries, written once
 * and called on every supported Keycloak line through the hook that line has ({@link IssuanceHooks}): on 26.6+ the
 * authorization-endpoint check and token post-processor SPIs, on 26.5 Keycloak's client-policy events
 * ({@link IssuanceRulesClientPolicyManager}). A module contributes its rules as a provider of
 * {@value IssuanceRulesSpi#NAME}.
 */
public interface IssuanceRules extends Provider {

    /** A refusal of an authorization request: the OAuth error and a description the developer can act on. */
    record Refusal(String error, String description) {
    }

    /** The protocol these rules belong to, as the refusal metrics name it ({@code smart}, {@code udap}). */
    String protocol();

    /**
     * An authorization request (authorization endpoint, pushed authorization request, device authorization) that
     * Keycloak has parsed and checked: empty to accept it, otherwise the refusal Keycloak sends to the app.
     */
    default Optional<Refusal> authorizationRequest(RealmModel realm, ClientModel client, AuthorizationEndpointRequest request) {
        return Optional.empty();
    }

    /**
     * The tokens of a token response about to be encoded (every grant). May add claims; throws
     * {@link IssuanceRefusal} to refuse the response.
     *
     * @param presentedRefreshToken the refresh token of this request (a refresh grant), already verified by Keycloak;
     *                              null otherwise
     */
    default void tokenResponse(AccessToken accessToken, RefreshToken refreshToken, RefreshToken presentedRefreshToken) {
    }

    @Override
    default void close() {
    }
}
