package org.payerauth.it.udap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.payerauth.it.smart.Members;
import org.payerauth.it.smart.RealmAttributesAccess;
import org.payerauth.it.smart.SmartLaunch;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.Jwt;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.it.support.TestUdapIdp;
import org.payerauth.it.support.TestUdapIdp.Misbehaviour;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.KeyAlgorithm;

/**
 * UDAP Tiered OAuth (issue 9, U1–U16) against the real Keycloak, with an in-test UDAP identity provider
 * ({@link TestUdapIdp}) that can misbehave. The payer realm trusts the community {@value #COMMUNITY} for identity
 * providers; the development switch {@code udap.tiered.allowInsecureIdps} lets it reach the IdP on http://localhost.
 */
@KeycloakIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TieredOAuthIT {

    static final String COMMUNITY = TieredFixture.COMMUNITY;
    static final String APP = TieredFixture.APP;

    private KeycloakServer server;
    private AdminApi admin;
    private TieredFixture tiered;
    private CertificateAuthority root;
    /** The IdP most tests use (its metadata verdict and our registration there are warm after the first login). */
    private TestUdapIdp idp;

    @BeforeAll
    void setUp(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        tiered = new TieredFixture(server, admin);
        root = tiered.root;
        idp = new TestUdapIdp(root);
    }

    @AfterAll
    void tearDown() {
        if (idp != null) {
            idp.close();
        }
        if (tiered != null) {
            tiered.close();
        }
    }

    /** A launch of the test app asking for Tiered OAuth at {@code idp}. */
    private SmartLaunch tieredLaunch(String idpUrl) {
        return new SmartLaunch(server, new SmartLaunch.App(APP, null), new Browser())
                .param("scope", "openid udap launch/patient patient/*.rs")
                .param("idp", idpUrl);
    }

    /** A member whose email the IdP asserts; one patient, so the picker decides alone. */
    private String memberAtIdp(TestUdapIdp at) {
        String member = Members.create(admin, "Patient/tiered-1", List.of("tiered-1"));
        at.email(member + "@member.example");
        at.subject("sub-" + member);
        return member;
    }

    /** Gives the member a TOTP credential with {@code secret}, as setting up an authenticator app would. */
    private void giveTotp(String username, String secret) {
        String id = Members.id(admin, username);
        ObjectNode user = admin.getJson("/realms/payer/users/" + id).deepCopy();
        user.set("credentials", Http.JSON.valueToTree(List.of(org.payerauth.it.support.Totp.credential(secret))));
        HttpResponse<String> updated = admin.putJson("/realms/payer/users/" + id, user);
        assertEquals(204, updated.statusCode(), updated.body());
        JsonNode credentials = admin.getJson("/realms/payer/users/" + id + "/credentials");
        assertTrue(credentials.toString().contains("\"type\":\"otp\""), credentials.toString());
    }

    private void setEmail(String username, String email, boolean verified) {
        String id = Members.id(admin, username);
        ObjectNode user = admin.getJson("/realms/payer/users/" + id).deepCopy();
        user.put("email", email).put("emailVerified", verified);
        HttpResponse<String> updated = admin.putJson("/realms/payer/users/" + id, user);
        assertEquals(204, updated.statusCode(), updated.body());
    }

    /** Runs {@code test} while the payer realm's flow {@code alias} has another name (restored afterwards). */
    private void withFlowRenamed(String alias, Runnable test) {
        JsonNode flow = null;
        for (JsonNode f : admin.getJson("/realms/payer/authentication/flows")) {
            if (alias.equals(f.path("alias").asText())) {
                flow = f;
            }
        }
        assertNotNull(flow, alias);
        String path = "/realms/payer/authentication/flows/" + flow.get("id").asText();
        ObjectNode renamed = flow.deepCopy();
        renamed.put("alias", alias + " - renamed");
        HttpResponse<String> rename = admin.putJson(path, renamed);
        assertEquals(204, rename.statusCode(), rename.body());
        try {
            test.run();
        } finally {
            HttpResponse<String> restore = admin.putJson(path, flow);
            assertEquals(204, restore.statusCode(), restore.body());
        }
    }

    private JsonNode federatedIdentities(String username) {
        return admin.getJson("/realms/payer/users/" + Members.id(admin, username) + "/federated-identity");
    }

    private static void assertErrorToApp(SmartLaunch launch, SmartLaunch.Redirect redirect, String error) {
        assertEquals(error, redirect.error(), redirect.url());
        assertEquals(launch.params.get("state"), redirect.params().get("state"), "the app's own state comes back");
        assertNotNull(redirect.params().get("error_description"), redirect.url());
        assertNull(redirect.code());
    }

    @Test
    void discovery_lists_udap_to_and_the_udap_scope_once_a_community_is_trusted_for_identity_providers() {
        JsonNode metadata = Http.json(Http.get(server.realmUrl("payer") + "/.well-known/udap?community=" + Http.encode(COMMUNITY)));
        // The tiered community has a server certificate, so it serves metadata too.
        List<String> profiles = new ArrayList<>();
        metadata.get("udap_profiles_supported").forEach(p -> profiles.add(p.asText()));
        assertTrue(profiles.contains("udap_to"), profiles.toString());
        List<String> scopes = new ArrayList<>();
        metadata.get("scopes_supported").forEach(p -> scopes.add(p.asText()));
        assertTrue(scopes.contains("udap") && scopes.contains("openid"), scopes.toString());
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class FirstAndWarmLogin {

        @Test
        void a_member_signs_in_at_their_idp_links_once_by_reauthentication_and_the_app_gets_code_and_state() {
            String member = memberAtIdp(idp);
            int metadataFetches = idp.hits("/.well-known/udap");

            SmartLaunch first = tieredLaunch(idp.baseUrl());
            SmartLaunch.Redirect redirect = first.run(member);
            assertNotNull(redirect.code(), redirect.url());
            assertEquals(first.params.get("state"), redirect.params().get("state"));
            assertTrue(first.pagesSeen.toString().contains("login"), "the member re-authenticates once to link: " + first.pagesSeen);
            HttpResponse<String> token = first.exchange(redirect.code());
            assertEquals(200, token.statusCode(), token.body());
            assertEquals("tiered-1", Http.json(token).get("patient").asText());
            assertTrue(Http.json(token).get("scope").asText().contains("udap"), token.body());

            // We registered at the IdP (U5) with our certificate, as an authorization_code client of the broker.
            assertTrue(idp.registrations().size() >= 1);
            TestUdapIdp.Registration registration = idp.registrations().get(idp.registrations().size() - 1);
            JsonNode statement = registration.claims();
            assertEquals(UdapFixture.fhirBaseUrl(server), statement.get("iss").asText());
            assertEquals(idp.baseUrl() + "/register", statement.get("aud").asText());
            assertEquals("authorization_code", statement.get("grant_types").get(0).asText());
            assertTrue(statement.get("redirect_uris").get(0).asText()
                    .matches(java.util.regex.Pattern.quote(server.realmUrl("payer")) + "/broker/udap-to-[0-9a-f]+/endpoint"));
            assertTrue(statement.get("scope").asText().contains("openid udap"), statement.toString());
            assertEquals("private_key_jwt", statement.get("token_endpoint_auth_method").asText());
            assertEquals("https://payer-auth.dev/logo.png", statement.get("logo_uri").asText());
            assertNotNull(registration.header().get("x5c"));
            // The authentication request (U7): our own state, a nonce, PKCE S256, openid udap.
            Map<String, String> authorize = idp.authorizeRequests().get(idp.authorizeRequests().size() - 1);
            assertNotEquals(first.params.get("state"), authorize.get("state"));
            assertNotNull(authorize.get("nonce"));
            assertEquals("S256", authorize.get("code_challenge_method"));
            assertTrue(authorize.get("scope").contains("openid") && authorize.get("scope").contains("udap"));
            // The code exchange (U10): a UDAP client assertion with x5c, udap=1.
            Map<String, String> exchange = idp.tokenRequests().get(idp.tokenRequests().size() - 1);
            assertEquals("1", exchange.get("udap"));
            assertNotNull(Jwt.header(exchange.get("client_assertion")).get("x5c"));
            assertEquals(exchange.get("client_id"), Jwt.claims(exchange.get("client_assertion")).get("iss").asText());
            assertNotNull(exchange.get("code_verifier"));
            // The link is (iss, sub) at the IdP's alias.
            JsonNode links = federatedIdentities(member);
            assertEquals(1, links.size(), links.toString());
            assertEquals("sub-" + member, links.get(0).get("userId").asText());

            // Warm: a second login (new browser, no SSO) fetches no metadata, registers nothing, asks no password.
            int fetchesAfterFirst = idp.hits("/.well-known/udap");
            int registrationsAfterFirst = idp.registrations().size();
            assertTrue(fetchesAfterFirst - metadataFetches <= 1, "one metadata fetch at most for the first login");
            SmartLaunch second = tieredLaunch(idp.baseUrl());
            SmartLaunch.Redirect again = second.run(member);
            assertNotNull(again.code(), again.url());
            assertFalse(second.pagesSeen.toString().contains("login"), second.pagesSeen.toString());
            assertEquals(fetchesAfterFirst, idp.hits("/.well-known/udap"), "a warm login fetches no metadata");
            assertEquals(registrationsAfterFirst, idp.registrations().size(), "no second registration");
            HttpResponse<String> secondToken = second.exchange(again.code());
            assertEquals(200, secondToken.statusCode(), secondToken.body());
            JsonNode login = admin.getJson("/realms/payer/events?type=LOGIN&client=" + APP + "&max=1").get(0);
            assertEquals(org.payerauth.udap.tiered.TieredAlias.of(idp.baseUrl()), login.get("details").get("identity_provider").asText());
            String alias = org.payerauth.udap.tiered.TieredAlias.of(idp.baseUrl());
            JsonNode firstLogins = admin.getJson("/realms/payer/events?type=IDENTITY_PROVIDER_FIRST_LOGIN&client=" + APP + "&max=50");
            assertTrue(firstLogins.toString().contains("\"identity_provider\":\"" + alias + "\""), firstLogins.toString());
            // The member is the one linked (Keycloak 26.5+ also names them in the event; 26.4 does not).
            JsonNode user = admin.getJson("/realms/payer/users?exact=true&username=" + member).get(0);
            JsonNode memberLinks = admin.getJson("/realms/payer/users/" + user.get("id").asText() + "/federated-identity");
            assertTrue(memberLinks.toString().contains("\"identityProvider\":\"" + alias + "\""), memberLinks.toString());
        }
    }

    @Nested
    class Trigger {

        @Test
        void without_the_udap_scope_the_idp_parameter_is_ignored() {
            int hits = idp.hits("/.well-known/udap") + idp.hits("/authorize");
            SmartLaunch launch = tieredLaunch(idp.baseUrl()).param("scope", "openid launch/patient patient/*.rs");
            HttpResponse<String> page = launch.authorize();
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("kc-form-login"), "the payer's own login page");
            assertEquals(hits, idp.hits("/.well-known/udap") + idp.hits("/authorize"));
        }

        @Test
        void an_idp_that_is_not_an_absolute_url_is_invalid_request_to_the_app() {
            SmartLaunch launch = tieredLaunch("idp.example/not-absolute");
            assertErrorToApp(launch, launch.run("nobody"), "invalid_request");
        }

        @Test
        void an_app_that_did_not_register_the_udap_scope_gets_invalid_scope() {
            SmartLaunch launch = new SmartLaunch(server, new SmartLaunch.App("smart-demo-public", null), new Browser())
                    .param("scope", "openid udap launch/patient patient/*.read").param("idp", idp.baseUrl());
            assertErrorToApp(launch, launch.run("nobody"), "invalid_scope");
        }

        @Test
        void an_idp_on_loopback_is_refused_before_any_connection_when_the_development_switch_is_off() {
            try (TestUdapIdp other = new TestUdapIdp(root)) {
                RealmAttributesAccess.with(admin, "udap.tiered.allowInsecureIdps", "false", () -> {
                    SmartLaunch launch = tieredLaunch(other.baseUrl());
                    assertErrorToApp(launch, launch.run("nobody"), "invalid_idp");
                });
                assertEquals(0, other.hits("/.well-known/udap"), "no connection was made");
            }
        }

        @Test
        void an_idp_host_on_an_internal_address_is_refused_without_telling_the_app_the_address_but_the_event_names_it()
                throws Exception {
            List<String> addresses = java.util.Arrays.stream(java.net.InetAddress.getAllByName("localhost"))
                    .map(java.net.InetAddress::getHostAddress).toList();
            RealmAttributesAccess.with(admin, "udap.tiered.allowInsecureIdps", "false", () -> {
                SmartLaunch launch = tieredLaunch("https://localhost:1/idp-" + System.nanoTime());
                SmartLaunch.Redirect redirect = launch.run("nobody");
                assertErrorToApp(launch, redirect, "invalid_idp");
                String description = redirect.params().get("error_description");
                for (String address : addresses) {
                    assertFalse(description.contains(address), "the app learns no internal address: " + description);
                }
                JsonNode event = admin.getJson("/realms/payer/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&client=" + APP
                        + "&max=1").get(0);
                String reason = event.get("details").get("reason").asText();
                assertTrue(reason.contains("localhost") && addresses.stream().anyMatch(reason::contains),
                        "the operator's event names the host and its address: " + event);
            });
        }
    }

    @Nested
    class UntrustedIdentityProviders {

        /** A fresh IdP (its own URL, so no cached verdict) with the misbehaviour: invalid_idp, nothing registered. */
        private void refused(Consumer<TestUdapIdp> setUp) {
            try (TestUdapIdp bad = new TestUdapIdp(root)) {
                setUp.accept(bad);
                long providersBefore = tieredProviders();
                SmartLaunch launch = tieredLaunch(bad.baseUrl());
                assertErrorToApp(launch, launch.run("nobody"), "invalid_idp");
                assertEquals(0, bad.registrations().size(), "no registration at an untrusted IdP");
                assertEquals(0, bad.authorizeRequests().size(), "the member is never sent there");
                assertEquals(providersBefore, tieredProviders(), "no identity provider created");
            }
        }

        @Test
        void metadata_without_the_udap_scope() {
            refused(bad -> bad.misbehave(Misbehaviour.METADATA_WITHOUT_UDAP_SCOPE));
        }

        @Test
        void metadata_without_signed_metadata() {
            refused(bad -> bad.misbehave(Misbehaviour.METADATA_UNSIGNED));
        }

        @Test
        void signed_metadata_whose_iss_is_not_the_idp() {
            refused(bad -> bad.misbehave(Misbehaviour.METADATA_WRONG_ISS));
        }

        @Test
        void expired_signed_metadata() {
            refused(bad -> bad.misbehave(Misbehaviour.METADATA_EXPIRED));
        }

        @Test
        void metadata_signed_by_another_community() {
            refused(bad -> bad.signMetadataWith(CertificateAuthority.newRoot("Other Community", KeyAlgorithm.RSA_2048)));
        }

        /** Security review 2 L2: where members type their credentials must be vouched for by the IdP's certificate. */
        @Test
        void an_authorization_endpoint_only_in_the_unsigned_metadata() {
            refused(bad -> bad.misbehave(Misbehaviour.METADATA_AUTHORIZATION_ENDPOINT_UNSIGNED));
        }

        /** Security review 2 L2: an unsigned jwks_uri counts only on the issuer's own origin. */
        @Test
        void a_jwks_uri_on_another_origin_that_the_signed_metadata_does_not_name() {
            refused(bad -> bad.misbehave(Misbehaviour.JWKS_ON_ANOTHER_ORIGIN));
        }

        @Test
        void metadata_that_is_not_json() {
            refused(bad -> bad.misbehave(Misbehaviour.METADATA_NOT_JSON));
        }

        @Test
        void oversized_metadata() {
            refused(bad -> bad.misbehave(Misbehaviour.METADATA_HUGE));
        }

        @Test
        void slow_metadata_is_cut_off() {
            long start = System.nanoTime();
            refused(bad -> bad.misbehave(Misbehaviour.METADATA_SLOW));
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 20, "bounded by the 5 s deadline");
        }

        @Test
        void a_redirecting_metadata_endpoint_is_not_followed() {
            try (TestUdapIdp bad = new TestUdapIdp(root)) {
                bad.misbehave(Misbehaviour.METADATA_REDIRECT);
                SmartLaunch launch = tieredLaunch(bad.baseUrl());
                assertErrorToApp(launch, launch.run("nobody"), "invalid_idp");
                assertEquals(0, bad.hits("/.well-known/udap-elsewhere"));
            }
        }

        @Test
        void an_idp_that_refuses_our_registration_is_invalid_idp_and_no_identity_provider_is_kept() {
            try (TestUdapIdp bad = new TestUdapIdp(root)) {
                bad.misbehave(Misbehaviour.REGISTER_FAILS);
                long providersBefore = tieredProviders();
                SmartLaunch launch = tieredLaunch(bad.baseUrl());
                SmartLaunch.Redirect redirect = launch.run("nobody");
                assertErrorToApp(launch, redirect, "invalid_idp");
                assertTrue(redirect.params().get("error_description").contains("invalid_software_statement"), redirect.url());
                assertEquals(1, bad.registrations().size(), "one attempt");
                assertEquals(0, bad.authorizeRequests().size());
                assertEquals(providersBefore, tieredProviders());
            }
        }
    }

    /**
     * Security review 2, H1: an IdP that answers slowly at any stage of the exchange is cut off at the metadata
     * deadline (5 s, {@code OutboundFetcher.Limits.IDP_METADATA}), concurrent requests naming one new IdP share one
     * fetch, and a realm looks up at most {@code udap.tiered.maxConcurrentMetadataLoads} new IdPs at once.
     */
    @Nested
    class SlowAndConcurrentIdentityProviders {

        private static final long METADATA_DEADLINE_MS = 5_000;

        @Test
        void an_idp_that_trickles_its_metadata_headers_is_invalid_idp_within_the_deadline_and_meanwhile_another_new_idp_past_the_realms_bound_is_refused_at_once()
                throws Exception {
            try (HeaderTrickler slow = new HeaderTrickler(); TestUdapIdp other = new TestUdapIdp(root)) {
                RealmAttributesAccess.with(admin, "udap.tiered.maxConcurrentMetadataLoads", "1", () -> {
                    SmartLaunch launch = tieredLaunch(slow.baseUrl());
                    long start = System.nanoTime();
                    CompletableFuture<SmartLaunch.Redirect> slowLogin = CompletableFuture.supplyAsync(() -> launch.run("nobody"));
                    slow.awaitConnection();

                    // The realm's one place is taken by the trickling IdP's load: another new IdP is refused at once.
                    SmartLaunch busy = tieredLaunch(other.baseUrl());
                    long busyStart = System.nanoTime();
                    assertErrorToApp(busy, busy.run("nobody"), "invalid_idp");
                    long busyMillis = millisSince(busyStart);
                    assertFalse(slowLogin.isDone(), "refused while the other load still ran");
                    assertTrue(busyMillis < 3_000, "refused at once, not after the other load: " + busyMillis + " ms");
                    assertEquals(0, other.hits("/.well-known/udap"), "nothing fetched for it");
                    JsonNode event = admin.getJson("/realms/payer/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&client=" + APP
                            + "&max=1").get(0);
                    assertEquals("IDENTITY_PROVIDER_CHECKS_BUSY", event.get("details").get("udap_reason").asText(), event.toString());

                    SmartLaunch.Redirect redirect = join(slowLogin);
                    long millis = millisSince(start);
                    assertErrorToApp(launch, redirect, "invalid_idp");
                    assertTrue(millis < METADATA_DEADLINE_MS + 1_000, "cut off at the deadline: " + millis + " ms");

                    // The busy refusal was not kept: once the place is free, the other IdP is looked up (and trusted).
                    HttpResponse<String> again = tieredLaunch(other.baseUrl()).authorize();
                    assertEquals(303, again.statusCode(), again.body());
                    assertEquals(1, other.hits("/.well-known/udap"));
                });
            }
        }

        @Test
        void twenty_concurrent_authorization_requests_naming_one_new_idp_make_one_metadata_request() throws Exception {
            int requests = 20;
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(requests);
            try (TestUdapIdp fresh = new TestUdapIdp(root)) {
                fresh.misbehave(Misbehaviour.METADATA_DELAYED); // 1 s: every request arrives while the fetch runs
                List<CompletableFuture<HttpResponse<String>>> starts = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    SmartLaunch launch = tieredLaunch(fresh.baseUrl());
                    starts.add(CompletableFuture.supplyAsync(launch::authorize, threads));
                }
                for (CompletableFuture<HttpResponse<String>> start : starts) {
                    HttpResponse<String> response = start.get(60, TimeUnit.SECONDS);
                    assertEquals(303, response.statusCode(), response.body());
                    assertTrue(response.headers().firstValue("Location").orElseThrow().contains("/broker/udap-to-"));
                }
                assertEquals(1, fresh.hits("/.well-known/udap"), "one metadata request for all of them");
                assertEquals(1, fresh.registrations().size(), "one registration at the IdP for all of them");
            } finally {
                threads.shutdownNow();
            }
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * An identity provider that answers {@code HTTP/1.1 200 OK} at once and then its headers one byte every 500 ms (for
     * 60 s): every read of the client gets a byte long before any per-read timeout.
     */
    private static final class HeaderTrickler implements AutoCloseable {
        private final java.net.ServerSocket socket;
        private final java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
        private final List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

        HeaderTrickler() throws java.io.IOException {
            socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        java.net.Socket connection = socket.accept();
                        accepted.add(connection);
                        Thread writer = new Thread(() -> trickle(connection), "header-trickler");
                        writer.setDaemon(true);
                        writer.start();
                        connected.countDown();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "header-trickler-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String baseUrl() {
            return "http://localhost:" + socket.getLocalPort() + "/idp";
        }

        void awaitConnection() {
            try {
                assertTrue(connected.await(30, TimeUnit.SECONDS), "Keycloak connected to the trickling IdP");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private static void trickle(java.net.Socket connection) {
            try (connection) {
                java.io.OutputStream out = connection.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                for (int i = 0; i < 120; i++) {
                    Thread.sleep(500);
                    out.write('x');
                    out.flush();
                }
            } catch (java.io.IOException | InterruptedException e) {
                // Keycloak hung up
            }
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
            for (java.net.Socket connection : accepted) {
                connection.close();
            }
        }
    }

    @Nested
    class FailuresDuringTheLogin {

        /** The shared (trusted, registered) IdP misbehaves once: the app gets {@code error} and nobody is linked. */
        private void failsWith(Misbehaviour misbehaviour, String error) {
            String member = memberAtIdp(idp);
            idp.misbehave(misbehaviour);
            try {
                SmartLaunch launch = tieredLaunch(idp.baseUrl());
                assertErrorToApp(launch, launch.run(member), error);
                assertEquals(0, federatedIdentities(member).size(), "nobody was linked");
                JsonNode event = admin.getJson("/realms/payer/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&client=" + APP + "&max=1").get(0);
                assertEquals(error, event.get("error").asText(), event.toString());
                assertEquals(idp.baseUrl(), event.get("details").get("udap_idp").asText(), event.toString());
                assertNotNull(event.get("details").get("udap_reason"), event.toString());
                assertNotNull(event.get("details").get("reason"), event.toString());
            } finally {
                idp.behave();
            }
        }

        /**
         * Security review 2 M4: the address policy applies to the address connected, not only to the verdict (cached
         * for an hour). The IdP is trusted while the development switch allows loopback; while the member is at the
         * IdP the switch goes off, so its token endpoint's host (localhost) is now one this server must not connect
         * to: the code exchange is refused by the guarded client's resolver and the IdP sees no token request.
         */
        @Test
        void a_trusted_idp_whose_token_endpoint_host_is_no_longer_allowed_is_refused_at_the_code_exchange_unconnected() {
            String member = memberAtIdp(idp);
            int tokenRequestsBefore = idp.tokenRequests().size();
            idp.onAuthorize(() -> RealmAttributesAccess.set(admin, "udap.tiered.allowInsecureIdps", "false"));
            try {
                SmartLaunch launch = tieredLaunch(idp.baseUrl());
                assertErrorToApp(launch, launch.run(member), "invalid_idp");
                assertEquals(tokenRequestsBefore, idp.tokenRequests().size(), "the IdP saw no token request");
                assertEquals(0, federatedIdentities(member).size(), "nobody was linked");
                JsonNode event = admin.getJson("/realms/payer/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&client=" + APP + "&max=1").get(0);
                assertTrue(event.get("details").get("reason").asText().contains("at connection time"), event.toString());
            } finally {
                idp.onAuthorize(null);
                RealmAttributesAccess.set(admin, "udap.tiered.allowInsecureIdps", "true");
            }
        }

        @Test
        void an_error_from_the_idp_is_access_denied() {
            failsWith(Misbehaviour.AUTHORIZE_ERROR_ACCESS_DENIED, "access_denied");
        }

        @Test
        void a_wrong_state_from_the_idp_is_server_error() {
            failsWith(Misbehaviour.AUTHORIZE_WRONG_STATE, "server_error");
        }

        @Test
        void a_missing_state_from_the_idp_is_server_error() {
            failsWith(Misbehaviour.AUTHORIZE_NO_STATE, "server_error");
        }

        @Test
        void an_authorization_response_naming_another_issuer_is_a_mix_up() {
            failsWith(Misbehaviour.AUTHORIZE_WRONG_ISS, "invalid_idp");
        }

        @Test
        void an_id_token_from_another_issuer() {
            failsWith(Misbehaviour.ID_TOKEN_WRONG_ISS, "invalid_idp");
        }

        @Test
        void an_id_token_without_nonce() {
            failsWith(Misbehaviour.ID_TOKEN_NO_NONCE, "invalid_idp");
        }

        @Test
        void an_id_token_with_another_nonce() {
            failsWith(Misbehaviour.ID_TOKEN_WRONG_NONCE, "invalid_idp");
        }

        @Test
        void an_id_token_for_another_audience() {
            failsWith(Misbehaviour.ID_TOKEN_WRONG_AUD, "invalid_idp");
        }

        @Test
        void an_expired_id_token() {
            failsWith(Misbehaviour.ID_TOKEN_EXPIRED, "invalid_idp");
        }

        @Test
        void an_id_token_signed_by_a_key_not_in_the_idps_jwks() {
            failsWith(Misbehaviour.ID_TOKEN_UNTRUSTED_KEY, "invalid_idp");
        }

        @Test
        void an_id_token_without_sub() {
            failsWith(Misbehaviour.ID_TOKEN_NO_SUB, "invalid_idp");
        }

        @Test
        void a_person_who_is_no_member_is_access_denied() {
            idp.email("nobody-" + System.nanoTime() + "@member.example");
            idp.subject("stranger-" + System.nanoTime());
            SmartLaunch launch = tieredLaunch(idp.baseUrl());
            assertErrorToApp(launch, launch.run("nobody"), "access_denied");
            JsonNode event = admin.getJson("/realms/payer/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&client=" + APP + "&max=1").get(0);
            assertEquals("MEMBER_NOT_FOUND", event.get("details").get("udap_reason").asText(), event.toString());
            assertEquals(idp.baseUrl(), event.get("details").get("udap_idp").asText(), event.toString());
        }

        @Test
        void a_replayed_authorization_response_is_not_a_login() {
            String member = memberAtIdp(idp);
            SmartLaunch launch = tieredLaunch(idp.baseUrl());
            SmartLaunch.Redirect redirect = launch.run(member);
            assertNotNull(redirect.code(), redirect.url());
            // The IdP's answer again, in the same browser: no pending login waits for it.
            Map<String, String> lastAuthorize = idp.authorizeRequests().get(idp.authorizeRequests().size() - 1);
            String replay = lastAuthorize.get("redirect_uri") + "?state=" + Http.encode(lastAuthorize.get("state")) + "&code=replayed";
            HttpResponse<String> answer = launch.browser.get(replay);
            assertEquals(400, answer.statusCode(), answer.body());
        }
    }

    @Nested
    class MemberMapping {

        @Test
        void pre_linked_refuses_an_unlinked_person_even_with_a_matching_email_and_accepts_an_administrator_link() {
            String member = memberAtIdp(idp);
            RealmAttributesAccess.with(admin, "udap.tiered.memberMapping", "pre-linked", () -> {
                SmartLaunch refused = tieredLaunch(idp.baseUrl());
                assertErrorToApp(refused, refused.run(member), "access_denied");
                assertEquals(0, federatedIdentities(member).size());

                String alias = org.payerauth.udap.tiered.TieredAlias.of(idp.baseUrl());
                Map<String, Object> link = Map.of("identityProvider", alias, "userId", "sub-" + member, "userName", member);
                HttpResponse<String> linked = admin.postJson("/realms/payer/users/" + Members.id(admin, member)
                        + "/federated-identity/" + alias, link);
                assertEquals(204, linked.statusCode(), linked.body());
                SmartLaunch launch = tieredLaunch(idp.baseUrl());
                SmartLaunch.Redirect redirect = launch.run(member);
                assertNotNull(redirect.code(), redirect.url());
                assertFalse(launch.pagesSeen.toString().contains("login"), "no re-authentication: " + launch.pagesSeen);
            });
        }

        @Test
        void create_makes_an_account_for_a_new_person_without_asking_a_password_and_links_it() {
            String sub = "new-person-" + System.nanoTime();
            idp.subject(sub);
            idp.email(sub + "@elsewhere.example");
            RealmAttributesAccess.with(admin, "udap.tiered.memberMapping", "create", () -> {
                SmartLaunch launch = tieredLaunch(idp.baseUrl()).param("scope", "openid udap");
                SmartLaunch.Redirect redirect = launch.run("nobody");
                assertNotNull(redirect.code(), redirect.url());
                assertFalse(launch.pagesSeen.toString().contains("login"), launch.pagesSeen.toString());
                String username = (org.payerauth.udap.tiered.TieredAlias.of(idp.baseUrl()) + "." + sub).toLowerCase();
                JsonNode users = admin.getJson("/realms/payer/users?exact=true&username=" + Http.encode(username));
                assertEquals(1, users.size(), users.toString());
                assertEquals(sub + "@elsewhere.example", users.get(0).get("email").asText());
                JsonNode links = admin.getJson("/realms/payer/users/" + users.get(0).get("id").asText() + "/federated-identity");
                assertEquals(sub, links.get(0).get("userId").asText());
            });
        }

        /**
         * Security review 2 M2: linking re-authenticates the member as the browser flow does, password and then the
         * second factor they configured; the link is stored only after both.
         */
        @Test
        void a_member_with_otp_passes_the_otp_form_before_the_link_is_stored_and_leaving_there_links_nobody() {
            String member = memberAtIdp(idp);
            String secret = "tiered-otp-" + java.util.UUID.randomUUID();
            giveTotp(member, secret);

            SmartLaunch left = tieredLaunch(idp.baseUrl());
            left.otp = () -> null;
            org.junit.jupiter.api.Assertions.assertThrows(SmartLaunch.Abandoned.class, () -> left.run(member));
            assertEquals("login otp ", left.pagesSeen.toString(), "the password, then the second factor");
            assertEquals(0, federatedIdentities(member).size(), "no link while the second factor is missing");

            SmartLaunch launch = tieredLaunch(idp.baseUrl());
            launch.otp = () -> {
                assertEquals(0, federatedIdentities(member).size(), "no link after the password alone");
                return org.payerauth.it.support.Totp.now(secret);
            };
            SmartLaunch.Redirect redirect = launch.run(member);
            assertNotNull(redirect.code(), redirect.url());
            assertTrue(launch.pagesSeen.toString().startsWith("login otp "), launch.pagesSeen.toString());
            assertEquals(1, federatedIdentities(member).size(), "linked after both factors");
        }

        /** Security review 2 L5: an address a member typed in without proving it names nobody. */
        @Test
        void a_member_whose_own_email_is_unverified_is_not_matched() {
            String member = memberAtIdp(idp);
            setEmail(member, member + "@member.example", false);
            SmartLaunch launch = tieredLaunch(idp.baseUrl());
            assertErrorToApp(launch, launch.run(member), "access_denied");
            assertFalse(launch.pagesSeen.toString().contains("login"), "nobody is asked to confirm: " + launch.pagesSeen);
            assertEquals(0, federatedIdentities(member).size());
        }

        /**
         * Security review 2 L5: where a realm allows duplicate emails, another account that put the member's address
         * in its profile (unverified) does not block the member whose verified address it is.
         */
        @Test
        void an_account_holding_the_same_email_unverified_does_not_block_the_member_whose_verified_email_it_is() {
            String member = memberAtIdp(idp);
            String other = null;
            assertEquals(204, admin.putJson("/realms/payer", Map.of("duplicateEmailsAllowed", true)).statusCode());
            try {
                other = Members.create(admin, "Patient/tiered-2", List.of("tiered-2"));
                setEmail(other, member + "@member.example", false);
                SmartLaunch launch = tieredLaunch(idp.baseUrl());
                SmartLaunch.Redirect redirect = launch.run(member);
                assertNotNull(redirect.code(), redirect.url());
                assertEquals(1, federatedIdentities(member).size(), "the member with the verified address is linked");
                assertEquals(0, federatedIdentities(other).size());
            } finally {
                if (other != null) {
                    admin.delete("/realms/payer/users/" + Members.id(admin, other));
                }
                assertEquals(204, admin.putJson("/realms/payer", Map.of("duplicateEmailsAllowed", false)).statusCode());
            }
        }

        @Test
        void an_unverified_email_matches_nobody() {
            String member = memberAtIdp(idp);
            idp.emailUnverified(true);
            try {
                SmartLaunch launch = tieredLaunch(idp.baseUrl());
                assertErrorToApp(launch, launch.run(member), "access_denied");
                assertEquals(0, federatedIdentities(member).size());
            } finally {
                idp.emailUnverified(false);
            }
        }
    }

    @Nested
    class RegistrationAtTheIdp {

        @Test
        void an_idp_that_forgot_our_client_gets_one_new_registration_and_the_login_goes_on() {
            String member = memberAtIdp(idp);
            SmartLaunch warmUp = tieredLaunch(idp.baseUrl());
            assertNotNull(warmUp.run(member).code());
            int registrations = idp.registrations().size();
            idp.misbehave(Misbehaviour.TOKEN_INVALID_CLIENT_ONCE);
            SmartLaunch launch = tieredLaunch(idp.baseUrl());
            SmartLaunch.Redirect redirect = launch.run(member);
            assertNotNull(redirect.code(), redirect.url());
            assertEquals(registrations + 1, idp.registrations().size(), "registered again once");
        }

        @Test
        void deleting_the_identity_provider_makes_the_next_login_register_again() {
            try (TestUdapIdp fresh = new TestUdapIdp(root)) {
                String member = memberAtIdp(fresh);
                assertNotNull(tieredLaunch(fresh.baseUrl()).run(member).code());
                assertEquals(1, fresh.registrations().size());
                String alias = org.payerauth.udap.tiered.TieredAlias.of(fresh.baseUrl());
                assertEquals(204, admin.delete("/realms/payer/identity-provider/instances/" + alias).statusCode());
                assertEquals(0, federatedIdentities(member).size(), "Keycloak removes the links with the provider");
                assertNotNull(tieredLaunch(fresh.baseUrl()).run(member).code());
                assertEquals(2, fresh.registrations().size());
                int registeredEvents = 0;
                for (JsonNode event : admin.getJson("/realms/payer/events?type=CLIENT_REGISTER&client=" + APP + "&max=50")) {
                    if (fresh.baseUrl().equals(event.path("details").path("udap_idp").asText())) {
                        assertEquals(alias, event.path("details").path("identity_provider").asText());
                        registeredEvents++;
                    }
                }
                assertEquals(2, registeredEvents, "each registration at the IdP is a CLIENT_REGISTER event");
            }
        }

        @Test
        void a_renewed_server_certificate_makes_the_next_login_register_again_with_it() {
            try (TestUdapIdp fresh = new TestUdapIdp(root)) {
                String member = memberAtIdp(fresh);
                assertNotNull(tieredLaunch(fresh.baseUrl()).run(member).code());
                assertEquals(1, fresh.registrations().size());
                String before = fresh.registrations().get(0).header().get("x5c").get(0).asText();
                tiered.renewPayerServerCertificate();
                SmartLaunch.Redirect redirect = tieredLaunch(fresh.baseUrl()).run(member);
                assertNotNull(redirect.code(), redirect.url());
                assertEquals(2, fresh.registrations().size());
                assertNotEquals(before, fresh.registrations().get(1).header().get("x5c").get(0).asText());
                String assertionCert = Jwt.header(fresh.tokenRequests().get(fresh.tokenRequests().size() - 1)
                        .get("client_assertion")).get("x5c").get(0).asText();
                assertEquals(fresh.registrations().get(1).header().get("x5c").get(0).asText(), assertionCert,
                        "the code exchange uses the renewed certificate too");
            }
        }

        @Test
        void a_separate_tiered_client_certificate_is_what_we_register_and_authenticate_with() {
            org.payerauth.udap.devca.IssuedCertificate client = root.issue(org.payerauth.udap.devca.LeafSpec
                    .builder("payer-auth Tiered OAuth client").sanUri("https://payer.test/tiered-client").build());
            try (TestUdapIdp fresh = new TestUdapIdp(root)) {
                tiered.setTieredClientIdentity(client);
                String member = memberAtIdp(fresh);
                assertNotNull(tieredLaunch(fresh.baseUrl()).run(member).code());
                TestUdapIdp.Registration registration = fresh.registrations().get(fresh.registrations().size() - 1);
                assertEquals("https://payer.test/tiered-client", registration.claims().get("iss").asText());
                String expected = java.util.Base64.getEncoder().encodeToString(client.certificate().getEncoded());
                assertEquals(expected, registration.header().get("x5c").get(0).asText());
                String assertion = fresh.tokenRequests().get(fresh.tokenRequests().size() - 1).get("client_assertion");
                assertEquals(expected, Jwt.header(assertion).get("x5c").get(0).asText());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new AssertionError(e);
            } finally {
                tiered.setTieredClientIdentity(null);
            }
        }

        @Test
        void two_concurrent_first_logins_register_once() throws Exception {
            try (TestUdapIdp fresh = new TestUdapIdp(root)) {
                List<CompletableFuture<HttpResponse<String>>> starts = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    SmartLaunch launch = tieredLaunch(fresh.baseUrl());
                    starts.add(CompletableFuture.supplyAsync(launch::authorize));
                }
                for (CompletableFuture<HttpResponse<String>> start : starts) {
                    HttpResponse<String> response = start.get(60, TimeUnit.SECONDS);
                    assertEquals(303, response.statusCode(), response.body());
                    assertTrue(response.headers().firstValue("Location").orElseThrow().contains("/broker/udap-to-"));
                }
                assertEquals(1, fresh.registrations().size(), "one registration for both");
            }
        }

        /**
         * Security review 2 L3: without the payer's Tiered flows a new identity provider would run Keycloak's default
         * first-broker-login flow (which creates accounts) and no picker or consent; refused instead.
         */
        @Test
        void while_a_tiered_flow_is_missing_a_new_idp_is_invalid_idp_and_nothing_is_registered_or_created() {
            try (TestUdapIdp fresh = new TestUdapIdp(root)) {
                long providersBefore = tieredProviders();
                withFlowRenamed("payer tiered post broker login", () -> {
                    SmartLaunch launch = tieredLaunch(fresh.baseUrl());
                    SmartLaunch.Redirect redirect = launch.run("nobody");
                    assertErrorToApp(launch, redirect, "invalid_idp");
                    assertTrue(redirect.params().get("error_description").contains("payer tiered post broker login"),
                            redirect.url());
                });
                assertEquals(0, fresh.registrations().size(), "no registration at the IdP");
                assertEquals(providersBefore, tieredProviders(), "no identity provider created");
                JsonNode event = admin.getJson("/realms/payer/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&client=" + APP + "&max=1").get(0);
                assertEquals("TIERED_SETUP_INCOMPLETE", event.get("details").get("udap_reason").asText(), event.toString());
            }
        }

        /** Security review 2 L3: a stored Tiered identity provider whose flows were changed gets the Tiered flows back. */
        @Test
        void a_tiered_idp_whose_flows_were_changed_gets_the_tiered_flows_back_at_its_next_login() {
            try (TestUdapIdp fresh = new TestUdapIdp(root)) {
                String member = memberAtIdp(fresh);
                assertNotNull(tieredLaunch(fresh.baseUrl()).run(member).code());
                String path = "/realms/payer/identity-provider/instances/" + org.payerauth.udap.tiered.TieredAlias.of(fresh.baseUrl());
                ObjectNode provider = admin.getJson(path).deepCopy();
                provider.put("firstBrokerLoginFlowAlias", "first broker login").put("postBrokerLoginFlowAlias", "");
                HttpResponse<String> changed = admin.putJson(path, provider);
                assertEquals(204, changed.statusCode(), changed.body());
                assertEquals("first broker login", admin.getJson(path).get("firstBrokerLoginFlowAlias").asText());

                SmartLaunch.Redirect redirect = tieredLaunch(fresh.baseUrl()).run(member);
                assertNotNull(redirect.code(), redirect.url());
                JsonNode repaired = admin.getJson(path);
                assertEquals("payer tiered first broker login", repaired.get("firstBrokerLoginFlowAlias").asText(), repaired.toString());
                assertEquals("payer tiered post broker login", repaired.get("postBrokerLoginFlowAlias").asText(), repaired.toString());
            }
        }

        /**
         * Security review 2 L4: the same IdP asked for through alternating communities ({@code ?community=}) is
         * registered at once, not again on every login.
         */
        @Test
        void alternating_the_community_registers_at_most_once_per_idp_and_community() {
            String second = "udap://payer-auth.test/tiered-second";
            String secondId = tiered.addIdpCommunity(second);
            try (TestUdapIdp fresh = new TestUdapIdp(root)) {
                String member = memberAtIdp(fresh);
                for (int i = 0; i < 4; i++) {
                    String community = i % 2 == 0 ? COMMUNITY : second;
                    SmartLaunch launch = tieredLaunch(fresh.baseUrl() + "?community=" + Http.encode(community));
                    SmartLaunch.Redirect redirect = launch.run(member);
                    assertNotNull(redirect.code(), community + ": " + redirect.url());
                }
                assertTrue(fresh.metadataRequests().stream().anyMatch(q -> second.equals(q.get("community"))),
                        "the IdP was asked for the second community's metadata: " + fresh.metadataRequests());
                assertEquals(1, fresh.registrations().size(), "one registration, kept across communities");
                assertEquals(1, federatedIdentities(member).size());
            } finally {
                tiered.removeCommunity(secondId);
            }
        }

        /** Security review 2 L4: at most udap.tiered.maxNewIdentityProvidersPerHour first registrations an hour. */
        @Test
        void past_the_hourly_bound_a_new_idp_is_invalid_idp_and_nothing_is_registered_or_created_but_known_ones_work() {
            assertEquals(303, tieredLaunch(idp.baseUrl()).authorize().statusCode(), "the shared IdP is registered");
            try (TestUdapIdp first = new TestUdapIdp(root); TestUdapIdp second = new TestUdapIdp(root)) {
                RealmAttributesAccess.with(admin, "udap.tiered.maxNewIdentityProvidersPerHour", "1", () -> {
                    // Takes the hour's one slot, unless an earlier registration of this hour holds it already.
                    tieredLaunch(first.baseUrl()).authorize();
                    long providersBefore = tieredProviders();
                    SmartLaunch launch = tieredLaunch(second.baseUrl());
                    SmartLaunch.Redirect redirect = launch.run("nobody");
                    assertErrorToApp(launch, redirect, "invalid_idp");
                    assertEquals(0, second.registrations().size(), "no registration at the IdP");
                    assertEquals(providersBefore, tieredProviders(), "no identity provider created");
                    JsonNode event = admin.getJson("/realms/payer/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&client=" + APP + "&max=1").get(0);
                    assertEquals("IDENTITY_PROVIDER_LIMIT_REACHED", event.get("details").get("udap_reason").asText(), event.toString());

                    HttpResponse<String> known = tieredLaunch(idp.baseUrl()).authorize();
                    assertEquals(303, known.statusCode(), "a known IdP is no first registration");
                    assertTrue(known.headers().firstValue("Location").orElseThrow().contains("/broker/udap-to-"));
                });
            }
        }

        @Test
        void the_identity_provider_is_kept_in_keycloak_with_issuer_jwks_pkce_and_the_tiered_flows() {
            String member = memberAtIdp(idp);
            assertNotNull(tieredLaunch(idp.baseUrl()).run(member).code());
            JsonNode provider = admin.getJson("/realms/payer/identity-provider/instances/"
                    + org.payerauth.udap.tiered.TieredAlias.of(idp.baseUrl()));
            assertEquals("udap-tiered", provider.get("providerId").asText());
            assertTrue(provider.get("hideOnLogin").asBoolean(), provider.toString());
            assertEquals("payer tiered first broker login", provider.get("firstBrokerLoginFlowAlias").asText());
            assertEquals("payer tiered post broker login", provider.get("postBrokerLoginFlowAlias").asText());
            JsonNode config = provider.get("config");
            assertEquals(idp.baseUrl(), config.get("issuer").asText());
            assertEquals(idp.baseUrl() + "/jwks", config.get("jwksUrl").asText());
            assertEquals("true", config.get("validateSignature").asText());
            assertEquals("true", config.get("pkceEnabled").asText());
            assertEquals("S256", config.get("pkceMethod").asText());
            assertEquals(idp.baseUrl() + "/authorize", config.get("authorizationUrl").asText());
            assertEquals(COMMUNITY, config.get("udap.community").asText());
        }
    }

    /**
     * The upstream is a realm of the same Keycloak ({@code member-idp}, from {@code realm-export/}) with payer-auth's
     * own UDAP modules: its signed metadata, its UDAP registration (which registers the payer), its UDAP client
     * authentication (the payer's code exchange) and Keycloak's ID tokens. Nothing in between is a mock.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AgainstAKeycloakRealmAsTheMembersIdentityProvider {

        private static final String IDP_REALM = TieredFixture.IDP_REALM;

        private String personAtBoth() {
            return tiered.personAtBoth(List.of("tiered-1"));
        }

        @Test
        void the_idp_realm_advertises_openid_and_udap_and_signs_its_metadata_as_its_realm_url() {
            JsonNode metadata = Http.json(Http.get(server.realmUrl(IDP_REALM) + "/.well-known/udap"));
            List<String> scopes = new ArrayList<>();
            metadata.get("scopes_supported").forEach(p -> scopes.add(p.asText()));
            assertTrue(scopes.contains("udap") && scopes.contains("openid"), scopes.toString());
            assertEquals(server.realmUrl(IDP_REALM), Jwt.claims(metadata.get("signed_metadata").asText()).get("iss").asText());
        }

        @Test
        void a_member_signs_in_at_the_keycloak_idp_and_the_app_gets_its_code_state_and_patient() {
            String member = personAtBoth();
            SmartLaunch launch = tieredLaunch(server.realmUrl(IDP_REALM));
            SmartLaunch.Redirect redirect = launch.run(member);
            assertNotNull(redirect.code(), redirect.url() + " after " + launch.pagesSeen);
            assertEquals(launch.params.get("state"), redirect.params().get("state"));
            HttpResponse<String> token = launch.exchange(redirect.code());
            assertEquals(200, token.statusCode(), token.body());
            assertEquals("tiered-1", Http.json(token).get("patient").asText());

            // The payer registered at the IdP realm through UDAP DCR: a UDAP client there whose iss is the payer.
            JsonNode clients = admin.getJson("/realms/" + IDP_REALM + "/clients?max=500");
            boolean payerRegistered = false;
            for (JsonNode client : clients) {
                if ("udap-client-jwt".equals(client.path("clientAuthenticatorType").asText())
                        && client.path("redirectUris").toString().contains("/realms/payer/broker/udap-to-")) {
                    payerRegistered = true;
                }
            }
            assertTrue(payerRegistered, clients.toString());
            JsonNode links = federatedIdentities(member);
            assertEquals(1, links.size(), links.toString());
            assertEquals(Members.idIn(admin, IDP_REALM, member), links.get(0).get("userId").asText(),
                    "linked by the IdP's sub, the person's id there");

            // Warm: the next login asks for no payer password.
            SmartLaunch again = tieredLaunch(server.realmUrl(IDP_REALM));
            SmartLaunch.Redirect second = again.run(member);
            assertNotNull(second.code(), second.url());
            assertEquals(1, count(again.pagesSeen.toString(), "login"), "only the IdP's own login: " + again.pagesSeen);
        }
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }

    private long tieredProviders() {
        return tiered.tieredProviders();
    }
}
