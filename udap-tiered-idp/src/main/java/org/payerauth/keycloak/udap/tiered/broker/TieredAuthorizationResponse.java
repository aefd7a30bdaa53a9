package org.payerauth.keycloak.udap.tiered.broker;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;
import org.payerauth.keycloak.common.http.OutboundFetcher;
import org.payerauth.keycloak.common.metrics.PayerAuthMetrics;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.udap.tiered.flow.AppRedirect;
import org.payerauth.keycloak.udap.tiered.flow.TieredEvents;
import org.payerauth.keycloak.udap.tiered.flow.TieredOAuthAuthenticator;
import org.payerauth.keycloak.udap.tiered.http.TieredHttp;
import org.payerauth.keycloak.udap.tiered.registration.IdpRegistrar;
import org.payerauth.keycloak.udap.tiered.trust.IdpTrust;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.tiered.TieredIdpMetadata;
import org.payerauth.udap.tiered.TieredRequest;
import org.payerauth.udap.tiered.TieredSettings;

/**
 * The IdP's authorization response at the broker endpoint of a Tiered IdP ({@code /realms/{realm}/broker/{alias}/endpoint},
 * the redirect URI registered there; each line's provider extends Keycloak's OIDC broker
 * endpoint and hands the response here). Unlike Keycloak's generic handling, which shows an error page, every
 * failure ends at the app with its {@code state} (U8, U9, U11):
 * <ul>
 *   <li>{@code state} missing or not the one sent for a pending Tiered login of this browser → {@code server_error};</li>
 *   <li>an {@code iss} parameter (RFC 9207) that is not the IdP → {@code invalid_idp} (mix-up);</li>
 *   <li>an error from the IdP → {@code access_denied};</li>
 *   <li>the token exchange (through {@link TieredHttp}: the token endpoint's host is checked again at connection
 *       time) fails → {@code invalid_idp}; an {@code invalid_client} answer makes this server register
 *       at the IdP again and start the sign-in there once more (once per login);</li>
 *   <li>the ID token fails verification → {@code invalid_idp}.</li>
 * </ul>
 * A valid response continues in Keycloak's brokering ({@code authenticated}): the (iss, sub) link, first-broker-login
 * for unlinked people, then the post-broker-login flow (patient picker, consent).
 */
public final class TieredAuthorizationResponse {

    /**
     * What this class needs of Keycloak's brokering callback ({@code IdentityBrokerService}): the same two methods on
     * every supported line, declared on {@code IdentityProvider.AuthenticationCallback} up to Keycloak 26.4 and on
     * {@code UserAuthenticationIdentityProvider.AuthenticationCallback} from 26.5. Each line's provider adapts its
     * callback to this ({@link TieredIdentityProviderKeycloak265}; the 26.4 one in its own jar).
     */
    public interface BrokerCallback {
        /** The authentication session the {@code state} belongs to; throws when it is used, expired or unknown. */
        AuthenticationSessionModel getAndVerifyAuthenticationSession(String state);

        /**
         * Continues in Keycloak's brokering (link, first-broker-login, post-broker-login) with the identity this
         * provider established (set as its IdP: {@code BrokeredIdentityContext.setIdp} also changed type in 26.5).
         */
        Response authenticated(BrokeredIdentityContext identity);
    }

    private static final Logger LOG = Logger.getLogger(TieredAuthorizationResponse.class);
    private static final String NOTE_REREGISTERED = "udap.tiered.reregistered";

    private final BrokerCallback callback;
    private final RealmModel realm;
    private final EventBuilder event;
    private final UdapTieredIdentityProvider provider;
    private final KeycloakSession session;

    private final java.util.function.Function<String, SimpleHttpRequest> tokenRequest;

    /**
     * @param tokenRequest the code exchange request as Keycloak's broker endpoint builds it (redirect URI, PKCE
     *                     verifier), authenticated by the provider
     */
    public TieredAuthorizationResponse(BrokerCallback callback, RealmModel realm,
                         EventBuilder event, UdapTieredIdentityProvider provider, KeycloakSession session,
                         java.util.function.Function<String, SimpleHttpRequest> tokenRequest) {
        this.callback = callback;
        this.realm = realm;
        this.event = event;
        this.provider = provider;
        this.session = session;
        this.tokenRequest = tokenRequest;
    }

    /** Handles one authorization response ({@code iss}: the RFC 9207 parameter, if any). */
    public Response handle(String state, String code, String error, String errorDescription, String issuer) {
        String alias = provider.getConfig().getAlias();
        String idp = provider.getConfig().getIssuer();
        List<AuthenticationSessionModel> pending = pendingLogins(alias);
        Optional<AuthenticationSessionModel> sentFor = state == null ? Optional.empty() : pending.stream()
                .filter(s -> state.equals(s.getAuthNote(UdapTieredIdentityProvider.NOTE_SENT_STATE)))
                .findFirst();
        if (sentFor.isEmpty()) {
            LOG.warnf("Realm '%s': authorization response from %s with a %s state", realm.getName(), idp,
                    state == null ? "missing" : "wrong");
            if (pending.size() == 1) {
                return AppRedirect.error(session, realm, pending.get(0), event, idp, new UdapException(Reason.IDP_STATE_MISMATCH,
                        "The identity provider's answer did not carry the state this server sent"));
            }
            event.event(EventType.IDENTITY_PROVIDER_LOGIN).detail(Details.IDENTITY_PROVIDER, alias)
                    .detail(TieredEvents.DETAIL_UDAP_IDP, idp).detail(TieredEvents.DETAIL_REASON, Reason.IDP_STATE_MISMATCH.name())
                    .error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
            return ErrorPage.error(session, null, Response.Status.BAD_REQUEST, Messages.IDENTITY_PROVIDER_MISSING_STATE_ERROR);
        }
        AuthenticationSessionModel candidate = sentFor.get();
        AuthenticationSessionModel authSession;
        try {
            authSession = callback.getAndVerifyAuthenticationSession(state);
        } catch (WebApplicationException e) {
            return AppRedirect.error(session, realm, candidate, event, idp, new UdapException(Reason.IDP_STATE_MISMATCH,
                    "The identity provider's answer does not belong to a current sign-in (state already used or expired)"));
        }
        session.getContext().setAuthenticationSession(authSession);
        authSession.removeAuthNote(UdapTieredIdentityProvider.NOTE_SENT_STATE);
        if (issuer != null && !issuer.equals(idp)) {
            // RFC 9207: an authorization response naming another issuer is a mix-up attempt.
            return AppRedirect.error(session, realm, authSession, event, idp, new UdapException(
                    Reason.UNTRUSTED_IDENTITY_PROVIDER, "The authorization response names another issuer (iss) than "
                    + "the identity provider the member was sent to"));
        }
        if (error != null) {
            return AppRedirect.error(session, realm, authSession, event, idp, new UdapException(
                    Reason.IDP_AUTHENTICATION_DENIED, "The identity provider did not authenticate the member (" + error
                    + (errorDescription == null ? "" : ": " + errorDescription) + ")"));
        }
        if (code == null || code.isBlank()) {
            return AppRedirect.error(session, realm, authSession, event, idp, new UdapException(Reason.INVALID_ID_TOKEN,
                    "The identity provider's answer carried neither a code nor an error"));
        }
        String response;
        try {
            // Keycloak's request (redirect URI, PKCE verifier, our client assertion), sent through the Tiered client:
            // the address policy applies to the address connected, with the fetcher's deadline and size cap.
            SimpleHttpRequest request = tokenRequest.apply(code);
            OutboundFetcher.Answer answer = TieredHttp.fetcher(session, realm, RealmSettings.of(session, realm).tiered())
                    .postForm(URI.create(request.getUrl()), orEmpty(request.getParams()), orEmpty(request.getHeaders()),
                            OutboundFetcher.Limits.IDP_TOKEN);
            response = answer.text();
            if (answer.status() != 200) {
                String tokenError = errorOf(response);
                if ("invalid_client".equals(tokenError) && authSession.getAuthNote(NOTE_REREGISTERED) == null) {
                    return registerAgainAndRetry(authSession);
                }
                return AppRedirect.error(session, realm, authSession, event, idp, new UdapException(Reason.INVALID_ID_TOKEN,
                        "The identity provider's token endpoint answered HTTP " + answer.status()
                                + (tokenError == null ? "" : " " + tokenError)));
            }
        } catch (UdapException e) {
            return AppRedirect.error(session, realm, authSession, event, idp, e);
        } catch (OutboundFetcher.FetchException e) {
            LOG.debugf(e, "Token exchange with %s failed", idp);
            return AppRedirect.error(session, realm, authSession, event, idp, TieredHttp.refusal(e, new UdapException(
                    Reason.INVALID_ID_TOKEN, "The identity provider's token endpoint could not be reached")));
        } catch (RuntimeException e) {
            LOG.debugf(e, "Token exchange with %s failed", idp);
            return AppRedirect.error(session, realm, authSession, event, idp, new UdapException(Reason.INVALID_ID_TOKEN,
                    "The identity provider's token endpoint could not be reached"));
        }
        BrokeredIdentityContext identity;
        try {
            identity = provider.getFederatedIdentity(response);
        } catch (IdentityBrokerException e) {
            return AppRedirect.error(session, realm, authSession, event, idp, new UdapException(Reason.INVALID_ID_TOKEN,
                    "The identity provider's ID token was refused: " + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.debugf(e, "ID token of %s refused", idp);
            return AppRedirect.error(session, realm, authSession, event, idp, new UdapException(Reason.INVALID_ID_TOKEN,
                    "The identity provider's token response could not be processed"));
        }
        identity.setAuthenticationSession(authSession);
        event.detail(TieredEvents.DETAIL_UDAP_IDP, idp);
        PayerAuthMetrics.tieredLogin(realm.getName(), null);
        return callback.authenticated(identity);
    }

    /** The IdP no longer knows our client: register again, then send the member to the IdP once more. */
    private Response registerAgainAndRetry(AuthenticationSessionModel authSession) {
        String idp = authSession.getAuthNote(TieredOAuthAuthenticator.NOTE_IDP);
        try {
            TieredSettings settings = RealmSettings.of(session, realm).tiered();
            TieredRequest request = new TieredRequest(idp,
                    Optional.ofNullable(authSession.getAuthNote(TieredOAuthAuthenticator.NOTE_COMMUNITY)));
            IdpTrust trust = new IdpTrust(session, realm, settings);
            trust.forget(request);
            TieredIdpMetadata metadata = trust.resolve(request);
            IdpRegistrar.Registered registered = new IdpRegistrar(session, realm, settings).ensureRegistered(metadata, true);
            if (registered.registeredNow()) {
                TieredEvents.registeredAtIdentityProvider(event, authSession.getClient(), idp, registered.alias());
            }
            authSession.setAuthNote(NOTE_REREGISTERED, "true");
            LOG.infof("Realm '%s': %s answered invalid_client; registered again and retrying the sign-in", realm.getName(), idp);
            return TieredOAuthAuthenticator.brokerLogin(session, realm, authSession,
                    session.getContext().getUri().getBaseUri(), registered.alias());
        } catch (UdapException e) {
            return AppRedirect.error(session, realm, authSession, event, idp, e);
        }
    }

    /** The browser's pending Tiered logins to this IdP (its authentication sessions waiting for this IdP's answer). */
    private List<AuthenticationSessionModel> pendingLogins(String alias) {
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).getCurrentRootAuthenticationSession(realm);
        if (root == null) {
            return List.of();
        }
        return root.getAuthenticationSessions().values().stream()
                .filter(s -> alias.equals(s.getAuthNote(TieredOAuthAuthenticator.NOTE_ALIAS)))
                .filter(s -> s.getAuthNote(UdapTieredIdentityProvider.NOTE_SENT_STATE) != null)
                .toList();
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static String errorOf(String body) {
        try {
            Object parsed = JsonSerialization.readValue(body, Object.class);
            return parsed instanceof Map<?, ?> map && map.get("error") instanceof String s ? s : null;
        } catch (Exception e) {
            return null;
        }
    }
}
