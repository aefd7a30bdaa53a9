package org.payerauth.keycloak.common.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.http.conn.DnsResolver;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.connections.httpclient.HttpClientBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.truststore.TruststoreProvider;
import org.payerauth.udap.tiered.IdpAddressPolicy;

/**
 * The HTTP client of traffic to identity providers an app names (Tiered OAuth; server-side request forgery, attack
 * catalogue §4.1): the address policy applies to the address actually connected. Its {@link DnsResolver} resolves the
 * host and refuses it when any address is not public ({@link IdpAddressPolicy#isPublic}) before any connection is
 * opened, so a name that answers a public address to an earlier check and an internal one to the connection (DNS
 * rebinding) is refused, and so is an endpoint whose host moved to an internal address after the IdP was trusted.
 *
 * <p>Otherwise like Keycloak's own client: Keycloak's truststore and host-name verification policy; never a proxy
 * (a proxy resolves the name itself, which would make the check meaningless), no redirects, no retries, no cookies.
 * Deadlines and size caps are the {@link OutboundFetcher}'s. Two clients per node, built once on first use from
 * configuration only: the guarded one, and one for the realm development switch that allows non-public addresses
 * (same settings, no address check).
 */
public final class GuardedHttpClient {

    private static final Logger LOG = Logger.getLogger(GuardedHttpClient.class);
    private static final long TIMEOUT_MILLIS = 10_000;

    private static volatile CloseableHttpClient guarded;
    private static volatile CloseableHttpClient development;

    private GuardedHttpClient() {
    }

    /** A host the policy refuses: one of its addresses is not public. The host and address are for operators only. */
    public static final class RefusedAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;
        private final String detail;

        RefusedAddressException(String detail) {
            super("refused by the address policy");
            this.detail = detail;
        }

        /** Host and address, for the log and the event (never for the app). */
        public String detail() {
            return detail;
        }
    }

    /** Resolves through {@code system} and refuses a host with any non-public address (before any connection). */
    public static final class PublicAddressResolver implements DnsResolver {
        private final IdpAddressPolicy.Resolver system;

        public PublicAddressResolver(IdpAddressPolicy.Resolver system) {
            this.system = system;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            List<InetAddress> addresses = system.resolve(name);
            if (addresses.isEmpty()) {
                throw new UnknownHostException(name);
            }
            for (InetAddress address : addresses) {
                if (!IdpAddressPolicy.isPublic(address)) {
                    throw new RefusedAddressException("host " + name + " resolves to the non-public address "
                            + address.getHostAddress() + " at connection time");
                }
            }
            return addresses.toArray(new InetAddress[0]);
        }
    }

    /**
     * The node's client for identity providers.
     *
     * @param allowNonPublic the realm development switch: no address check (still no proxy, no redirects)
     */
    public static CloseableHttpClient get(KeycloakSession session, boolean allowNonPublic) {
        if (allowNonPublic) {
            CloseableHttpClient client = development;
            if (client == null) {
                synchronized (GuardedHttpClient.class) {
                    if (development == null) {
                        development = build(session, null);
                    }
                    client = development;
                }
            }
            return client;
        }
        CloseableHttpClient client = guarded;
        if (client == null) {
            synchronized (GuardedHttpClient.class) {
                if (guarded == null) {
                    guarded = build(session, new PublicAddressResolver(IdpAddressPolicy.SYSTEM));
                }
                client = guarded;
            }
        }
        return client;
    }

    /** Builds a client with Keycloak's truststore of the session's server and the given resolver (null: the JDK's). */
    static CloseableHttpClient build(KeycloakSession session, DnsResolver resolver) {
        org.apache.http.impl.client.HttpClientBuilder apache = HttpClients.custom().disableAutomaticRetries()
                .disableRedirectHandling();
        if (resolver != null) {
            apache.setDnsResolver(resolver);
        }
        // Keycloak's builder starts from the Apache builder this returns (on every supported line; 26.7 also takes
        // it as a constructor argument, 26.4 and 26.5 do not). Only builder settings all lines have are used here; the
        // pool-lease timeout is set per request (OutboundFetcher), redirects are off on the Apache builder.
        HttpClientBuilder builder = new HttpClientBuilder() {
            @Override
            protected org.apache.http.impl.client.HttpClientBuilder getApacheHttpClientBuilder() {
                return apache;
            }
        }
                .socketTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .establishConnectionTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .maxPooledPerRoute(16)
                .connectionPoolSize(64)
                .maxConnectionIdleTime(60, TimeUnit.SECONDS)
                .disableCookies(true);
        TruststoreProvider truststore = session == null ? null : session.getProvider(TruststoreProvider.class);
        if (truststore != null && truststore.getTruststore() != null) {
            builder.hostnameVerification(truststore.getPolicy());
            builder.trustStore(truststore.getTruststore());
        }
        return builder.build(); // no proxy mappings: Apache's default route planner connects directly
    }

    /**
     * Where this server is configured to send outbound HTTP through a proxy (Keycloak's
     * {@code spi-connections-http-client-default-proxy-mappings}, the {@code HTTPS_PROXY}/{@code HTTP_PROXY} environment
     * Keycloak's client follows, or the JVM's {@code https.proxyHost}/{@code http.proxyHost}); empty when none.
     */
    public static Optional<String> configuredProxy() {
        Config.Scope scope = Config.scope("connectionsHttpClient", "default");
        return configuredProxy(scope == null ? null : scope.getArray("proxy-mappings"), System::getenv, System::getProperty);
    }

    /** {@link #configuredProxy()} from the given proxy mappings, environment and system properties. */
    static Optional<String> configuredProxy(String[] mappings, java.util.function.UnaryOperator<String> environment,
                                            java.util.function.UnaryOperator<String> properties) {
        if (mappings != null && mappings.length > 0 && !String.join("", mappings).isBlank()) {
            return Optional.of("spi-connections-http-client-default-proxy-mappings");
        }
        for (String variable : new String[] {"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"}) {
            String value = environment.apply(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of("the environment variable " + variable);
            }
        }
        for (String property : new String[] {"https.proxyHost", "http.proxyHost"}) {
            String value = properties.apply(property);
            if (value != null && !value.isBlank()) {
                return Optional.of("the system property " + property);
            }
        }
        return Optional.empty();
    }

    /** Closes the node's clients (the provider factory's close); the next use builds them again. */
    public static synchronized void close() {
        for (CloseableHttpClient client : new CloseableHttpClient[] {guarded, development}) {
            if (client != null) {
                try {
                    client.close();
                } catch (IOException e) {
                    LOG.debug("Closing the identity-provider HTTP client failed", e);
                }
            }
        }
        guarded = null;
        development = null;
    }
}
