package org.payerauth.keycloak.smart.clientauth;

import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.JWTClientSecretAuthenticator;

/**
 * Keycloak's {@code client-secret-jwt} ({@code client_secret_jwt}), replacing the built-in one as
 * {@link JkuCheckingJwtClientAuthenticator} does: its assertions are client assertions too, and a {@code jku} on them
 * is refused the same way ({@link JkuCheck}).
 */
public final class JkuCheckingSecretJwtClientAuthenticator extends JWTClientSecretAuthenticator {

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        if (!JkuCheck.refused(context)) {
            super.authenticateClient(context);
        }
    }
}
