package org.payerauth.keycloak.udap.tiered.broker;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The Tiered IdP on Keycloak 26.5 and later, whose broker callback is
 * {@code UserAuthenticationIdentityProvider.AuthenticationCallback}: its broker endpoint is Keycloak's OIDC one (logout
 * response, code-exchange request) with the authorization response handled by {@link TieredAuthorizationResponse}.
 */
public final class TieredIdentityProviderKeycloak265 extends UdapTieredIdentityProvider {

    public TieredIdentityProviderKeycloak265(KeycloakSession session, OIDCIdentityProviderConfig config) {
        super(session, config);
    }

    @Override
    public Object callback(RealmModel realm, UserAuthenticationIdentityProvider.AuthenticationCallback callback,
                           EventBuilder event) {
        return new TieredEndpoint(callback, realm, event, this);
    }

    /** Keycloak's OIDC broker endpoint with the authorization response handled by {@link TieredAuthorizationResponse}. */
    static final class TieredEndpoint extends OIDCEndpoint {
        private final TieredIdentityProviderKeycloak265 provider;

        TieredEndpoint(UserAuthenticationIdentityProvider.AuthenticationCallback callback, RealmModel realm,
                       EventBuilder event, TieredIdentityProviderKeycloak265 provider) {
            super(callback, realm, event, provider);
            this.provider = provider;
        }

        @GET
        @Override
        public Response authResponse(@QueryParam(OAuth2Constants.STATE) String state,
                                     @QueryParam(OAuth2Constants.CODE) String code,
                                     @QueryParam(OAuth2Constants.ERROR) String error,
                                     @QueryParam(OAuth2Constants.ERROR_DESCRIPTION) String errorDescription) {
            UserAuthenticationIdentityProvider.AuthenticationCallback keycloak = callback;
            TieredAuthorizationResponse.BrokerCallback brokering = new TieredAuthorizationResponse.BrokerCallback() {
                @Override
                public AuthenticationSessionModel getAndVerifyAuthenticationSession(String sentState) {
                    return keycloak.getAndVerifyAuthenticationSession(sentState);
                }

                @Override
                public Response authenticated(BrokeredIdentityContext identity) {
                    identity.setIdp(provider);
                    return keycloak.authenticated(identity);
                }
            };
            return provider.authorizationResponse(brokering, realm, event, this::generateTokenRequest,
                    state, code, error, errorDescription);
        }
    }
}
