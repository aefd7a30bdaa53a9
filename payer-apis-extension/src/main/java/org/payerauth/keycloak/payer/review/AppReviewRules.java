package org.payerauth.keycloak.payer.review;

import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.payerauth.keycloak.common.apps.AppReviews;
import org.payerauth.keycloak.common.issuance.IssuanceRefusal;
import org.payerauth.keycloak.common.issuance.IssuanceRules;

/**
 * The payer's approval step at the token endpoint: an app waiting for review, or rejected, gets no token of any grant
 * (code exchange, refresh, client credentials): {@code unauthorized_client} saying why. Called on every token
 * Keycloak issues ({@link AppReviewTokenPostProcessor} on 26.6+, the client-policy path on 26.5 and 26.4).
 */
public final class AppReviewRules implements IssuanceRules {

    private final KeycloakSession session;

    AppReviewRules(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String protocol() {
        return "app-review";
    }

    @Override
    public void tokenResponse(AccessToken accessToken, RefreshToken refreshToken, RefreshToken presentedRefreshToken) {
        ClientModel client = session.getContext().getClient();
        AppReviews.refusal(client).ifPresent(description -> {
            throw new IssuanceRefusal(OAuthErrorException.UNAUTHORIZED_CLIENT, description);
        });
    }
}
