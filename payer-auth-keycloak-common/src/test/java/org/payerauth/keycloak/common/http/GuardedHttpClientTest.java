package org.payerauth.keycloak.common.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.http.impl.client.CloseableHttpClient;
import org.junit.jupiter.api.Test;
import org.payerauth.udap.tiered.IdpAddressPolicy;

/** Security review 2 M4: the address policy applies to the address the client actually connects to. */
class GuardedHttpClientTest {

    private static final OutboundFetcher.Limits LIMITS = new OutboundFetcher.Limits("test", Duration.ofSeconds(2), 1024);

    @Test
    void a_host_that_resolves_to_loopback_at_connection_time_is_refused_before_any_connection() throws Exception {
        try (ServerSocket idp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            idp.setSoTimeout(300);
            AtomicInteger lookups = new AtomicInteger();
            // The earlier check saw a public address; the connection's lookup answers loopback (DNS rebinding).
            GuardedHttpClient.PublicAddressResolver rebinding = new GuardedHttpClient.PublicAddressResolver(host -> {
                lookups.incrementAndGet();
                return List.of(InetAddress.getLoopbackAddress());
            });
            try (CloseableHttpClient client = GuardedHttpClient.build(null, rebinding)) {
                OutboundFetcher.FetchException e = assertThrows(OutboundFetcher.FetchException.class, () -> new OutboundFetcher(client)
                        .get(URI.create("http://idp.example:" + idp.getLocalPort() + "/.well-known/udap"), LIMITS));
                assertTrue(e.getCause() instanceof GuardedHttpClient.RefusedAddressException, String.valueOf(e.getCause()));
                assertTrue(((GuardedHttpClient.RefusedAddressException) e.getCause()).detail().contains("127.0.0.1"));
                assertEquals(1, lookups.get());
            }
            assertThrows(SocketTimeoutException.class, idp::accept, "the loopback IdP saw a connection");
        }
    }

    @Test
    void a_host_with_any_non_public_address_is_refused_and_a_public_one_resolves() throws Exception {
        GuardedHttpClient.PublicAddressResolver resolver = new GuardedHttpClient.PublicAddressResolver(host -> switch (host) {
            case "mixed.example" -> List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7"));
            case "nat64.example" -> List.of(InetAddress.getByName("64:ff9b::7f00:1"));
            case "public.example" -> List.of(InetAddress.getByName("93.184.216.34"));
            default -> List.of(InetAddress.getAllByName(host));
        });
        assertThrows(GuardedHttpClient.RefusedAddressException.class, () -> resolver.resolve("mixed.example"));
        assertThrows(GuardedHttpClient.RefusedAddressException.class, () -> resolver.resolve("nat64.example"));
        assertThrows(GuardedHttpClient.RefusedAddressException.class, () -> resolver.resolve("[::1]"));
        assertArrayEquals(new InetAddress[] {InetAddress.getByName("93.184.216.34")}, resolver.resolve("public.example"));
    }

    @Test
    void an_ip_literal_is_judged_by_the_same_resolver() throws Exception {
        try (ServerSocket idp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            idp.setSoTimeout(300);
            try (CloseableHttpClient client = GuardedHttpClient.build(null,
                    new GuardedHttpClient.PublicAddressResolver(IdpAddressPolicy.SYSTEM))) {
                OutboundFetcher.FetchException e = assertThrows(OutboundFetcher.FetchException.class, () -> new OutboundFetcher(client)
                        .get(URI.create("http://127.0.0.1:" + idp.getLocalPort() + "/"), LIMITS));
                assertTrue(e.getCause() instanceof GuardedHttpClient.RefusedAddressException, String.valueOf(e.getCause()));
            }
            assertThrows(SocketTimeoutException.class, idp::accept, "the loopback IdP saw a connection");
        }
    }


    @Test
    void a_configured_proxy_is_found_and_named_from_the_mappings_the_environment_or_the_jvm() {
        java.util.function.UnaryOperator<String> none = name -> null;
        assertEquals(java.util.Optional.empty(), GuardedHttpClient.configuredProxy(null, none, none));
        assertEquals(java.util.Optional.empty(), GuardedHttpClient.configuredProxy(new String[] {" "}, name -> " ", none));
        assertEquals(java.util.Optional.of("spi-connections-http-client-default-proxy-mappings"),
                GuardedHttpClient.configuredProxy(new String[] {".*;http://proxy:3128"}, none, none));
        assertEquals(java.util.Optional.of("the environment variable HTTPS_PROXY"), GuardedHttpClient.configuredProxy(null,
                name -> name.equals("HTTPS_PROXY") ? "http://proxy:3128" : null, none));
        assertEquals(java.util.Optional.of("the system property http.proxyHost"), GuardedHttpClient.configuredProxy(null,
                none, name -> name.equals("http.proxyHost") ? "proxy" : null));
    }
}
