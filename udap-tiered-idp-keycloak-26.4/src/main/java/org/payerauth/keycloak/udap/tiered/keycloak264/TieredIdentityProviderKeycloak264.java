package org.payerauth.keycloak.udap.tiered.keycloak264;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.payerauth.keycloak.udap.tiered.broker.TieredAuthorizationResponse;
import org.payerauth.keycloak.udap.tiered.broker.UdapTieredIdentityProvider;

/**
 * The Tiered IdP on Keycloak 26.4, whose broker callback is {@code IdentityProvider.AuthenticationCallback}: the same
 * endpoint as on 26.5 and later (Keycloak's OIDC broker endpoint, the authorization response handled by
 * {@link TieredAuthorizationResponse}), compiled against 26.4's broker API. Created by name by udap-tiered-idp when
 * Keycloak lacks the 26.5 broker API.
 */
public final class TieredIdentityProviderKeycloak264 extends UdapTieredIdentityProvider {

    public TieredIdentityProviderKeycloak264(KeycloakSession session, OIDCIdentityProviderConfig config) {
        super(session, config);
    }

    @Override
    public Object callback(RealmModel realm, IdentityProvider.AuthenticationCallback callback, EventBuilder event) {
        return new TieredEndpoint(callback, realm, event, this);
    }

    /** Keycloak's OIDC broker endpoint with the authorization response handled by {@link TieredAuthorizationResponse}. */
    static final class TieredEndpoint extends OIDCEndpoint {
        private final TieredIdentityProviderKeycloak264 provider;

        TieredEndpoint(IdentityProvider.AuthenticationCallback callback, RealmModel realm, EventBuilder event,
                       TieredIdentityProviderKeycloak264 provider) {
            super(callback, realm, event, provider);
            this.provider = provider;
        }

        @GET
        @Override
        public Response authResponse(@QueryParam(OAuth2Constants.STATE) String state,
                                     @QueryParam(OAuth2Constants.CODE) String code,
                                     @QueryParam(OAuth2Constants.ERROR) String error,
                                     @QueryParam(OAuth2Constants.ERROR_DESCRIPTION) String errorDescription) {
            IdentityProvider.AuthenticationCallback keycloak = callback;
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
