package org.payerauth.keycloak.payer.b2b;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;
import org.payerauth.keycloak.common.issuance.IssuanceHooks;
import org.payerauth.keycloak.common.issuance.IssuanceRefusal;

/**
 * The hook of {@link B2bTokenRules} on Keycloak 26.6+ (the token post-processor SPI, on every token Keycloak issues).
 * A refusal is sent as the token endpoint's error, and recorded as the request's error event (Keycloak sends none
 * for an exception of a post-processor).
 */
public final class B2bTokenPostProcessor implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "payer-b2b-token-rules";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        B2bTokenRules rules = new B2bTokenRules(session);
        return context -> {
            try {
                rules.tokenResponse(context.accessToken(), context.refreshToken(), context.requestRefreshToken());
            } catch (IssuanceRefusal refusal) {
                throw IssuanceHooks.refusedAtTokenEndpoint(session, rules, refusal);
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
