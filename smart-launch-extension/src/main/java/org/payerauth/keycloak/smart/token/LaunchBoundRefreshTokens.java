package org.payerauth.keycloak.smart.token;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.JsonWebToken;
import org.payerauth.keycloak.smart.mapper.SmartLaunchContextMapper;

/**
 * Binds every refresh token to its launch's patient: the refresh token carries the patient of the access token it
 * was issued with as {@value #LAUNCH_PATIENT_CLAIM}. Keycloak keeps one client session per SSO session and app, so two
 * launches of the same app (two tabs, two patients) share where the patient is kept; the SMART launch-context mapper
 * refuses a refresh whose token names another patient than the client session now holds ({@code invalid_grant}),
 * exactly, whatever the timing. Only a token response with a patient context gets the claim.
 */
public final class LaunchBoundRefreshTokens implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "smart-launch-bound-refresh-tokens";
    /** Refresh-token claim: the patient of the launch the token belongs to. */
    public static final String LAUNCH_PATIENT_CLAIM = "smart_launch_patient";

    /** The launch patient a (verified) refresh token names, or null for tokens without one. */
    public static String launchPatient(JsonWebToken refreshToken) {
        return refreshToken.getOtherClaims().get(LAUNCH_PATIENT_CLAIM) instanceof String id ? id : null;
    }

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return LaunchBoundRefreshTokens::bind;
    }

    private static void bind(TokenPostProcessorContext context) {
        AccessToken access = context.accessToken();
        if (context.refreshToken() == null || access == null) {
            return;
        }
        if (access.getOtherClaims().get(SmartLaunchContextMapper.PATIENT) instanceof String patient) {
            context.refreshToken().getOtherClaims().put(LAUNCH_PATIENT_CLAIM, patient);
        } else if (context.requestRefreshToken() != null && launchPatient(context.requestRefreshToken()) != null) {
            // a refresh narrowed to scopes without a patient context still belongs to its launch
            context.refreshToken().getOtherClaims().put(LAUNCH_PATIENT_CLAIM, launchPatient(context.requestRefreshToken()));
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
