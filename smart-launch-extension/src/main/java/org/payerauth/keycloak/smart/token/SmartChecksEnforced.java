package org.payerauth.keycloak.smart.token;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.ErrorResponseException;
import org.payerauth.smart.SmartScopeRequest;

/**
 * No SMART token without the SMART checks (security review 2, L6). The token-time SMART rules (patient context or
 * nothing, the launch binding, the member's link and consent for the patient, the FHIR {@code aud}) run in the two
 * mappers of the {@code smart-context} client scope. A client without that scope (an admin removed it, or a client
 * made outside the realm's defaults) would get SMART scopes with none of them. This post-processor runs on every
 * token Keycloak issues: a token whose scopes are SMART scopes, when the mappers did not run in this request, is
 * refused with {@code invalid_scope} and an error log naming the client, never issued unchecked.
 */
public final class SmartChecksEnforced implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "smart-checks-enforced";
    static final String LAUNCH_CHECKED = "payer-auth.smart.launchChecksRan";
    static final String AUDIENCE_CHECKED = "payer-auth.smart.audienceChecksRan";
    static final String DESCRIPTION = "This app's SMART scopes cannot be issued: the app lacks the 'smart-context' client "
            + "scope that applies the SMART rules; ask the payer's administrator to add it to the app";

    private static final Logger LOG = Logger.getLogger(SmartChecksEnforced.class);

    /** Called by the SMART launch-context mapper once its checks passed for this request's access token. */
    public static void launchChecksRan(KeycloakSession session) {
        session.setAttribute(LAUNCH_CHECKED, Boolean.TRUE);
    }

    /** Called by the SMART audience mapper once it set (or decided) this request's access-token audience. */
    public static void audienceChecksRan(KeycloakSession session) {
        session.setAttribute(AUDIENCE_CHECKED, Boolean.TRUE);
    }

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return context -> enforce(session, context);
    }

    private static void enforce(KeycloakSession session, TokenPostProcessorContext context) {
        AccessToken access = context.accessToken();
        if (access == null || !SmartScopeRequest.parse(access.getScope()).isSmart()) {
            return;
        }
        if (session.getAttribute(LAUNCH_CHECKED) != null && session.getAttribute(AUDIENCE_CHECKED) != null) {
            return;
        }
        LOG.errorf("Realm '%s': a token with SMART scopes for client %s was refused: the SMART checks did not run "
                        + "(the client lacks the smart-context client scope or one of its mappers)",
                session.getContext().getRealm() == null ? "?" : session.getContext().getRealm().getName(), access.getIssuedFor());
        throw new ErrorResponseException(OAuthErrorException.INVALID_SCOPE, DESCRIPTION, Response.Status.BAD_REQUEST);
    }

    @Override
    public int order() {
        return 100; // before the other post-processors: nothing else works on a token that will be refused
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
