package org.payerauth.keycloak.common.issuance;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelTokenResponseContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceAuthorizationRequestContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.protocol.oidc.par.clientpolicy.context.PushedAuthorizationRequestContext;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.DefaultClientPolicyManager;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.context.ImplicitHybridTokenResponse;
import org.keycloak.services.clientpolicy.context.ResourceOwnerPasswordCredentialsResponseContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;

/**
 * Keycloak's client-policy manager, plus the {@link IssuanceRules} on a Keycloak without the native hooks (26.5;
 * {@link IssuanceHooks}). Keycloak raises a client-policy event at every authorization request and before every
 * token response is encoded, for every realm, whether or not the realm has client policies; this manager applies the
 * rules at those events, then (or, for tokens, before) the realm's own client policies exactly as Keycloak's manager
 * does. A refusal is a {@link ClientPolicyException}: Keycloak sends its error and description to the app (a redirect
 * from the authorization endpoint, a 400 from the token endpoint) and records the event. It is the default
 * {@code client-policy-manager} provider there by its {@link IssuanceRulesClientPolicyManagerFactory#order() order};
 * the version guard refuses to start such a Keycloak where it is not. Where the native hooks exist it is not the
 * default, and if configured anyway it only does what Keycloak's manager does.
 */
public final class IssuanceRulesClientPolicyManager extends DefaultClientPolicyManager {

    private static final Logger LOG = Logger.getLogger(IssuanceRulesClientPolicyManager.class);

    private final KeycloakSession session;

    IssuanceRulesClientPolicyManager(KeycloakSession session) {
        super(session);
        this.session = session;
    }

    @Override
    public void triggerOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (IssuanceHooks.NATIVE) {
            super.triggerOnEvent(context);
            return;
        }
        AuthorizationEndpointRequest request = IssuanceHooks.NATIVE_AUTHORIZATION ? null : authorizationRequest(context);
        if (request != null) {
            RealmModel realm = session.getContext().getRealm();
            ClientModel client = session.getContext().getClient();
            if (client == null && request.getClientId() != null) {
                client = realm.getClientByClientId(request.getClientId());
            }
            if (client != null) {
                Optional<IssuanceRules.Refusal> refusal = IssuanceHooks.authorizationRequest(session, realm, client, request);
                if (refusal.isPresent()) {
                    throw new ClientPolicyException(refusal.get().error(), refusal.get().description());
                }
            }
        }
        super.triggerOnEvent(context);
        TokenManager.AccessTokenResponseBuilder tokens = IssuanceHooks.NATIVE_TOKENS ? null : tokenResponse(context);
        if (tokens != null) {
            try {
                IssuanceHooks.tokenResponse(session, tokens.getAccessToken(), tokens.getRefreshToken(), presentedRefreshToken(context));
            } catch (IssuanceRefusal refusal) {
                throw new ClientPolicyException(refusal.error(), refusal.description(), Response.Status.BAD_REQUEST);
            }
        }
    }

    private static AuthorizationEndpointRequest authorizationRequest(ClientPolicyContext context) {
        if (context instanceof AuthorizationRequestContext authorization) {
            return authorization.getAuthorizationEndpointRequest();
        }
        if (context instanceof PushedAuthorizationRequestContext pushed) {
            return pushed.getRequest();
        }
        if (context instanceof DeviceAuthorizationRequestContext device) {
            return device.getRequest();
        }
        return null;
    }

    private static TokenManager.AccessTokenResponseBuilder tokenResponse(ClientPolicyContext context) {
        if (context instanceof TokenResponseContext c) {
            return c.getAccessTokenResponseBuilder();
        }
        if (context instanceof TokenRefreshResponseContext c) {
            return c.getAccessTokenResponseBuilder();
        }
        if (context instanceof ServiceAccountTokenResponseContext c) {
            return c.getAccessTokenResponseBuilder();
        }
        if (context instanceof ResourceOwnerPasswordCredentialsResponseContext c) {
            return c.getAccessTokenResponseBuilder();
        }
        if (context instanceof DeviceTokenResponseContext c) {
            return c.getAccessTokenResponseBuilder();
        }
        if (context instanceof BackchannelTokenResponseContext c) {
            return c.getAccessTokenResponseBuilder();
        }
        if (context instanceof ImplicitHybridTokenResponse c) {
            return c.getAccessTokenResponseBuilder();
        }
        return null;
    }

    /** The refresh token a refresh grant presented (Keycloak verified it earlier in this request). */
    private static RefreshToken presentedRefreshToken(ClientPolicyContext context) {
        if (!(context instanceof TokenRefreshResponseContext refresh) || refresh.getParams() == null) {
            return null;
        }
        String encoded = refresh.getParams().getFirst(OAuth2Constants.REFRESH_TOKEN);
        if (encoded == null) {
            return null;
        }
        try {
            return TokenVerifier.create(encoded, RefreshToken.class).getToken();
        } catch (VerificationException e) {
            LOG.debug("The presented refresh token could not be read again", e);
            throw new IssuanceRefusal("invalid_grant", "Invalid refresh token");
        }
    }
}
