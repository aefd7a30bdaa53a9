package org.payerauth.keycloak.udap.authorize;

import jakarta.ws.rs.core.Response;

import org.keycloak.Config;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProvider;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProviderFactory;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointChecker;
import org.payerauth.keycloak.common.UdapClientAttributes;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.udap.RegistrationSettings;

/**
 * UDAP IG STU2 §7.2 for apps registered through UDAP: {@code state} is required (the server SHALL return
 * {@code invalid_request} without it). PKCE S256 is enforced by the client's own PKCE setting, which registration
 * sets in STU2 mode. In STU1.1 mode neither is required.
 */
public final class UdapAuthorizationCheckProviderFactory implements AuthorizationEndpointCheckProviderFactory {

    public static final String PROVIDER_ID = "udap-authorization-rules";

    @Override
    public AuthorizationEndpointCheckProvider create(KeycloakSession session) {
        return new Check(session);
    }

    private static final class Check implements AuthorizationEndpointCheckProvider {
        private final KeycloakSession session;

        Check(KeycloakSession session) {
            this.session = session;
        }

        @Override
        public void check(AuthorizationEndpointChecker context) throws AuthorizationEndpointChecker.AuthorizationCheckException {
            if (!UdapClientAttributes.isUdapClient(context.getClient())
                    || RealmSettings.of(session, context.getRealm()).udapMode() != RegistrationSettings.Mode.STU2) {
                return;
            }
            String state = context.getAuthorizationEndpointRequest().getState();
            if (state == null || state.isEmpty()) {
                String description = "Missing parameter: state (required for UDAP clients)";
                context.getEventBuilder().detail(Details.REASON, description).error(OAuthErrorException.INVALID_REQUEST);
                throw new AuthorizationEndpointChecker.AuthorizationCheckException(Response.Status.BAD_REQUEST,
                        OAuthErrorException.INVALID_REQUEST, description);
            }
        }

        @Override
        public void close() {
        }
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
