package org.payerauth.keycloak.smart.clientauth;

import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.payerauth.keycloak.common.b2b.B2bRequests;
import org.keycloak.authentication.authenticators.client.JWTClientAuthenticator;

/**
 * Keycloak's {@code client-jwt} ({@code private_key_jwt}, what SMART Backend Services clients use), under its own id
 * so that it replaces the built-in one (a deployed provider with a built-in id does) for every client of every realm,
 * with no flow or client change: the same authenticator, after the {@code jku} rule ({@link JkuCheck}).
 */
public final class JkuCheckingJwtClientAuthenticator extends JWTClientAuthenticator {

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        if (!JkuCheck.refused(context)) {
            // the token rules of a B2B request record its context and member in this request's event
            B2bRequests.rememberEvent(context.getSession(), context.getEvent());
            super.authenticateClient(context);
        }
    }
}
