package org.payerauth.keycloak.smart.token;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.representations.RefreshToken;
import org.payerauth.keycloak.smart.launch.LaunchContexts;
import org.payerauth.smart.launch.LaunchContext;

/**
 * Binds every refresh token to its launch: the refresh token carries the patient and {@code aud} of the launch it was
 * issued for as {@value LaunchContexts#LAUNCH_PATIENT_CLAIM} and {@value LaunchContexts#LAUNCH_AUD_CLAIM}. Keycloak
 * keeps one client session per SSO session and app, so two launches of the same app (two tabs, two patients) share
 * where the patient is kept; the SMART launch-context mapper refuses a refresh whose token names another patient or
 * {@code aud} than the client session now holds ({@code invalid_grant}), exactly, whatever the timing. Only a token
 * response with a patient context gets the claims; a refresh narrowed to scopes without one keeps them.
 */
public final class LaunchBoundRefreshTokens implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "smart-launch-bound-refresh-tokens";

    /** The launch patient a (verified) refresh token names, or null for tokens without one. */
    public static String launchPatient(JsonWebToken refreshToken) {
        return refreshToken.getOtherClaims().get(LaunchContexts.LAUNCH_PATIENT_CLAIM) instanceof String id ? id : null;
    }

    /** The launch {@code aud} a (verified) refresh token names, or null for tokens without one. */
    public static String launchAud(JsonWebToken refreshToken) {
        return refreshToken.getOtherClaims().get(LaunchContexts.LAUNCH_AUD_CLAIM) instanceof String aud ? aud : null;
    }

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return context -> bind(session, context);
    }

    private static void bind(KeycloakSession session, TokenPostProcessorContext context) {
        AccessToken access = context.accessToken();
        RefreshToken refresh = context.refreshToken();
        if (refresh == null || access == null) {
            return;
        }
        if (access.getOtherClaims().get(LaunchContexts.PATIENT_CLAIM) instanceof String patient) {
            refresh.getOtherClaims().put(LaunchContexts.LAUNCH_PATIENT_CLAIM, patient);
            LaunchContext launch = context.clientSessionCtx() == null ? null : LaunchContexts.of(session, context.clientSessionCtx());
            if (launch != null && launch.aud() != null) {
                refresh.getOtherClaims().put(LaunchContexts.LAUNCH_AUD_CLAIM, launch.aud());
            }
        } else if (context.requestRefreshToken() != null && launchPatient(context.requestRefreshToken()) != null) {
            // A refresh narrowed to scopes without a patient context still belongs to its launch, and so does its
            // access token: introspection ends it with the launch (per-patient withdrawal, security review 2 M3).
            refresh.getOtherClaims().put(LaunchContexts.LAUNCH_PATIENT_CLAIM, launchPatient(context.requestRefreshToken()));
            access.getOtherClaims().put(LaunchContexts.LAUNCH_PATIENT_CLAIM, launchPatient(context.requestRefreshToken()));
            String aud = launchAud(context.requestRefreshToken());
            if (aud != null) {
                refresh.getOtherClaims().put(LaunchContexts.LAUNCH_AUD_CLAIM, aud);
            }
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
