package org.payerauth.keycloak.udap.authorize;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.keycloak.Config;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProvider;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProviderFactory;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointChecker;
import org.payerauth.keycloak.common.issuance.IssuanceHooks;
import org.payerauth.keycloak.common.issuance.IssuanceRules;
import org.payerauth.keycloak.udap.rules.UdapIssuanceRules;

/** {@link UdapIssuanceRules} at Keycloak's authorization endpoint on Keycloak 26.6+ (SPI {@code auth-endpoint-check}). */
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
            Optional<IssuanceRules.Refusal> refusal = IssuanceHooks.authorizationRequest(new UdapIssuanceRules(session),
                    context.getRealm(), context.getClient(), context.getAuthorizationEndpointRequest());
            if (refusal.isPresent()) {
                context.getEventBuilder().detail(Details.REASON, refusal.get().description()).error(refusal.get().error());
                throw new AuthorizationEndpointChecker.AuthorizationCheckException(Response.Status.BAD_REQUEST,
                        refusal.get().error(), refusal.get().description());
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
