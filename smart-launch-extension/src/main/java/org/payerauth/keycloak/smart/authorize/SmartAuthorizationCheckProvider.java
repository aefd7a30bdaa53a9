package org.payerauth.keycloak.smart.authorize;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProvider;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointChecker;
import org.payerauth.keycloak.common.issuance.IssuanceHooks;
import org.payerauth.keycloak.common.issuance.IssuanceRules;
import org.payerauth.keycloak.smart.rules.SmartIssuanceRules;

/**
 * Applies SMART's authorization rules ({@link SmartIssuanceRules#authorizationRequest}) at Keycloak's authorization
 * endpoint on Keycloak 26.6+, after its own checks and before any page is shown. A violation goes back to the app's
 * {@code redirect_uri} through Keycloak's own error redirect (with {@code state}, {@code iss} and proper encoding); no
 * code is issued.
 */
final class SmartAuthorizationCheckProvider implements AuthorizationEndpointCheckProvider {

    private final KeycloakSession session;

    SmartAuthorizationCheckProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void check(AuthorizationEndpointChecker context) throws AuthorizationEndpointChecker.AuthorizationCheckException {
        Optional<IssuanceRules.Refusal> refusal = IssuanceHooks.authorizationRequest(new SmartIssuanceRules(session),
                context.getRealm(), context.getClient(), context.getAuthorizationEndpointRequest());
        if (refusal.isPresent()) {
            context.getEventBuilder().detail(Details.REASON, refusal.get().description());
            context.getEventBuilder().error(refusal.get().error());
            throw new AuthorizationEndpointChecker.AuthorizationCheckException(Response.Status.BAD_REQUEST,
                    refusal.get().error(), refusal.get().description());
        }
    }

    @Override
    public void close() {
    }
}
