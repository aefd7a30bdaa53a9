package org.payerauth.keycloak.udap.clientauth;

import java.text.ParseException;
import java.time.Clock;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import com.nimbusds.jwt.SignedJWT;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.authentication.authenticators.client.ClientAuthUtil;
import org.keycloak.events.Details;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.payerauth.keycloak.udap.community.KeycloakCrlSource;
import org.payerauth.keycloak.common.metrics.PayerAuthMetrics;
import org.payerauth.keycloak.udap.community.TrustCommunityComponentFactory;
import org.payerauth.keycloak.common.replay.SingleUseReplayGuard;
import org.payerauth.keycloak.common.ProviderIds;
import org.payerauth.keycloak.common.b2b.B2bRequests;
import org.payerauth.b2b.B2bPolicy;
import org.payerauth.keycloak.common.UdapClientAttributes;
import org.payerauth.keycloak.common.endpoints.RealmEndpoints;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.udap.clientauth.ClientAssertionValidator;
import org.payerauth.udap.pki.TrustCommunity;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/**
 * UDAP JWT-based client authentication for apps registered through UDAP DCR (client authenticator
 * {@value UdapClientAuthenticatorFactory#PROVIDER_ID}). Finds the client by the assertion's {@code sub}, then runs
 * {@link ClientAssertionValidator}; failures answer {@code invalid_client} (or {@code invalid_grant} /
 * {@code invalid_request} for the B2B rules) with a precise {@code error_description}. Requests that carry no
 * client assertion, or whose client is not a UDAP client, are left to the other authenticators of the flow.
 */
final class UdapClientAuthenticator implements ClientAuthenticator {

    private static final Logger LOG = Logger.getLogger(UdapClientAuthenticator.class);

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        context.attempted();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String assertion = form.getFirst(OAuth2Constants.CLIENT_ASSERTION);
        if (assertion == null) {
            ClientModel named = client(context.getRealm(), form.getFirst(OAuth2Constants.CLIENT_ID));
            if (named != null && isUdap(named)) {
                context.setClient(named);
                fail(context, UdapException.clientAuthentication(
                        "UDAP clients authenticate with a client_assertion (client_assertion_type jwt-bearer, udap=1)"));
            }
            return;
        }
        SignedJWT parsed;
        String sub;
        try {
            parsed = SignedJWT.parse(assertion.trim());
            sub = parsed.getJWTClaimsSet().getSubject();
        } catch (ParseException | RuntimeException e) {
            return; // not ours to judge: another authenticator will refuse it
        }
        ClientModel client = client(context.getRealm(), sub);
        if (client == null || !isUdap(client)) {
            return;
        }
        context.setClient(client);
        context.getEvent().client(client); // the request may name no client_id parameter: the event still names the app
        if (!client.isEnabled()) {
            fail(context, UdapException.clientAuthentication("The client is disabled or its registration was cancelled"));
            return;
        }
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        TrustCommunityComponentFactory trust = TrustCommunityComponentFactory.of(session);
        String communityUri = client.getAttribute(UdapClientAttributes.COMMUNITY);
        TrustCommunity community = trust.communities(realm, TrustCommunity.Use.CLIENT_APPS).stream().filter(c -> c.uri().equals(communityUri))
                .findFirst().orElse(null);
        HttpHeaders headers = context.getHttpRequest().getHttpHeaders();
        ClientAssertionValidator.TokenRequest request = new ClientAssertionValidator.TokenRequest(assertion,
                form.getFirst(OAuth2Constants.CLIENT_ASSERTION_TYPE), form.getFirst(OAuth2Constants.CLIENT_ID),
                headers.getRequestHeader(HttpHeaders.AUTHORIZATION) != null
                        && !headers.getRequestHeader(HttpHeaders.AUTHORIZATION).isEmpty(),
                form.containsKey(OAuth2Constants.CLIENT_SECRET), form.getFirst("udap"),
                form.getFirst(OAuth2Constants.GRANT_TYPE), form.getFirst(OAuth2Constants.SCOPE), parsed);
        ClientAssertionValidator.Registration registration = new ClientAssertionValidator.Registration(
                client.getClientId(), client.getAttribute(UdapClientAttributes.ISS), community,
                community == null ? B2bPolicy.DEFAULT : community.b2b());
        try {
            ClientAssertionValidator.Authenticated authenticated = new ClientAssertionValidator(trust.chains(),
                    Clock.systemUTC()).validate(request, registration, RealmEndpoints.of(session, realm).tokenEndpoint(),
                    RealmSettings.of(session, realm).udap(),
                    new SingleUseReplayGuard(session),
                    new KeycloakCrlSource(session), LOG::warn);
            if (!authenticated.thumbprint().equals(client.getAttribute(UdapClientAttributes.CERTIFICATE_SHA256))) {
                LOG.infof("Realm '%s': UDAP client %s authenticated with a renewed certificate %s (registered: %s)",
                        realm.getName(), client.getClientId(), authenticated.thumbprint(),
                        client.getAttribute(UdapClientAttributes.CERTIFICATE_SHA256));
            }
            B2bRequests.authenticatedWithUdap(session, new B2bRequests.UdapIdentity(
                    client.getAttribute(UdapClientAttributes.ISS), communityUri, authenticated.thumbprint()), authenticated.b2b());
            B2bRequests.rememberEvent(session, context.getEvent());
            context.getEvent().detail("certificate_sha256", authenticated.thumbprint());
            context.success();
            PayerAuthMetrics.udapClientAuthentication(realm.getName(), null);
        } catch (UdapException e) {
            fail(context, e);
        }
    }

    private static void fail(ClientAuthenticationFlowContext context, UdapException e) {
        PayerAuthMetrics.udapClientAuthentication(context.getRealm().getName(), e.reason());
        context.getEvent().detail(Details.REASON, e.description());
        int status = e.reason() == Reason.CLIENT_AUTHENTICATION_FAILED ? 401 : 400;
        Response response = ClientAuthUtil.errorResponse(status, e.error(), e.description());
        context.failure(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, response);
    }

    private static ClientModel client(RealmModel realm, String clientId) {
        return clientId == null || clientId.isBlank() ? null : realm.getClientByClientId(clientId);
    }

    private static boolean isUdap(ClientModel client) {
        return ProviderIds.UDAP_CLIENT_AUTHENTICATOR.equals(client.getClientAuthenticatorType());
    }

    @Override
    public void close() {
    }

}
