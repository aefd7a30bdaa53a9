package org.payerauth.it.udap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.payerauth.it.smart.RealmAttributesAccess;
import org.payerauth.it.smart.SmartLaunch;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.it.support.LogTail;
import org.payerauth.it.support.OwnKeycloak;
import org.payerauth.it.support.ScriptedHostsFile;

/**
 * DNS rebinding against Tiered OAuth (security review 2, M4; attack catalogue §4.1): an app names an IdP whose host
 * answers a public address to the address check and loopback to the connection that follows. The app gets
 * {@code invalid_idp} and the listener on loopback sees no connection at all, because the address policy applies to
 * the address connected ({@code GuardedHttpClient}), not only to an earlier lookup.
 *
 * <p>Runs on a Keycloak of its own whose JVM resolves names through a {@link ScriptedHostsFile} (the JDK's hosts-file
 * resolver, uncached): a real resolver inside the real server, answering what a hostile DNS server with a zero TTL
 * answers. The suite's shared server keeps the machine's resolver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnsRebindingIT {

    /** Public (outside every range the policy refuses); never connected by this test. */
    private static final String PUBLIC_ADDRESS = "93.184.216.34";

    private ScriptedHostsFile hosts;
    private KeycloakServer server;
    private AdminApi admin;
    private TieredFixture tiered;

    @BeforeAll
    void start() {
        hosts = new ScriptedHostsFile(Path.of("target", "keycloak-dns-rebinding").toAbsolutePath());
        server = OwnKeycloak.start("dns-rebinding", hosts.javaOptions());
        admin = AdminApi.of(server);
        tiered = new TieredFixture(server, admin);
        // The fixture allows non-public IdPs for the shared suite; here the production policy applies.
        RealmAttributesAccess.set(admin, "udap.tiered.allowInsecureIdps", "false");
    }

    @AfterAll
    void stop() {
        try {
            if (tiered != null) {
                tiered.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (hosts != null) {
                hosts.close();
            }
        }
    }

    @Test
    void a_host_that_answers_a_public_address_to_the_check_and_loopback_to_the_connection_is_invalid_idp_unconnected()
            throws Exception {
        try (ServerSocket loopbackIdp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread accepting = new Thread(() -> {
                while (!loopbackIdp.isClosed()) {
                    try (Socket ignored = loopbackIdp.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "loopback-idp");
            accepting.setDaemon(true);
            accepting.start();

            String host = "idp-" + System.nanoTime() + ".rebinding.test";
            hosts.answer(host, PUBLIC_ADDRESS, "127.0.0.1");
            long providersBefore = tieredProviders();

            SmartLaunch launch = new SmartLaunch(server, new SmartLaunch.App(TieredFixture.APP, null), new Browser())
                    .param("scope", "openid udap launch/patient patient/*.rs")
                    .param("idp", "https://" + host + ":" + loopbackIdp.getLocalPort() + "/idp");
            SmartLaunch.Redirect redirect = launch.run("nobody");

            assertEquals("invalid_idp", redirect.error(), redirect.url());
            assertEquals(launch.params.get("state"), redirect.params().get("state"));
            assertNull(redirect.code());
            String description = redirect.params().get("error_description");
            assertNotNull(description);
            assertFalse(description.contains("127.0.0.1") || description.contains(PUBLIC_ADDRESS),
                    "the app learns no address: " + description);

            List<String> answered = hosts.answered(host);
            assertTrue(answered.size() >= 2 && answered.get(0).equals(PUBLIC_ADDRESS),
                    "the check was answered the public address, later lookups loopback: " + answered);
            JsonNode event = admin.getJson("/realms/payer/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&client="
                    + TieredFixture.APP + "&max=1").get(0);
            String reason = event.get("details").get("reason").asText();
            assertTrue(reason.contains(host) && reason.contains("127.0.0.1") && reason.contains("at connection time"),
                    "refused at the connection, after the check allowed the public address: " + event
                            + "\n" + server.logFile().map(log -> LogTail.of(log, 60)).orElse(""));

            assertEquals(0, connections.get(), "the IdP on loopback sees no connection");
            assertEquals(providersBefore, tieredProviders(), "no identity provider created");
        }
    }

    private long tieredProviders() {
        return tiered.tieredProviders();
    }
}
