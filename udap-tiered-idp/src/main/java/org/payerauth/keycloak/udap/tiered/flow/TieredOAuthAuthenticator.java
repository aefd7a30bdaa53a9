package org.payerauth.keycloak.udap.tiered.flow;

import java.net.URI;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.ClientSessionCode;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.payerauth.keycloak.common.ProviderIds;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.udap.tiered.registration.IdpRegistrar;
import org.payerauth.keycloak.udap.tiered.trust.IdpTrust;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.tiered.TieredIdpMetadata;
import org.payerauth.udap.tiered.TieredRequest;
import org.payerauth.udap.tiered.TieredSettings;

/**
 * The browser-flow step of UDAP Tiered OAuth (U3–U7): an authorization request with the {@code udap} scope and
 * {@code idp=} is brokered to that identity provider once it is trusted ({@link IdpTrust}) and this server is
 * registered there ({@link IdpRegistrar}); the member then signs in at the IdP through Keycloak's broker endpoint.
 * Any other request passes on to the next step ({@code attempted}). Refusals go back to the app
 * ({@link AppRedirect}): a malformed {@code idp} is {@code invalid_request}, an app without the {@code udap} scope
 * {@code invalid_scope}, an untrusted or unusable IdP {@code invalid_idp}.
 */
public final class TieredOAuthAuthenticator implements Authenticator {

    /** Auth-session notes of a login brokered by Tiered OAuth. */
    public static final String NOTE_ALIAS = "udap.tiered.alias";
    public static final String NOTE_IDP = "udap.tiered.idp";
    public static final String NOTE_COMMUNITY = "udap.tiered.community";

    private static final Logger LOG = Logger.getLogger(TieredOAuthAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String scope = authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM);
        String idp = authSession.getClientNote(AuthorizationEndpoint.LOGIN_SESSION_NOTE_ADDITIONAL_REQ_PARAMS_PREFIX
                + TieredRequest.IDP_PARAMETER);
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        Optional<TieredRequest> request;
        try {
            request = TieredRequest.parse(scope, idp);
        } catch (UdapException e) {
            context.forceChallenge(AppRedirect.error(session, realm, authSession, context.getEvent(), idp, e));
            return;
        }
        if (request.isEmpty()) {
            context.attempted();
            return;
        }
        try {
            if (!hasUdapScope(authSession.getClient())) {
                throw new UdapException(Reason.UDAP_SCOPE_NOT_REGISTERED, "This app did not register the udap scope, "
                        + "which Tiered OAuth (idp=) requires");
            }
            TieredSettings settings = RealmSettings.of(session, realm).tiered();
            TieredIdpMetadata metadata = new IdpTrust(session, realm, settings).resolve(request.get());
            IdpRegistrar.Registered registered = new IdpRegistrar(session, realm, settings).ensureRegistered(metadata, false);
            if (registered.registeredNow()) {
                TieredEvents.registeredAtIdentityProvider(context.getEvent(), authSession.getClient(), metadata.issuer(),
                        registered.alias());
            }
            authSession.setAuthNote(NOTE_ALIAS, registered.alias());
            authSession.setAuthNote(NOTE_IDP, request.get().idp());
            request.get().community().ifPresent(c -> authSession.setAuthNote(NOTE_COMMUNITY, c));
            LOG.debugf("Realm '%s': brokering the login of client %s to %s (%s)", realm.getName(),
                    authSession.getClient().getClientId(), metadata.issuer(), registered.alias());
            context.forceChallenge(brokerLogin(context, registered.alias()));
        } catch (UdapException e) {
            context.forceChallenge(AppRedirect.error(session, realm, authSession, context.getEvent(), request.get().idp(), e));
        }
    }

    /** Keycloak's broker login endpoint for the alias, as the identity-provider redirector builds it. */
    public static Response brokerLogin(AuthenticationFlowContext context, String alias) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return brokerLogin(context.getSession(), context.getRealm(), authSession, context.getUriInfo().getBaseUri(), alias);
    }

    public static Response brokerLogin(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                                       URI baseUri, String alias) {
        String accessCode = new ClientSessionCode<>(session, realm, authSession).getOrGenerateCode();
        String clientData = AuthenticationProcessor.getClientData(session, authSession);
        URI location = Urls.identityProviderAuthnRequest(baseUri, alias, realm.getName(), accessCode,
                authSession.getClient().getClientId(), authSession.getTabId(), clientData, null);
        return Response.seeOther(location).build();
    }

    private static boolean hasUdapScope(ClientModel client) {
        return client.getClientScopes(true).containsKey(ProviderIds.UDAP_SCOPE)
                || client.getClientScopes(false).containsKey(ProviderIds.UDAP_SCOPE);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
