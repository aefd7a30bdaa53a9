package org.payerauth.keycloak.udap.tiered.http;

import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.payerauth.keycloak.common.http.GuardedHttpClient;
import org.payerauth.keycloak.common.http.OutboundFetcher;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.tiered.IdpAddressPolicy;
import org.payerauth.udap.tiered.TieredSettings;

/**
 * The one way Tiered OAuth talks to identity providers (metadata, OpenID configuration, code exchange, keys): an
 * {@link OutboundFetcher} (deadline, size cap, no redirects) over the {@link GuardedHttpClient}, whose resolver applies
 * the address policy to the address actually connected.
 *
 * <p>An outbound proxy resolves names itself, so a local check would be meaningless: while Keycloak is configured
 * with one, Tiered traffic is refused ({@code invalid_idp}, and a log line that names the setting) unless the realm
 * opts in with {@value RealmSettings#TIERED_ALLOW_PROXY}; then it goes through Keycloak's own client and proxy, with
 * the fetcher's limits and the address check made before each fetch, and the proxy must refuse internal destinations.
 */
public final class TieredHttp {

    private static final Logger LOG = Logger.getLogger(TieredHttp.class);
    /** What an app is told while a proxy is configured and the realm did not opt in. */
    public static final String PROXY_REFUSED = "This server does not reach identity providers through its outbound "
            + "proxy; Tiered OAuth is unavailable until an administrator allows it";

    private TieredHttp() {
    }

    /** The fetcher for identity-provider traffic of the realm; {@link Reason#UNTRUSTED_IDENTITY_PROVIDER} if none. */
    public static OutboundFetcher fetcher(KeycloakSession session, RealmModel realm, TieredSettings settings)
            throws UdapException {
        Optional<String> proxy = GuardedHttpClient.configuredProxy();
        if (proxy.isPresent()) {
            if (!settings.allowProxy()) {
                String detail = "Tiered OAuth is refused in realm '" + realm.getName() + "': an outbound proxy is "
                        + "configured (" + proxy.get() + "), which resolves identity providers' names itself, so this "
                        + "server's address policy cannot apply; set the realm attribute " + RealmSettings.TIERED_ALLOW_PROXY
                        + "=true only if the proxy refuses internal destinations";
                LOG.warn(detail);
                throw new UdapException(Reason.UNTRUSTED_IDENTITY_PROVIDER, PROXY_REFUSED, detail);
            }
            LOG.debugf("Realm '%s': Tiered traffic goes through the configured proxy (%s=true)", realm.getName(),
                    RealmSettings.TIERED_ALLOW_PROXY);
            return new OutboundFetcher(session.getProvider(HttpClientProvider.class).getHttpClient());
        }
        return new OutboundFetcher(GuardedHttpClient.get(session, settings.allowInsecureIdps()));
    }

    /** As {@link #fetcher(KeycloakSession, RealmModel, TieredSettings)} for the session's realm and its settings. */
    public static OutboundFetcher fetcher(KeycloakSession session) throws UdapException {
        RealmModel realm = session.getContext().getRealm();
        return fetcher(session, realm, RealmSettings.of(session, realm).tiered());
    }

    /**
     * The refusal of a fetch that failed: the address policy's own (with the host and address for operators only, as
     * {@link IdpAddressPolicy} gives it) when the resolver refused the host, {@code otherwise} else.
     */
    public static UdapException refusal(OutboundFetcher.FetchException e, UdapException otherwise) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof GuardedHttpClient.RefusedAddressException refused) {
                return new UdapException(Reason.UNTRUSTED_IDENTITY_PROVIDER, IdpAddressPolicy.UNUSABLE_HOST, refused.detail());
            }
        }
        return otherwise;
    }
}
