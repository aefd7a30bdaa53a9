package org.payerauth.keycloak.smart.token;

import org.keycloak.models.KeycloakSession;
import org.payerauth.keycloak.common.issuance.IssuanceHooks;
import org.payerauth.keycloak.common.issuance.IssuanceRefusal;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;
import org.payerauth.keycloak.smart.launch.LaunchContexts;
import org.payerauth.keycloak.smart.rules.SmartIssuanceRules;

/**
 * Binds every refresh token to its launch: the refresh token carries the patient and {@code aud} of the launch it was
 * issued for as {@value LaunchContexts#LAUNCH_PATIENT_CLAIM} and {@value LaunchContexts#LAUNCH_AUD_CLAIM}. Keycloak
 * keeps one client session per SSO session and app, so two launches of the same app (two tabs, two patients) share
 * where the patient is kept; the SMART launch-context mapper refuses a refresh whose token names another patient or
 * {@code aud} than the client session now holds ({@code invalid_grant}), exactly, whatever the timing. Only a token
 * response with a patient context gets the claims; a refresh narrowed to scopes without one keeps them. The rule is
 * {@link SmartIssuanceRules#bindToLaunch}; this is its hook on Keycloak 26.6+ (the token post-processor SPI).
 */
public final class LaunchBoundRefreshTokens implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "smart-launch-bound-refresh-tokens";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        SmartIssuanceRules rules = new SmartIssuanceRules(session);
        return context -> {
            try {
                rules.bindToLaunch(context.accessToken(), context.refreshToken(), context.requestRefreshToken());
            } catch (IssuanceRefusal refusal) {
                throw IssuanceHooks.tokenResponseRefused(session, rules, refusal);
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
