package org.payerauth.keycloak.udap.tiered.broker;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.PublicKeysWrapper;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.keys.PublicKeyStorageUtils;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JWKSUtils;
import org.keycloak.util.JsonSerialization;
import org.payerauth.keycloak.common.http.OutboundFetcher;
import org.payerauth.keycloak.udap.tiered.http.TieredHttp;
import org.payerauth.keycloak.udap.tiered.registration.IdpRegistrar;
import org.payerauth.keycloak.udap.tiered.trust.IdpTrust;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.clientauth.ClientAssertionBuilder;
import org.payerauth.udap.pki.TrustCommunity;
import org.payerauth.udap.tiered.IdTokenRules;

/**
 * A member's UDAP identity provider, on Keycloak's OpenID Connect broker (U7, U10, U11): the authentication request
 * goes to the authorization endpoint of the IdP's signed metadata with Keycloak's random {@code state} (never the
 * app's), a {@code nonce} and PKCE S256; the code is exchanged with a UDAP client assertion signed by the community's
 * server key ({@code x5c}, {@code udap=1}); the ID token is verified by Keycloak (signature against the IdP's JWKS,
 * {@code iss}, {@code aud}, {@code azp}, {@code exp}; the JWKS fetched through {@link TieredHttp}) and then by {@link IdTokenRules} ({@code iat}, {@code sub} and the
 * nonce, always). The authorization response is handled by {@link TieredAuthorizationResponse}, which sends every
 * failure back to the app.
 * <p>
 * Keycloak's broker callback changed type between lines (its {@code callback(...)} method takes
 * {@code IdentityProvider.AuthenticationCallback} up to 26.4, {@code UserAuthenticationIdentityProvider.AuthenticationCallback}
 * from 26.5), so the override lives in one subclass per line: {@link TieredIdentityProviderKeycloak265} here, the 26.4
 * one in the jar {@code udap-tiered-idp-keycloak-26.4}, compiled against 26.4. {@link TieredIdentityProviders} picks
 * the one of the running Keycloak.
 */
public abstract class UdapTieredIdentityProvider extends OIDCIdentityProvider {

    /** The note Keycloak's OIDC broker keeps its nonce in (the name from its sources, 26.x; private there). */
    static final String BROKER_NONCE = "BROKER_NONCE";
    /** The exact {@code state} this server sent to the IdP for a login. */
    static final String NOTE_SENT_STATE = "udap.tiered.sentState";

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(UdapTieredIdentityProvider.class);

    protected UdapTieredIdentityProvider(KeycloakSession session, OIDCIdentityProviderConfig config) {
        super(session, config);
    }

    /**
     * The IdP's authorization response at this provider's broker endpoint, for the endpoint of each line: Keycloak's
     * code-exchange request ({@code tokenRequest}: redirect URI, PKCE verifier, our client authentication) sent and
     * checked by {@link TieredAuthorizationResponse}.
     */
    protected final Response authorizationResponse(TieredAuthorizationResponse.BrokerCallback callback, RealmModel realm,
                                                   EventBuilder event, java.util.function.Function<String, SimpleHttpRequest> tokenRequest,
                                                   String state, String code, String error, String errorDescription) {
        String issuer = session.getContext().getUri().getQueryParameters().getFirst(OAuth2Constants.ISSUER);
        return new TieredAuthorizationResponse(callback, realm, event, this, session, tokenRequest)
                .handle(state, code, error, errorDescription, issuer);
    }

    @Override
    protected UriBuilder createAuthorizationUrl(AuthenticationRequest request) {
        UriBuilder builder = super.createAuthorizationUrl(request);
        request.getAuthenticationSession().setAuthNote(NOTE_SENT_STATE, request.getState().getEncoded());
        return builder;
    }

    /** UDAP JWT-based client authentication at the IdP's token endpoint (U10). */
    @Override
    public SimpleHttpRequest authenticateTokenRequest(SimpleHttpRequest tokenRequest) {
        TrustCommunity.ServerIdentity identity = IdpTrust.communities(session, session.getContext().getRealm()).stream()
                .filter(c -> c.uri().equals(getConfig().getConfig().get(IdpRegistrar.CONFIG_COMMUNITY)))
                .findFirst()
                .flatMap(TrustCommunity::identityAtIdentityProviders)
                .orElseThrow(() -> new IdentityBrokerException("The trust community this server registered with at "
                        + getConfig().getIssuer() + " is gone or has no server certificate"));
        String assertion = ClientAssertionBuilder.of(getConfig().getClientId(), getConfig().getTokenUrl())
                .sign(identity.privateKey(), identity.chain());
        return tokenRequest
                .param(OAuth2Constants.CLIENT_ASSERTION_TYPE, OAuth2Constants.CLIENT_ASSERTION_TYPE_JWT)
                .param(OAuth2Constants.CLIENT_ASSERTION, assertion)
                .param(OAuth2Constants.CLIENT_ID, getConfig().getClientId())
                .param("udap", "1");
    }

    /**
     * The IdP's signing key, from its JWKS fetched through {@link TieredHttp} (the host checked at connection time, the
     * fetcher's deadline and size cap) instead of Keycloak's client; cached in Keycloak's public-key storage as usual.
     */
    @Override
    protected KeyWrapper getIdentityProviderKeyWrapper(JWSInput jws) {
        if (!getConfig().isUseJwksUrl() || getConfig().getJwksUrl() == null) {
            return super.getIdentityProviderKeyWrapper(jws);
        }
        RealmModel realm = session.getContext().getRealm();
        String modelKey = PublicKeyStorageUtils.getIdpModelCacheKey(realm.getId(), getConfig().getInternalId());
        return session.getProvider(PublicKeyStorageProvider.class).getPublicKey(modelKey, jws.getHeader().getKeyId(),
                jws.getHeader().getRawAlgorithm(), this::loadKeys);
    }

    @Override
    public boolean reloadKeys() {
        if (getConfig().isEnabled() && getConfig().isUseJwksUrl() && getConfig().getJwksUrl() != null) {
            String modelKey = PublicKeyStorageUtils.getIdpModelCacheKey(session.getContext().getRealm().getId(),
                    getConfig().getInternalId());
            return session.getProvider(PublicKeyStorageProvider.class).reloadKeys(modelKey, this::loadKeys);
        }
        return super.reloadKeys();
    }

    private PublicKeysWrapper loadKeys() throws Exception {
        byte[] body;
        try {
            body = TieredHttp.fetcher(session).get(URI.create(getConfig().getJwksUrl()), OutboundFetcher.Limits.IDP_METADATA);
        } catch (OutboundFetcher.FetchException e) {
            UdapException refusal = TieredHttp.refusal(e, new UdapException(org.payerauth.udap.Reason.INVALID_ID_TOKEN,
                    "The identity provider's keys could not be fetched"));
            LOG.warnf("Realm '%s': keys of identity provider %s not fetched: %s", session.getContext().getRealm().getName(),
                    getConfig().getIssuer(), refusal.detail());
            throw e;
        } catch (UdapException e) {
            throw new IdentityBrokerException(e.description());
        }
        JSONWebKeySet jwks = JsonSerialization.readValue(body, JSONWebKeySet.class);
        return JWKSUtils.getKeyWrappersForUse(jwks, JWK.Use.SIG, true);
    }

    @Override
    protected JsonWebToken validateToken(String encodedToken, boolean ignoreAudience) {
        JsonWebToken token = super.validateToken(encodedToken, ignoreAudience);
        if (ignoreAudience) {
            return token; // an access token, not the ID token
        }
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        String nonce = authSession == null ? null : authSession.getClientNote(BROKER_NONCE);
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = JsonSerialization.readValue(JsonSerialization.writeValueAsBytes(token), Map.class);
            IdTokenRules.verify(claims, getConfig().getIssuer(), getConfig().getClientId(), nonce, Instant.now(), CLOCK_SKEW);
        } catch (UdapException e) {
            throw new IdentityBrokerException(e.description());
        } catch (java.io.IOException e) {
            throw new IdentityBrokerException("The ID token could not be read", e);
        }
        return token;
    }
}
