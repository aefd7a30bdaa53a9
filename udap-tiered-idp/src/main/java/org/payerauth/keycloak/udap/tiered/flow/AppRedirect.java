package org.payerauth.keycloak.udap.tiered.flow;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.payerauth.keycloak.common.metrics.PayerAuthMetrics;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.OIDCRedirectUriBuilder;
import org.keycloak.protocol.oidc.utils.OIDCResponseMode;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.payerauth.keycloak.common.endpoints.RealmEndpoints;
import org.payerauth.udap.UdapException;

/**
 * Every Tiered OAuth failure ends at the app (never on a dead-end page): a redirect to the app's redirect URI with
 * {@code error} (the reason's code: {@code invalid_idp}, {@code server_error}, {@code access_denied},
 * {@code invalid_request}), an {@code error_description}, the app's own {@code state} and {@code iss} (RFC 9207), in
 * the app's response mode, as Keycloak's own OIDC error responses are built. The login's tab is removed from the
 * authentication session, and an {@code IDENTITY_PROVIDER_LOGIN_ERROR} event names the reason and the IdP. The event
 * and the log carry the refusal's operator-only {@link UdapException#detail()} too; the app gets only the description.
 */
public final class AppRedirect {

    private static final Logger LOG = Logger.getLogger(AppRedirect.class);

    private AppRedirect() {
    }

    public static Response error(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                                 EventBuilder event, String idp, UdapException e) {
        LOG.infof("Realm '%s': Tiered OAuth login of client %s refused (%s): %s", realm.getName(),
                authSession.getClient().getClientId(), e.reason(), e.detail());
        PayerAuthMetrics.tieredLogin(realm.getName(), e.reason());
        event.clone().event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR)
                .client(authSession.getClient())
                .detail(TieredEvents.DETAIL_REASON, e.reason().name())
                .detail(TieredEvents.DETAIL_UDAP_IDP, idp)
                .detail(Details.REASON, e.detail())
                .error(e.error());
        OIDCResponseType responseType = OIDCResponseType.parse(
                authSession.getClientNote(OIDCLoginProtocol.RESPONSE_TYPE_PARAM) == null ? OAuth2Constants.CODE
                        : authSession.getClientNote(OIDCLoginProtocol.RESPONSE_TYPE_PARAM));
        OIDCResponseMode responseMode = OIDCResponseMode.parse(
                authSession.getClientNote(OIDCLoginProtocol.RESPONSE_MODE_PARAM), responseType);
        OIDCRedirectUriBuilder redirect = OIDCRedirectUriBuilder.fromUri(authSession.getRedirectUri(), responseMode,
                session, null);
        redirect.addParam(OAuth2Constants.ERROR, e.error());
        redirect.addParam(OAuth2Constants.ERROR_DESCRIPTION, e.description());
        String state = authSession.getClientNote(OIDCLoginProtocol.STATE_PARAM);
        if (state != null) {
            redirect.addParam(OAuth2Constants.STATE, state);
        }
        if (!OIDCAdvancedConfigWrapper.fromClientModel(authSession.getClient()).isExcludeIssuerFromAuthResponse()) {
            redirect.addParam(OAuth2Constants.ISSUER, RealmEndpoints.of(session, realm).issuer());
        }
        new AuthenticationSessionManager(session).removeTabIdInAuthenticationSession(realm, authSession);
        return redirect.build();
    }
}
