package org.payerauth.it.udap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.payerauth.it.smart.RealmAttributesAccess;
import org.payerauth.it.smart.SmartLaunch;
import org.payerauth.it.smart.SmartLaunchAccess;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakCluster;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.it.support.TestUdapIdp;
import org.payerauth.it.support.X509;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.registration.SoftwareStatementBuilder;

/**
 * Issue 12, item 2: two Keycloak nodes as a payer runs them in production ({@link KeycloakCluster}: built for
 * PostgreSQL, {@code start --optimized}, one {@code --hostname}, clustered through the database). What one node
 * stores or uses up, the other sees; a node lost or a full restart loses nothing. The build also imports the
 * production realm the way docs/operations.md has it, into a database of its own. The steps build on each other, so
 * they run in order on one cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeClusterIT {

    private static final int NODE_1 = 0;
    private static final int NODE_2 = 1;
    private static final SmartLaunch.App MEMBER_APP = new SmartLaunch.App("smart-demo-confidential", "smart-demo-secret");

    private KeycloakCluster cluster;
    private KeycloakServer publicAddress;
    private UdapFixture fixture;
    private TieredFixture tiered;
    private TestUdapIdp idp;

    /** Made on node 1 in the first steps, used by later ones. */
    private String b2bClient;
    private IssuedCertificate b2bSigner;
    private String offlineRefreshToken;
    private String patient;
    private String usedAssertion;
    private String firstRefreshToken;
    private String usedStatement;
    private String sharingMemberId;
    private String sharingPatient;

    @BeforeAll
    void startCluster() {
        cluster = KeycloakCluster.start(2);
        publicAddress = cluster.publicAddress();
        // The communities are made through node 1's admin API, after both nodes are up.
        fixture = new UdapFixture(publicAddress, AdminApi.of(cluster.node(NODE_1)));
    }

    @AfterAll
    void stopCluster() {
        try {
            if (idp != null) {
                idp.close();
            }
            if (fixture != null) {
                fixture.pki.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void theProductionRealmImportsIntoTheBuiltDistributionAsTheReadmeSays() {
        assertTrue(cluster.productionRealmImported(), "kc.sh import --file realm-export/production/payer-realm.json");
    }

    @Test
    @Order(1)
    void theTwoNodesFormOneCluster() {
        assertEquals(2, cluster.lastClusterView(NODE_1), "node 1's last cluster view; see " + cluster.log(NODE_1));
        assertEquals(2, cluster.lastClusterView(NODE_2), "node 2's last cluster view; see " + cluster.log(NODE_2));
    }

    @Test
    @Order(2)
    void aCommunityAndARegistrationMadeOnNode1_workOnNode2() throws Exception {
        assertSignedByCommunityA(NODE_2);

        String iss = "https://apps.test/cluster-b2b-" + UUID.randomUUID();
        b2bSigner = appCertificate(iss);
        HttpResponse<String> registered = register(NODE_1, SoftwareStatementBuilder.clientCredentials(iss,
                fixture.registrationEndpoint()).scope("system/*.read").sign(b2bSigner.privateKey(), b2bSigner.chain()));
        assertEquals(201, registered.statusCode(), registered.body());
        b2bClient = Http.json(registered).get("client_id").asText();

        HttpResponse<String> token = clientCredentials(NODE_2, b2bAssertion());
        assertEquals(200, token.statusCode(), "node 2 authenticates the app node 1 registered: " + token.body());
        assertTrue(Http.json(token).get("scope").asText().contains("system/"), token.body());
    }

    @Test
    @Order(3)
    void aJtiUsedOnNode1_isRefusedOnNode2() {
        String assertion = b2bAssertion();
        usedAssertion = assertion;
        assertEquals(200, clientCredentials(NODE_1, assertion).statusCode());
        HttpResponse<String> replayed = clientCredentials(NODE_2, assertion);
        assertEquals(401, replayed.statusCode(), replayed.body());
        assertEquals("invalid_client", Http.json(replayed).get("error").asText(), replayed.body());
        assertTrue(Http.json(replayed).get("error_description").asText().contains("jti"), replayed.body());

        String iss = "https://apps.test/cluster-ac-" + UUID.randomUUID();
        IssuedCertificate signer = appCertificate(iss);
        String statement = SoftwareStatementBuilder.authorizationCode(iss, fixture.registrationEndpoint())
                .redirectUris(List.of("https://apps.test/callback")).scope("openid launch/patient patient/*.read")
                .sign(signer.privateKey(), signer.chain());
        assertEquals(201, register(NODE_1, statement).statusCode());
        usedStatement = statement;
        HttpResponse<String> again = register(NODE_2, statement);
        assertEquals(400, again.statusCode(), again.body());
        assertEquals("invalid_software_statement", Http.json(again).get("error").asText(), again.body());
        assertTrue(Http.json(again).get("error_description").asText().contains("jti"), again.body());
    }

    @Test
    @Order(3)
    void newAppsOnBothNodesAtOnce_whenMaxClientsLeavesRoomForOne_makeExactlyOneClient() throws Exception {
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String iss = "https://apps.test/cluster-quota-" + UUID.randomUUID();
            IssuedCertificate signer = appCertificate(iss);
            statements.add(SoftwareStatementBuilder.clientCredentials(iss, fixture.registrationEndpoint())
                    .scope("system/*.read").sign(signer.privateKey(), signer.chain()));
        }
        AdminApi admin = AdminApi.of(cluster.node(NODE_1));
        int before = admin.getJson("/realms/payer/clients?briefRepresentation=true&first=0&max=100000").size();
        String limit = String.valueOf(before + 1);
        RealmAttributesAccess.with(admin, "udap.maxClients", limit, () -> {
            AdminApi onNode2 = AdminApi.of(cluster.node(NODE_2));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!limit.equals(onNode2.getJson("/realms/payer").path("attributes").path("udap.maxClients").asText())) {
                assertTrue(System.nanoTime() < deadline, "node 2 sees the realm's new quota");
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            ExecutorService pool = Executors.newFixedThreadPool(statements.size());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < statements.size(); i++) {
                int node = i % 2 == 0 ? NODE_1 : NODE_2;
                String statement = statements.get(i);
                sent.add(pool.submit(() -> {
                    start.await();
                    return register(node, statement);
                }));
            }
            start.countDown();
            int created = 0;
            try {
                for (Future<HttpResponse<String>> response : sent) {
                    HttpResponse<String> answer = response.get();
                    if (answer.statusCode() == 201) {
                        created++;
                    } else {
                        assertEquals(400, answer.statusCode(), answer.body());
                        assertEquals("unapproved_software_statement", Http.json(answer).get("error").asText(), answer.body());
                    }
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                pool.shutdown();
            }
            assertEquals(1, created, "one place across both nodes");
            assertEquals(before + 1, admin.getJson("/realms/payer/clients?briefRepresentation=true&first=0&max=100000").size());
        });
    }

    @Test
    @Order(4)
    void aSmartLaunchSignedInOnNode1_exchangesItsCodeAndRefreshesOnNode2_withTheSamePatient() {
        SmartLaunch launch = new SmartLaunch(publicAddress, MEMBER_APP, new Browser());
        int toNode2 = cluster.connectionsTo(NODE_2);
        int toNode1 = cluster.connectionsTo(NODE_1);
        SmartLaunch.Redirect redirect = launch.run("alice");
        assertNotNull(redirect.code(), redirect.url());
        assertTrue(cluster.connectionsTo(NODE_1) > toNode1, "the sign-in ran on node 1");
        assertEquals(toNode2, cluster.connectionsTo(NODE_2), "node 2 saw nothing of the sign-in");

        HttpResponse<String> token = tokenRequest(NODE_2, Map.of("grant_type", "authorization_code",
                "code", redirect.code(), "redirect_uri", SmartLaunch.REDIRECT_URI, "code_verifier", launch.pkce.verifier()));
        assertEquals(200, token.statusCode(), "node 2 exchanges node 1's code: " + token.body());
        JsonNode json = Http.json(token);
        patient = json.get("patient").asText();
        assertTrue(json.get("scope").asText().contains("offline_access"), token.body());

        HttpResponse<String> refreshed = refresh(NODE_2, json.get("refresh_token").asText());
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals(patient, Http.json(refreshed).get("patient").asText(), "the launch context crossed nodes");
        offlineRefreshToken = Http.json(refreshed).get("refresh_token").asText(); // the realm rotates refresh tokens
        firstRefreshToken = json.get("refresh_token").asText();
    }

    @Test
    @Order(5)
    void aTieredIdentityProviderRegisteredByNode1_isUsedByNode2_notRegisteredTwice() {
        tiered = new TieredFixture(publicAddress, AdminApi.of(cluster.node(NODE_1)));
        idp = new TestUdapIdp(tiered.root);
        String authorize = tieredAuthorizeUrl();

        HttpResponse<String> onNode1 = new Browser().get(cluster.onNode(NODE_1, authorize));
        assertEquals(303, onNode1.statusCode(), onNode1.body());
        assertTrue(onNode1.headers().firstValue("Location").orElseThrow().contains("/broker/udap-to-"), onNode1.toString());
        assertEquals(1, idp.registrations().size(), "node 1 registered at the IdP");

        HttpResponse<String> onNode2 = new Browser().get(cluster.onNode(NODE_2, authorize));
        assertEquals(303, onNode2.statusCode(), onNode2.body());
        assertTrue(onNode2.headers().firstValue("Location").orElseThrow().contains("/broker/udap-to-"), onNode2.toString());
        assertEquals(1, idp.registrations().size(), "node 2 used node 1's registration");
    }

    @Test
    @Order(5)
    void aSharingChoiceChangedOnBothNodesFromOneState_isRecordedOnce_andTheFhirServerReadsItOnEitherNode() throws Exception {
        AdminApi onNode1 = AdminApi.of(cluster.node(NODE_1));
        AdminApi onNode2 = AdminApi.of(cluster.node(NODE_2));
        sharingPatient = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        String member = org.payerauth.it.smart.Members.create(onNode1, "Patient/" + sharingPatient,
                List.of(sharingPatient + "|Cluster Member|1980-01-01"));
        sharingMemberId = org.payerauth.it.smart.Members.id(onNode1, member);
        String path = "/realms/payer/data-sharing/users/" + sharingMemberId + "/patients/" + sharingPatient
                + "/choices/PROVIDER_ACCESS";
        Map<String, String> body = Map.of("current", "SHARED", "value", "OPTED_OUT", "reason", "Member's letter");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (AdminApi node : List.of(onNode1, onNode2)) {
            node.token();
            sent.add(pool.submit(() -> {
                start.await();
                return node.postJson(path, body);
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<HttpResponse<String>> answer : sent) {
                statuses.add(answer.get().statusCode());
            }
        } finally {
            pool.shutdown();
        }
        statuses.sort(null);
        assertEquals(List.of(200, 409), statuses, "one change from one state, whichever node");
        JsonNode history = onNode2.getJson("/realms/payer/data-sharing/users/" + sharingMemberId).get("patients").get(0).get("history");
        assertEquals(1, history.size(), history.toString());

        String clientUuid = onNode1.getJson("/realms/payer/clients?clientId=fhir-server").get(0).get("id").asText();
        String secret = onNode1.getJson("/realms/payer/clients/" + clientUuid + "/client-secret").get("value").asText();
        for (int node : List.of(NODE_1, NODE_2)) {
            HttpResponse<String> consents = Http.get(cluster.node(node).realmUrl("payer") + "/data-sharing/fhir/Consent?patient="
                    + sharingPatient + "&category=provider-access", "Authorization", SmartLaunchAccess.basic("fhir-server", secret));
            assertEquals(200, consents.statusCode(), consents.body());
            assertEquals("deny", Http.json(consents).get("entry").get(0).get("resource").get("provision").get("type").asText());
        }
    }

    @Test
    @Order(6)
    void node1Lost_node2KeepsServing_andAcceptsNewRegistrations() {
        cluster.kill(NODE_1);

        HttpResponse<String> refreshed = refresh(NODE_2, offlineRefreshToken);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals(patient, Http.json(refreshed).get("patient").asText());
        offlineRefreshToken = Http.json(refreshed).get("refresh_token").asText(); // the realm rotates refresh tokens
        assertEquals(200, clientCredentials(NODE_2, b2bAssertion()).statusCode());

        String iss = "https://apps.test/cluster-after-loss-" + UUID.randomUUID();
        IssuedCertificate signer = appCertificate(iss);
        HttpResponse<String> registered = register(NODE_2, SoftwareStatementBuilder.clientCredentials(iss,
                fixture.registrationEndpoint()).scope("system/*.read").sign(signer.privateKey(), signer.chain()));
        assertEquals(201, registered.statusCode(), registered.body());

        // A member signs in through the public address, which now reaches node 2 only.
        int toNode2 = cluster.connectionsTo(NODE_2);
        JsonNode token = new SmartLaunch(publicAddress, MEMBER_APP, new Browser()).launch("alice");
        assertEquals(patient, token.get("patient").asText());
        assertTrue(cluster.connectionsTo(NODE_2) > toNode2);
    }

    @Test
    @Order(7)
    void aFullRestart_keepsCommunitiesRegistrationsMemberLinksOfflineGrantsAndTieredRegistrations() throws Exception {
        cluster.stop(NODE_2);
        cluster.startNode(NODE_1);
        cluster.startNode(NODE_2);
        cluster.awaitClusterOf(2);

        assertSignedByCommunityA(NODE_2);
        // Keycloak's single-use store is memory only: what was used before the full restart is forgotten there, so
        // JWTs signed before the cluster came back are refused (SingleUseReplayGuard), fresh ones work.
        HttpResponse<String> oldAssertion = clientCredentials(NODE_1, usedAssertion);
        assertEquals(401, oldAssertion.statusCode(), oldAssertion.body());
        assertTrue(Http.json(oldAssertion).get("error_description").asText().contains("replay record"), oldAssertion.body());
        HttpResponse<String> oldStatement = register(NODE_2, usedStatement);
        assertEquals(400, oldStatement.statusCode(), oldStatement.body());
        assertEquals("invalid_software_statement", Http.json(oldStatement).get("error").asText(), oldStatement.body());
        assertEquals(200, clientCredentials(NODE_1, b2bAssertion()).statusCode(), "the registration survived");
        HttpResponse<String> refreshed = refresh(NODE_2, offlineRefreshToken);
        assertEquals(200, refreshed.statusCode(), "the offline grant survived: " + refreshed.body());
        assertEquals(patient, Http.json(refreshed).get("patient").asText(), "with its patient");
        JsonNode token = new SmartLaunch(publicAddress, MEMBER_APP, new Browser()).launch("alice");
        assertEquals(patient, token.get("patient").asText(), "the member's patient link survived");
        JsonNode sharing = AdminApi.of(cluster.node(NODE_2)).getJson("/realms/payer/data-sharing/users/" + sharingMemberId);
        assertEquals("OPTED_OUT", sharing.get("patients").get(0).get("choices").get("PROVIDER_ACCESS").get("value").asText(),
                "the member's sharing choice survived");

        HttpResponse<String> tieredAgain = new Browser().get(cluster.onNode(NODE_2, tieredAuthorizeUrl()));
        assertEquals(303, tieredAgain.statusCode(), tieredAgain.body());
        assertEquals(1, idp.registrations().size(), "the Tiered identity provider survived: no new registration");

        // Refresh-token rotation is cluster-wide and survives too: the first, long rotated token, replayed on node 1,
        // is refused, and Keycloak then revokes the grant on every node.
        offlineRefreshToken = Http.json(refreshed).get("refresh_token").asText();
        HttpResponse<String> replayed = refresh(NODE_1, firstRefreshToken);
        assertEquals(400, replayed.statusCode(), replayed.body());
        assertEquals("invalid_grant", Http.json(replayed).get("error").asText(), replayed.body());
        assertEquals(400, refresh(NODE_2, offlineRefreshToken).statusCode(), "the replay revoked the grant on node 2 too");
    }

    // ---- helpers ----

    private IssuedCertificate appCertificate(String iss) {
        return fixture.pki.intermediateA.issue(LeafSpec.builder("App " + iss).sanUri(iss)
                .crlUrl(fixture.pki.crls.url("intermediate-a")).build());
    }

    private void assertSignedByCommunityA(int node) throws Exception {
        HttpResponse<String> metadata = Http.get(cluster.onNode(node, publicAddress.realmUrl("payer") + "/.well-known/udap"));
        assertEquals(200, metadata.statusCode(), metadata.body());
        SignedJWT signed = SignedJWT.parse(Http.json(metadata).get("signed_metadata").asText());
        assertEquals(X509.sha256Thumbprint(fixture.pki.serverA.certificate()),
                X509.sha256Thumbprint(com.nimbusds.jose.util.X509CertUtils.parse(signed.getHeader().getX509CertChain().get(0).decode())));
        assertEquals(publicAddress.realmUrl("payer") + "/clients-registrations/udap",
                signed.getJWTClaimsSet().getStringClaim("registration_endpoint"), "URLs come from the one hostname");
    }

    private HttpResponse<String> register(int node, String statement) {
        return Http.send(HttpRequest.newBuilder(URI.create(cluster.onNode(node, fixture.registrationEndpoint())))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SoftwareStatementBuilder.registrationRequest(statement))).build());
    }

    private String b2bAssertion() {
        return ClientAssertions.sign(ClientAssertions.b2bClaims(b2bClient, fixture.tokenEndpoint()).build(), b2bSigner);
    }

    private HttpResponse<String> clientCredentials(int node, String assertion) {
        Map<String, String> form = ClientAssertions.form("client_credentials", assertion);
        form.put("scope", "system/*.read");
        return Http.postForm(cluster.onNode(node, fixture.tokenEndpoint()), form);
    }

    private HttpResponse<String> refresh(int node, String refreshToken) {
        return tokenRequest(node, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    private HttpResponse<String> tokenRequest(int node, Map<String, String> form) {
        return Http.postForm(cluster.onNode(node, fixture.tokenEndpoint()), new LinkedHashMap<>(form),
                "Authorization", SmartLaunchAccess.basic(MEMBER_APP.clientId(), MEMBER_APP.secret()));
    }

    /** The Tiered OAuth authorization request of the test app for the in-test IdP, under the public address. */
    private String tieredAuthorizeUrl() {
        SmartLaunch launch = new SmartLaunch(publicAddress, new SmartLaunch.App(TieredFixture.APP, null), new Browser())
                .param("scope", "openid udap launch/patient patient/*.rs")
                .param("idp", idp.baseUrl());
        return launch.endpoint("auth") + "?" + Http.form(launch.params);
    }
}
