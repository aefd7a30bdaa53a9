package org.payerauth.keycloak.smart.clientauth;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.ClientAssertionState;
import org.keycloak.authentication.authenticators.client.ClientAuthUtil;
import org.keycloak.common.util.Base64Url;
import org.keycloak.events.Details;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.util.JsonSerialization;
import org.payerauth.oauth.JkuRule;
import org.payerauth.oauth.OAuthErrorCodes;

/**
 * The {@code jku} rule ({@link JkuRule}) in front of Keycloak's signed-JWT client authenticators: a client assertion
 * whose header names a key URL other than the client's registered JWKS URL (or any key URL, for a client registered
 * with keys by value or a certificate) fails with {@code invalid_client} before Keycloak looks at it. The header's
 * URL is never fetched; the keys still come from the client's registration. Assertions this check cannot read, or
 * signed by a third party ({@code iss} ≠ {@code sub}), or naming no client of the realm, are left to Keycloak's
 * authenticator, which refuses or ignores them as before.
 */
final class JkuCheck {

    private static final Logger LOG = Logger.getLogger(JkuCheck.class);

    private JkuCheck() {
    }

    /** True when the assertion was refused here (the context then carries the failure). */
    static boolean refused(ClientAuthenticationFlowContext context) {
        ClientAssertionState state;
        try {
            state = context.getState(ClientAssertionState.class, ClientAssertionState.supplier());
        } catch (Exception e) {
            return false; // not a readable assertion: Keycloak's authenticator answers it
        }
        JsonWebToken token = state.getToken();
        JWSInput jws = state.getJws();
        if (token == null || jws == null || token.getSubject() == null || !Objects.equals(token.getIssuer(), token.getSubject())) {
            return false;
        }
        Map<?, ?> header;
        try {
            header = JsonSerialization.readValue(Base64Url.decode(jws.getEncodedHeader()), Map.class);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (header == null || !header.containsKey(JkuRule.JKU)) {
            return false;
        }
        ClientModel client = state.getClient() != null ? state.getClient()
                : context.getRealm().getClientByClientId(token.getSubject());
        if (client == null) {
            return false;
        }
        @SuppressWarnings("unchecked")
        Optional<String> problem = JkuRule.problem((Map<String, ?>) header, registeredJwksUrl(client));
        if (problem.isEmpty()) {
            return false;
        }
        LOG.warnf("Realm '%s': client assertion of client %s refused: its jku header is not the client's registered "
                + "JWKS URL", context.getRealm().getName(), client.getClientId());
        context.setClient(client);
        context.getEvent().detail(Details.REASON, problem.get());
        Response response = ClientAuthUtil.errorResponse(Response.Status.BAD_REQUEST.getStatusCode(),
                OAuthErrorCodes.INVALID_CLIENT, problem.get());
        context.failure(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, response);
        return true;
    }

    /** The client's registered JWKS URL, or null when its keys are registered by value or in a certificate. */
    private static String registeredJwksUrl(ClientModel client) {
        return Boolean.parseBoolean(client.getAttribute(OIDCConfigAttributes.USE_JWKS_URL))
                ? client.getAttribute(OIDCConfigAttributes.JWKS_URL) : null;
    }
}
