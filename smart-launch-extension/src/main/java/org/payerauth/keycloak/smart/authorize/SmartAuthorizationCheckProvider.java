package org.payerauth.keycloak.smart.authorize;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProvider;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointChecker;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.models.KeycloakSession;
import org.payerauth.keycloak.smart.config.SmartRealmSettings;
import org.payerauth.fhir.FhirBaseUrls;
import org.payerauth.smart.SmartAuthorizationRules;

/**
 * Applies SMART's authorization rules ({@link SmartAuthorizationRules}) at Keycloak's authorization endpoint, after
 * its own checks and before any page is shown. A violation goes back to the app's {@code redirect_uri} through
 * Keycloak's own error redirect (with {@code state}, {@code iss} and proper encoding); no code is issued.
 */
final class SmartAuthorizationCheckProvider implements AuthorizationEndpointCheckProvider {

    static final String AUD = "aud";

    private static final Logger LOG = Logger.getLogger(SmartAuthorizationCheckProvider.class);

    private final KeycloakSession session;

    SmartAuthorizationCheckProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void check(AuthorizationEndpointChecker context) throws AuthorizationEndpointChecker.AuthorizationCheckException {
        if (isUdapClientInStu11Mode(context)) {
            return;
        }
        AuthorizationEndpointRequest request = context.getAuthorizationEndpointRequest();
        Map<String, String> extra = request.getAdditionalReqParams();
        String aud = extra == null ? null : extra.get(AUD);

        Optional<FhirBaseUrls> fhirBaseUrls = new SmartRealmSettings(session, context.getRealm()).fhirBaseUrls();
        if (fhirBaseUrls.isEmpty()) {
            reject(context, "server_error", "The FHIR base URL setting of this realm is invalid");
        }
        Optional<SmartAuthorizationRules.Violation> violation = SmartAuthorizationRules.check(request.getScope(), aud,
                request.getState(), request.getCodeChallenge(), request.getCodeChallengeMethod(), fhirBaseUrls.get());
        if (violation.isPresent()) {
            reject(context, violation.get().error(), violation.get().description());
        }
    }

    /**
     * Apps registered through UDAP follow the UDAP IG's rules; in the realm's STU1.1 compatibility mode (Inferno's
     * current UDAP kit sends neither PKCE nor aud) SMART's stricter request rules are not applied to them.
     * Names are those of udap-registration-extension (no compile-time dependency on it).
     */
    private static boolean isUdapClientInStu11Mode(AuthorizationEndpointChecker context) {
        if (context.getClient() == null || context.getClient().getAttribute("udap.iss") == null) {
            return false;
        }
        String mode = context.getRealm().getAttribute("udap.mode");
        return mode != null && mode.trim().toLowerCase(java.util.Locale.ROOT).matches("stu1\\.?1");
    }

    private static void reject(AuthorizationEndpointChecker context, String error, String description)
            throws AuthorizationEndpointChecker.AuthorizationCheckException {
        LOG.debugf("SMART authorization request refused for client '%s': %s", context.getClient().getClientId(), description);
        context.getEventBuilder().detail(Details.REASON, description);
        context.getEventBuilder().error(error);
        throw new AuthorizationEndpointChecker.AuthorizationCheckException(Response.Status.BAD_REQUEST, error, description);
    }

    @Override
    public void close() {
    }
}
