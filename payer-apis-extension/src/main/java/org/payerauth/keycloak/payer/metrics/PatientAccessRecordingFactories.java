package org.payerauth.keycloak.payer.metrics;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;
import org.payerauth.keycloak.common.introspection.IntrospectionRules;
import org.payerauth.keycloak.common.introspection.IntrospectionRulesFactory;
import org.payerauth.keycloak.common.issuance.IssuanceRules;
import org.payerauth.keycloak.common.issuance.IssuanceRulesFactory;

/** The hooks of {@link PatientAccessRecording}: every token response (each Keycloak line) and every introspection. */
public final class PatientAccessRecordingFactories {

    public static final String PROVIDER_ID = "patient-access-metrics";

    private PatientAccessRecordingFactories() {
    }

    /** Token responses on Keycloak 26.6+ (the token post-processor SPI). */
    public static final class Tokens implements TokenPostProcessorFactory {
        @Override
        public TokenPostProcessor create(KeycloakSession session) {
            PatientAccessRecording recording = new PatientAccessRecording(session);
            return context -> recording.tokenResponse(context.accessToken(), context.refreshToken(), context.requestRefreshToken());
        }

        @Override
        public int order() {
            return -100; // after the rules that may refuse the token: only issued tokens are recorded
        }

        @Override
        public String getId() {
            return PROVIDER_ID;
        }
    }

    /** Token responses on Keycloak 26.4 / 26.5 (the issuance-rules path). */
    public static final class Rules implements IssuanceRulesFactory {
        @Override
        public IssuanceRules create(KeycloakSession session) {
            return new PatientAccessRecording(session);
        }

        @Override
        public int order() {
            return -100; // after the rules that may refuse the token: only issued tokens are recorded
        }

        @Override
        public String getId() {
            return PROVIDER_ID;
        }
    }

    /** Introspections. */
    public static final class Introspections implements IntrospectionRulesFactory {
        @Override
        public IntrospectionRules create(KeycloakSession session) {
            return new PatientAccessRecording(session);
        }

        @Override
        public String getId() {
            return PROVIDER_ID;
        }
    }
}
