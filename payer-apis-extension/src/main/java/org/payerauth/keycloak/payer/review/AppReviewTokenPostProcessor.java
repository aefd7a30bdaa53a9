package org.payerauth.keycloak.payer.review;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;
import org.payerauth.keycloak.common.issuance.IssuanceHooks;
import org.payerauth.keycloak.common.issuance.IssuanceRefusal;

/** The hook of {@link AppReviewRules} on Keycloak 26.6+ (every token Keycloak issues); a refusal is the request's error event. */
public final class AppReviewTokenPostProcessor implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "payer-app-review";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        AppReviewRules rules = new AppReviewRules(session);
        return context -> {
            try {
                rules.tokenResponse(context.accessToken(), context.refreshToken(), context.requestRefreshToken());
            } catch (IssuanceRefusal refusal) {
                throw IssuanceHooks.refusedAtTokenEndpoint(session, rules, refusal);
            }
        };
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
