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
import org.payerauth.keycloak.common.UdapClientAttributes;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.smart.flow.SmartFlowSupport;
import org.payerauth.fhir.FhirBaseUrls;
import org.payerauth.smart.SmartAuthorizationRules;
import org.payerauth.udap.RegistrationSettings;

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
        RealmSettings settings = RealmSettings.of(session, context.getRealm());
        if (UdapClientAttributes.isUdapClient(context.getClient())
                && settings.udapMode() == RegistrationSettings.Mode.STU1_1) {
            // Apps registered through UDAP follow the UDAP IG's rules; in the realm's STU1.1 compatibility mode
            // (Inferno's current UDAP kit sends neither PKCE nor aud) SMART's stricter request rules yield to them.
            return;
        }
        AuthorizationEndpointRequest request = context.getAuthorizationEndpointRequest();
        Map<String, String> extra = request.getAdditionalReqParams();
        String aud = extra == null ? null : extra.get(AUD);

        Optional<FhirBaseUrls> fhirBaseUrls = settings.fhirBaseUrls();
        if (fhirBaseUrls.isEmpty()) {
            reject(context, "server_error", "The FHIR base URL setting of this realm is invalid");
        }
        Optional<SmartAuthorizationRules.Violation> violation = SmartAuthorizationRules.check(SmartFlowSupport.scopes(session, request.getScope()), aud,
                request.getState(), request.getCodeChallenge(), request.getCodeChallengeMethod(), fhirBaseUrls.get());
        if (violation.isPresent()) {
            reject(context, violation.get().error(), violation.get().description());
        }
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
