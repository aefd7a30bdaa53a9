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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.it.smart.RealmAttributesAccess;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.registration.SoftwareStatementBuilder;

/**
 * UDAP Dynamic Client Registration against the real server: Inferno's registration assertions (udap.md §9.2, by test
 * id), create / update / cancel keyed on (iss, community), two communities, concurrency, every error code of
 * udap.md §3.3 with "a rejected request changes nothing", the Keycloak client it makes, and the audit events.
 */
@KeycloakIT
class UdapRegistrationIT {

    private static UdapFixture fixture;

    @BeforeAll
    static void communities(KeycloakServer server, AdminApi admin) {
        fixture = new UdapFixture(server, admin);
    }

    @AfterAll
    static void cleanUp() {
        fixture.close();
    }

    /** A fresh iss (SAN URI) per test: certificates for it are issued by community A's intermediate. */
    private static IssuedCertificate appCertificate(String iss) {
        return fixture.pki.intermediateA.issue(org.payerauth.udap.devca.LeafSpec.builder("App " + iss).sanUri(iss)
                .crlUrl(fixture.pki.crls.url("intermediate-a")).build());
    }

    private static String uniqueIss() {
        return "https://apps.test/" + UUID.randomUUID();
    }

    private static SoftwareStatementBuilder ac(String iss) {
        return SoftwareStatementBuilder.authorizationCode(iss, fixture.registrationEndpoint())
                .redirectUris(List.of("https://apps.test/callback"))
                .scope("openid fhirUser launch/patient patient/*.read offline_access not-a-realm-scope");
    }

    private static HttpResponse<String> register(String statement) {
        return fixture.register(SoftwareStatementBuilder.registrationRequest(statement));
    }

    private static JsonNode expectError(HttpResponse<String> response, String error) {
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode json = Http.json(response);
        assertEquals(error, json.get("error").asText(), response.body());
        assertFalse(json.get("error_description").asText().isBlank());
        return json;
    }

    private static int udapClientCount() {
        return fixture.admin.getJson("/realms/payer/clients?search=true&clientId=udap-&max=1000").size();
    }

    private static JsonNode client(String clientId) {
        JsonNode found = fixture.admin.getJson("/realms/payer/clients?clientId=" + clientId);
        assertEquals(1, found.size(), "client " + clientId);
        return found.get(0);
    }

    // ---- Inferno udap_security DCR group ----

    @Test
    void udap_registration_failure_invalid_contents() {
        int before = udapClientCount();
        String statement = ac("invalid_iss").sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain());
        expectError(register(statement), "invalid_software_statement");
        assertEquals(before, udapClientCount(), "a rejected request changes nothing");
    }

    @Test
    void udap_registration_failure_invalid_jwt_signature() throws Exception {
        int before = udapClientCount();
        IssuedCertificate other = appCertificate(uniqueIss());
        String statement = ac(UdapPki.APP_AC).signWith(other.privateKey(), JWSAlgorithm.RS256, fixture.pki.appRsa.chain());
        expectError(register(statement), "invalid_software_statement");
        assertEquals(before, udapClientCount());
    }

    @Test
    void udap_registration_success_and_contents() {
        String iss = uniqueIss();
        IssuedCertificate certificate = appCertificate(iss);
        SoftwareStatementBuilder statement = ac(iss);
        String jwt = statement.sign(certificate.privateKey(), certificate.chain());
        HttpResponse<String> response = register(jwt);
        assertEquals(201, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        JsonNode json = Http.json(response);
        assertFalse(json.get("client_id").asText().isBlank());
        assertEquals(jwt, json.get("software_statement").asText(), "byte-identical");
        assertEquals(statement.claims().get("client_name"), json.get("client_name").asText());
        assertEquals(List.of("authorization_code"), strings(json.get("grant_types")));
        assertEquals("private_key_jwt", json.get("token_endpoint_auth_method").asText());
        assertEquals(List.of("https://apps.test/callback"), strings(json.get("redirect_uris")));
        assertEquals(List.of("code"), strings(json.get("response_types")));
        for (String claim : List.of("iss", "sub", "aud", "exp", "iat", "jti")) {
            assertFalse(json.has(claim), claim + " must not be echoed");
        }
        // the requested scopes that exist in the realm, the others dropped
        assertEquals(Set.of("openid", "fhirUser", "launch/patient", "patient/*.read", "offline_access"),
                Set.of(json.get("scope").asText().split(" ")));
        assertFalse(json.has("client_secret"));
    }

    // ---- the Keycloak client it makes ----

    @Test
    void authorizationCodeClient_isReadyToUse() {
        String iss = uniqueIss();
        IssuedCertificate certificate = appCertificate(iss);
        JsonNode json = Http.json(register(ac(iss).sign(certificate.privateKey(), certificate.chain())));
        JsonNode client = client(json.get("client_id").asText());
        assertTrue(client.get("enabled").asBoolean());
        assertTrue(client.get("standardFlowEnabled").asBoolean());
        assertFalse(client.get("serviceAccountsEnabled").asBoolean());
        assertFalse(client.get("publicClient").asBoolean());
        assertFalse(client.get("implicitFlowEnabled").asBoolean());
        assertFalse(client.get("directAccessGrantsEnabled").asBoolean());
        assertTrue(client.get("consentRequired").asBoolean());
        assertEquals(List.of("https://apps.test/callback"), strings(client.get("redirectUris")));
        assertEquals("udap-client-jwt", client.get("clientAuthenticatorType").asText());
        JsonNode attributes = client.get("attributes");
        assertEquals("S256", attributes.get("pkce.code.challenge.method").asText(), "STU2 mode");
        assertTrue(Integer.parseInt(attributes.get("access.token.lifespan").asText()) <= 3600);
        assertEquals(iss, attributes.get("udap.iss").asText());
        assertEquals(UdapPki.COMMUNITY_A, attributes.get("udap.community").asText());
        assertEquals(certificate.sha256Thumbprint(), attributes.get("udap.certificate.sha256").asText());
        assertFalse(attributes.get("udap.certificate").asText().isBlank());
        assertEquals("mailto:dev@example.org", attributes.get("udap.contacts").asText());
        assertEquals("https://example.org/logo.png", attributes.get("logoUri").asText());
        List<String> optional = strings(client.get("optionalClientScopes"));
        assertEquals(Set.of("fhirUser", "launch/patient", "patient/*.read", "offline_access"),
                optional.stream().filter(s -> !s.contains("?")).collect(java.util.stream.Collectors.toSet()));
        List<String> granular = optional.stream().filter(s -> s.contains("?")).toList();
        assertEquals(9, granular.size(), "patient/*.read covers the realm's nine patient/ granular scopes: " + granular);
        assertTrue(granular.stream().allMatch(s -> s.startsWith("patient/")), granular.toString());
        assertFalse(json.get("scope").asText().contains("?"), "the registration's scope is what the app registered");
    }

    @Test
    void clientCredentialsClient_hasAServiceAccountAndNoRefreshTokens() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        HttpResponse<String> response = register(SoftwareStatementBuilder.clientCredentials(iss, fixture.registrationEndpoint())
                .scope("system/*.read patient/*.read").sign(signer.privateKey(), signer.chain()));
        assertEquals(201, response.statusCode(), response.body());
        JsonNode json = Http.json(response);
        assertFalse(json.has("redirect_uris"));
        assertEquals("system/*.read", json.get("scope").asText(),
                "a B2B app gets system/ scopes and no patient/ scopes (no member signs in)");
        JsonNode client = client(json.get("client_id").asText());
        assertTrue(client.get("serviceAccountsEnabled").asBoolean());
        assertFalse(client.get("standardFlowEnabled").asBoolean());
        assertEquals("false", client.get("attributes").get("client_credentials.use_refresh_token").asText());
    }

    // ---- update, cancel, communities, concurrency ----

    @Test
    void sameKeyAgain_replacesEverythingAndKeepsTheClientId() {
        String iss = uniqueIss();
        IssuedCertificate certificate = appCertificate(iss);
        String clientId = Http.json(register(ac(iss).sign(certificate.privateKey(), certificate.chain()))).get("client_id").asText();
        // a renewed certificate with the same SAN, from the same community, may re-register
        IssuedCertificate renewed = appCertificate(iss);
        HttpResponse<String> updated = register(ac(iss).clientName("Renamed App")
                .redirectUris(List.of("https://apps.test/other-callback")).scope("openid patient/Coverage.read")
                .sign(renewed.privateKey(), renewed.chain()));
        assertEquals(200, updated.statusCode(), updated.body());
        JsonNode json = Http.json(updated);
        assertEquals(clientId, json.get("client_id").asText());
        JsonNode client = client(clientId);
        assertEquals("Renamed App", client.get("name").asText());
        assertEquals(List.of("https://apps.test/other-callback"), strings(client.get("redirectUris")));
        assertEquals(List.of("patient/Coverage.read"), strings(client.get("optionalClientScopes")));
        assertEquals(renewed.sha256Thumbprint(), client.get("attributes").get("udap.certificate.sha256").asText());
    }

    @Test
    void emptyGrantTypes_cancelsTheRegistration() {
        String iss = uniqueIss();
        IssuedCertificate certificate = appCertificate(iss);
        String clientId = Http.json(register(ac(iss).sign(certificate.privateKey(), certificate.chain()))).get("client_id").asText();
        HttpResponse<String> cancelled = register(ac(iss).grantTypes(List.of()).responseTypes(null).redirectUris(null)
                .sign(certificate.privateKey(), certificate.chain()));
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        JsonNode json = Http.json(cancelled);
        assertEquals(clientId, json.get("client_id").asText());
        assertTrue(json.get("grant_types").isArray() && json.get("grant_types").isEmpty());
        JsonNode client = client(clientId);
        assertFalse(client.get("enabled").asBoolean(), "a cancelled client can no longer get tokens");
        // cancelling again: nothing left to cancel
        expectError(register(ac(iss).grantTypes(List.of()).sign(certificate.privateKey(), certificate.chain())), "invalid_client_metadata");
        // registering again brings it back (a new registration)
        HttpResponse<String> again = register(ac(iss).sign(certificate.privateKey(), certificate.chain()));
        assertEquals(201, again.statusCode(), again.body());
        assertTrue(client(clientId).get("enabled").asBoolean());
    }

    @Test
    void cancellingWhatWasNeverRegistered_isRefused() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        expectError(register(ac(iss).grantTypes(List.of()).sign(signer.privateKey(), signer.chain())), "invalid_client_metadata");
    }

    @Test
    void sameIssInAnotherCommunity_isASeparateClient() {
        String inA = Http.json(register(ac(UdapPki.APP_AC).sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain()))).get("client_id").asText();
        HttpResponse<String> response = register(ac(UdapPki.APP_AC).sign(fixture.pki.appRsaInB.privateKey(), fixture.pki.appRsaInB.chain()));
        assertTrue(response.statusCode() == 201 || response.statusCode() == 200, response.body());
        String inB = Http.json(response).get("client_id").asText();
        assertNotEquals(inA, inB);
        assertEquals(UdapPki.COMMUNITY_B, client(inB).get("attributes").get("udap.community").asText());
        assertEquals(UdapPki.COMMUNITY_A, client(inA).get("attributes").get("udap.community").asText());
    }

    @Test
    void twentyConcurrentRegistrationsOfOneKey_makeExactlyOneClient() throws Exception {
        String iss = uniqueIss();
        IssuedCertificate certificate = appCertificate(iss);
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statements.add(ac(iss).sign(certificate.privateKey(), certificate.chain()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        for (String statement : statements) {
            responses.add(pool.submit(() -> register(statement)));
        }
        Set<String> clientIds = new java.util.HashSet<>();
        int created = 0;
        for (Future<HttpResponse<String>> future : responses) {
            HttpResponse<String> response = future.get();
            assertTrue(response.statusCode() == 201 || response.statusCode() == 200, response.body());
            created += response.statusCode() == 201 ? 1 : 0;
            clientIds.add(Http.json(response).get("client_id").asText());
        }
        pool.shutdown();
        assertEquals(1, clientIds.size());
        assertEquals(1, created, "one create, the rest updates");
        String clientId = clientIds.iterator().next();
        assertEquals(1, fixture.admin.getJson("/realms/payer/clients?clientId=" + clientId).size());
    }

    // ---- udap.md §3.3 error codes ----

    @Test
    void missingUdapParameter_isInvalidClientMetadata() {
        String jwt = ac(UdapPki.APP_AC).sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain());
        expectError(fixture.register("{\"software_statement\":\"" + jwt + "\"}"), "invalid_client_metadata");
    }

    @Test
    void notJson_isInvalidClientMetadata() {
        expectError(fixture.register("software_statement=x"), "invalid_client_metadata");
    }

    @Test
    void oversizeRequest_isRefused() {
        expectError(fixture.register("{\"udap\":\"1\",\"pad\":\"" + "x".repeat(70_000) + "\"}"), "invalid_client_metadata");
    }

    @Test
    void expiredCertificate_isUnapproved() {
        expectError(register(ac("https://expired.test/app").sign(fixture.pki.expired.privateKey(), fixture.pki.expired.chain())), "unapproved_software_statement");
    }

    @Test
    void notYetValidCertificate_isUnapproved() {
        expectError(register(ac("https://future.test/app").sign(fixture.pki.notYetValid.privateKey(), fixture.pki.notYetValid.chain())), "unapproved_software_statement");
    }

    @Test
    void revokedCertificate_isUnapproved_viaTheCrlOfItsDistributionPoint() {
        JsonNode error = expectError(register(ac("https://revoked.test/app").sign(fixture.pki.revoked.privateKey(), fixture.pki.revoked.chain())),
                "unapproved_software_statement");
        assertTrue(error.get("error_description").asText().contains("revoked"), error.toString());
        assertTrue(fixture.pki.crls.fetches() > 0, "the CRL was fetched from the loopback distribution point");
    }

    @Test
    void certificateUnderARevokedIntermediate_isUnapproved() {
        expectError(register(ac("https://under-revoked.test/app").sign(fixture.pki.underRevokedIntermediate.privateKey(), fixture.pki.underRevokedIntermediate.chain())),
                "unapproved_software_statement");
    }

    @Test
    void untrustedCommunity_isUnapproved() {
        expectError(register(ac("https://untrusted.test/app").sign(fixture.pki.untrusted.privateKey(), fixture.pki.untrusted.chain())), "unapproved_software_statement");
    }

    @Test
    void caCertificateAsLeaf_isUnapproved() {
        expectError(register(ac("https://ca-leaf.test/app").sign(fixture.pki.caLeaf.privateKey(), fixture.pki.caLeaf.chain())), "unapproved_software_statement");
    }

    @Test
    void certificateWithoutSanUri_isInvalidStatement() {
        expectError(register(ac("https://nosan.test/app").sign(fixture.pki.noSanUri.privateKey(), fixture.pki.noSanUri.chain())), "invalid_software_statement");
    }

    @Test
    void subNotEqualIss_isInvalidStatement() {
        expectError(register(ac(UdapPki.APP_AC).sub(UdapPki.APP_CC).sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain())), "invalid_software_statement");
    }

    @Test
    void wrongAud_isInvalidStatement() {
        expectError(register(ac(UdapPki.APP_AC).aud(fixture.tokenEndpoint()).sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain())), "invalid_software_statement");
    }

    @Test
    void tooLongLifetime_isInvalidStatement() {
        expectError(register(ac(UdapPki.APP_AC).lifetime(java.time.Duration.ofMinutes(10)).sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain())),
                "invalid_software_statement");
    }

    @Test
    void replayedJti_isRefused() {
        String iss = uniqueIss();
        IssuedCertificate certificate = appCertificate(iss);
        String jwt = ac(iss).jti("fixed-" + UUID.randomUUID()).sign(certificate.privateKey(), certificate.chain());
        assertEquals(201, register(jwt).statusCode());
        expectError(register(jwt), "invalid_software_statement");
    }

    @Test
    void httpRedirectUri_isInvalidRedirectUri() {
        expectError(register(ac(UdapPki.APP_AC).redirectUris(List.of("http://apps.test/cb")).sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain())),
                "invalid_redirect_uri");
    }

    @Test
    void localhostRedirect_onlyUnderTheDevSwitch() {
        String iss = uniqueIss();
        IssuedCertificate certificate = appCertificate(iss);
        expectError(register(ac(iss).redirectUris(List.of("http://localhost:3000/cb")).sign(certificate.privateKey(), certificate.chain())), "invalid_redirect_uri");
        RealmAttributesAccess.with(fixture.admin, "udap.allowLocalhostRedirects", "true", () ->
                assertEquals(201, register(ac(iss).redirectUris(List.of("http://localhost:3000/cb")).sign(certificate.privateKey(), certificate.chain())).statusCode()));
    }

    @Test
    void bothGrantTypes_isInvalidClientMetadata() {
        expectError(register(ac(UdapPki.APP_AC).grantTypes(List.of("authorization_code", "client_credentials"))
                .sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain())), "invalid_client_metadata");
    }

    @Test
    void refreshTokenWithClientCredentials_isInvalidClientMetadata() {
        expectError(register(SoftwareStatementBuilder.clientCredentials(UdapPki.APP_CC, fixture.registrationEndpoint())
                .grantTypes(List.of("client_credentials", "refresh_token")).sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain())), "invalid_client_metadata");
    }

    @Test
    void authorizationCodeWithoutLogo_isInvalidClientMetadata() {
        expectError(register(ac(UdapPki.APP_AC).logoUri(null).sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain())), "invalid_client_metadata");
    }

    @Test
    void contactsWithoutMailto_isInvalidClientMetadata() {
        expectError(register(ac(UdapPki.APP_AC).contacts(List.of("https://apps.test/support")).sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain())),
                "invalid_client_metadata");
    }

    @Test
    void tooManyX5cCertificates_isInvalidStatement() throws Exception {
        List<java.security.cert.X509Certificate> longChain = new ArrayList<>(fixture.pki.appRsa.chain());
        for (int i = 0; i < 6; i++) {
            longChain.add(fixture.pki.rootA.certificate());
        }
        expectError(register(ac(UdapPki.APP_AC).signWith(fixture.pki.appRsa.privateKey(), JWSAlgorithm.RS256, longChain)),
                "invalid_software_statement");
    }

    @Test
    void ecCertificates_register() {
        assertTrue(Set.of(200, 201).contains(register(ac(UdapPki.APP_EC256).sign(fixture.pki.appEc256.privateKey(), fixture.pki.appEc256.chain())).statusCode()));
        assertTrue(Set.of(200, 201).contains(register(ac(UdapPki.APP_EC384).sign(fixture.pki.appEc384.privateKey(), fixture.pki.appEc384.chain())).statusCode()));
    }

    // ---- client_secret_basic (CARIN STU1) ----

    @Test
    void clientSecretBasicRegistration_getsASecretOnce_andKeycloaksSecretAuthenticatorWorks() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        HttpResponse<String> response = register(ac(iss).tokenEndpointAuthMethod("client_secret_basic")
                .sign(signer.privateKey(), signer.chain()));
        assertEquals(201, response.statusCode(), response.body());
        JsonNode json = Http.json(response);
        String clientId = json.get("client_id").asText();
        String secret = json.get("client_secret").asText();
        assertNotNull(secret);
        assertEquals(0, json.get("client_secret_expires_at").asInt());
        assertEquals("client-secret", client(clientId).get("clientAuthenticatorType").asText());

        // Keycloak's secret authenticator accepts the secret (the bogus code is what fails) and refuses another one.
        Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", "not-a-code",
                "redirect_uri", "https://apps.test/callback");
        HttpResponse<String> authenticated = Http.postForm(fixture.tokenEndpoint(), exchange,
                "Authorization", org.payerauth.it.smart.SmartLaunchAccess.basic(clientId, secret));
        assertEquals(400, authenticated.statusCode(), authenticated.body());
        assertEquals("invalid_grant", Http.json(authenticated).get("error").asText());
        HttpResponse<String> wrongSecret = Http.postForm(fixture.tokenEndpoint(), exchange,
                "Authorization", org.payerauth.it.smart.SmartLaunchAccess.basic(clientId, secret + "x"));
        assertEquals(401, wrongSecret.statusCode(), wrongSecret.body());

        // cancelled: the secret no longer authenticates
        assertEquals(200, register(ac(iss).tokenEndpointAuthMethod("client_secret_basic").grantTypes(List.of())
                .sign(signer.privateKey(), signer.chain())).statusCode());
        HttpResponse<String> refused = Http.postForm(fixture.tokenEndpoint(), exchange,
                "Authorization", org.payerauth.it.smart.SmartLaunchAccess.basic(clientId, secret));
        assertTrue(refused.statusCode() == 400 || refused.statusCode() == 401, refused.body());
        assertFalse("invalid_grant".equals(Http.json(refused).path("error").asText()), refused.body());
    }

    @Test
    void clientSecretBasic_refusedWhenTheRealmSwitchIsOff() {
        String iss = uniqueIss();
        IssuedCertificate certificate = appCertificate(iss);
        RealmAttributesAccess.with(fixture.admin, "udap.clientSecretBasic", "false", () ->
                expectError(register(ac(iss).tokenEndpointAuthMethod("client_secret_basic").sign(certificate.privateKey(), certificate.chain())),
                        "invalid_client_metadata"));
    }

    @Test
    void stu11Mode_doesNotForcePkce() {
        String iss = uniqueIss();
        IssuedCertificate certificate = appCertificate(iss);
        RealmAttributesAccess.with(fixture.admin, "udap.mode", "stu1.1", () -> {
            JsonNode json = Http.json(register(ac(iss).sign(certificate.privateKey(), certificate.chain())));
            assertFalse(client(json.get("client_id").asText()).get("attributes").has("pkce.code.challenge.method"));
        });
    }

    // ---- hardening: refusals that change nothing (issue 11) ----

    /**
     * {@code refused} answers 400 {@code error}, writes a CLIENT_REGISTER_ERROR event with that error and the same
     * description, makes no client, and leaves its {@code jti} unused: {@code valid}, signed with the same
     * {@code jti}, registers afterwards.
     */
    private static void refusedAndNothingChanged(String refused, String error, String valid) {
        int before = udapClientCount();
        JsonNode json = expectError(register(refused), error);
        assertEquals(before, udapClientCount(), "a refused registration makes no client");
        assertRegisterErrorEvent(error, json.get("error_description").asText());
        assertEquals(201, register(valid).statusCode(), "the refused statement's jti is still unused");
    }

    /** A CLIENT_REGISTER_ERROR event with this error and this description as its reason was written. */
    private static void assertRegisterErrorEvent(String error, String description) {
        JsonNode errors = fixture.admin.getJson("/realms/payer/events?type=CLIENT_REGISTER_ERROR&max=50");
        boolean found = false;
        for (JsonNode event : errors) {
            found |= error.equals(event.path("error").asText())
                    && description.equals(event.path("details").path("reason").asText());
        }
        assertTrue(found, "a CLIENT_REGISTER_ERROR event with the error and its description: " + errors);
    }

    @Test
    void clientCredentialsWithClientSecretBasic_isInvalidClientMetadata_andChangesNothing() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        String jti = UUID.randomUUID().toString();
        refusedAndNothingChanged(
                SoftwareStatementBuilder.clientCredentials(iss, fixture.registrationEndpoint()).jti(jti)
                        .tokenEndpointAuthMethod("client_secret_basic").sign(signer.privateKey(), signer.chain()),
                "invalid_client_metadata",
                SoftwareStatementBuilder.clientCredentials(iss, fixture.registrationEndpoint()).jti(jti)
                        .sign(signer.privateKey(), signer.chain()));
    }

    @Test
    void wildcardRedirectUri_isInvalidRedirectUri_andChangesNothing() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        String jti = UUID.randomUUID().toString();
        refusedAndNothingChanged(
                ac(iss).jti(jti).redirectUris(List.of("https://app.example/*")).sign(signer.privateKey(), signer.chain()),
                "invalid_redirect_uri",
                ac(iss).jti(jti).sign(signer.privateKey(), signer.chain()));
    }

    @Test
    void clientNameOf300Characters_isInvalidClientMetadata_notA500_andChangesNothing() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        String jti = UUID.randomUUID().toString();
        refusedAndNothingChanged(
                ac(iss).jti(jti).clientName("n".repeat(300)).sign(signer.privateKey(), signer.chain()),
                "invalid_client_metadata",
                ac(iss).jti(jti).clientName("n".repeat(255)).sign(signer.privateKey(), signer.chain()));
    }

    @Test
    void redirectUriOf400Characters_isInvalidRedirectUri_notA500_andChangesNothing() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        String jti = UUID.randomUUID().toString();
        refusedAndNothingChanged(
                ac(iss).jti(jti).redirectUris(List.of("https://apps.test/" + "p".repeat(382)))
                        .sign(signer.privateKey(), signer.chain()),
                "invalid_redirect_uri",
                ac(iss).jti(jti).sign(signer.privateKey(), signer.chain()));
    }

    @Test
    void aLongIssStillMakesAClient_itsDescriptionFitsKeycloaksColumn() {
        String iss = "https://apps.test/" + "i".repeat(230) + "/" + UUID.randomUUID();
        IssuedCertificate signer = appCertificate(iss);
        HttpResponse<String> response = register(ac(iss).sign(signer.privateKey(), signer.chain()));
        assertEquals(201, response.statusCode(), response.body());
        JsonNode client = client(Http.json(response).get("client_id").asText());
        assertTrue(client.get("description").asText().length() <= 255);
        assertEquals(iss, client.get("attributes").get("udap.iss").asText());
    }

    @Test
    void udapClientsHaveTheBasicScope_soTheirTokensCarrySub() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        HttpResponse<String> response = register(SoftwareStatementBuilder.clientCredentials(iss, fixture.registrationEndpoint())
                .scope("system/*.read").sign(signer.privateKey(), signer.chain()));
        assertEquals(201, response.statusCode(), response.body());
        String clientId = Http.json(response).get("client_id").asText();
        JsonNode client = client(clientId);
        assertTrue(strings(client.get("defaultClientScopes")).contains("basic"), client.toString());
        String assertion = org.payerauth.udap.clientauth.ClientAssertionBuilder.of(clientId, fixture.tokenEndpoint())
                .hl7B2b(org.payerauth.udap.clientauth.ClientAssertionBuilder.hl7B2b("https://apps.test/org", List.of("SYSDEV")))
                .sign(signer.privateKey(), signer.chain());
        HttpResponse<String> token = Http.postForm(fixture.tokenEndpoint(), Map.of("grant_type", "client_credentials",
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion, "udap", "1", "scope", "profile"));
        assertEquals(200, token.statusCode(), token.body());
        JsonNode claims = org.payerauth.it.support.Jwt.claims(Http.json(token).get("access_token").asText());
        assertTrue(claims.hasNonNull("sub"), claims.toString());
    }

    private static HttpResponse<String> send(String method, String contentType, String body) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(fixture.registrationEndpoint())).timeout(java.time.Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return Http.send(request.method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void theRegistrationEndpointAnswersOnlyPost() {
        String body = SoftwareStatementBuilder.registrationRequest(ac(uniqueIss())
                .sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain()));
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> response = send(method, "application/json", method.equals("GET") || method.equals("DELETE") ? null : body);
            assertEquals(405, response.statusCode(), method + ": " + response.body());
        }
    }

    @Test
    void aNonJsonContentType_isInvalidClientMetadata_andChangesNothing() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        String body = SoftwareStatementBuilder.registrationRequest(ac(iss).sign(signer.privateKey(), signer.chain()));
        int before = udapClientCount();
        for (String type : java.util.Arrays.asList("text/plain", "application/x-www-form-urlencoded", null)) {
            JsonNode error = expectError(send("POST", type, body), "invalid_client_metadata");
            assertTrue(error.get("error_description").asText().contains("application/json"), error.toString());
        }
        assertEquals(before, udapClientCount());
        assertEquals(201, send("POST", "application/json; charset=utf-8", body).statusCode(), "the jti is still unused");
    }

    @Test
    void duplicateMembers_areRefusedNotResolvedByOrder() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        String statement = ac(iss).sign(signer.privateKey(), signer.chain());
        String other = ac(uniqueIss()).sign(fixture.pki.appRsa.privateKey(), fixture.pki.appRsa.chain());
        String body = "{\"software_statement\":\"" + statement + "\",\"software_statement\":\"" + other + "\",\"udap\":\"1\"}";
        int before = udapClientCount();
        expectError(send("POST", "application/json", body), "invalid_client_metadata");
        assertEquals(before, udapClientCount());
    }

    @Test
    void aLeadingByteOrderMark_isIgnored_theSameBodyWithoutItIsThenAReplay() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        String body = SoftwareStatementBuilder.registrationRequest(ac(iss).sign(signer.privateKey(), signer.chain()));
        HttpResponse<String> withBom = send("POST", "application/json", "\uFEFF" + body);
        assertEquals(201, withBom.statusCode(), withBom.body());
        expectError(send("POST", "application/json", body), "invalid_software_statement");
    }

    @Test
    void aSha1SignedCertificate_isUnapproved_andChangesNothing() {
        int before = udapClientCount();
        JsonNode error = expectError(register(ac("https://sha1.test/app").sign(fixture.pki.sha1Signed.privateKey(),
                fixture.pki.sha1Signed.chain())), "unapproved_software_statement");
        assertTrue(error.get("error_description").asText().contains("SHA-1"), error.toString());
        assertEquals(before, udapClientCount());
    }

    @Test
    void weakOrUnusualKeys_areRefusedBeforeAnySignatureCheck() {
        int before = udapClientCount();
        // an RSA-1024 certificate advertised for a statement signed by another key: refused for the key, not the signature
        JsonNode rsa = expectError(register(ac("https://rsa1024.test/app").signWith(fixture.pki.appRsa.privateKey(),
                JWSAlgorithm.RS256, fixture.pki.rsa1024.chain())), "invalid_software_statement");
        assertTrue(rsa.get("error_description").asText().contains("1024 bits"), rsa.toString());
        JsonNode ec = expectError(register(ac("https://p521.test/app").signWith(fixture.pki.appEc256.privateKey(),
                JWSAlgorithm.ES256, fixture.pki.p521.chain())), "invalid_software_statement");
        assertTrue(ec.get("error_description").asText().contains("P-256 or P-384"), ec.toString());
        assertEquals(before, udapClientCount());
    }

    @Test
    void aRegistrationReceivesOnlyAllowedScopes_andTheAllowListIsARealmSetting() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        JsonNode json = Http.json(register(ac(iss).scope("openid roles microprofile-jwt web-origins fhirUser patient/*.read system/*.read")
                .sign(signer.privateKey(), signer.chain())));
        assertEquals(Set.of("openid", "fhirUser", "patient/*.read"), Set.copyOf(List.of(json.get("scope").asText().split(" "))),
                "realm scopes made for other purposes and system/ scopes (B2B only) are dropped: " + json);
        JsonNode client = client(json.get("client_id").asText());
        assertFalse(strings(client.get("optionalClientScopes")).contains("microprofile-jwt"), client.toString());

        String other = uniqueIss();
        IssuedCertificate otherSigner = appCertificate(other);
        RealmAttributesAccess.with(fixture.admin, "udap.registrationScopes", "openid patient/Coverage.*", () -> {
            JsonNode narrowed = Http.json(register(ac(other).scope("openid fhirUser patient/Coverage.read patient/Patient.read")
                    .sign(otherSigner.privateKey(), otherSigner.chain())));
            assertEquals("openid patient/Coverage.read", narrowed.get("scope").asText(), narrowed.toString());
        });
    }

    private static void updateClient(String clientId, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change) {
        com.fasterxml.jackson.databind.node.ObjectNode representation = (com.fasterxml.jackson.databind.node.ObjectNode) client(clientId);
        change.accept(representation);
        HttpResponse<String> put = fixture.admin.putJson("/realms/payer/clients/" + representation.get("id").asText(), representation);
        assertEquals(204, put.statusCode(), put.body());
    }

    @Test
    void anAppTheAdministratorDisabled_isUnapproved_staysDisabled_andItsJtiStaysUnused() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        String clientId = Http.json(register(ac(iss).sign(signer.privateKey(), signer.chain()))).get("client_id").asText();
        updateClient(clientId, c -> c.put("enabled", false));

        String jti = UUID.randomUUID().toString();
        String statement = ac(iss).jti(jti).clientName("Re-enabled by itself?").sign(signer.privateKey(), signer.chain());
        JsonNode error = expectError(register(statement), "unapproved_software_statement");
        assertTrue(error.get("error_description").asText().contains("administrator"), error.toString());
        JsonNode after = client(clientId);
        assertFalse(after.get("enabled").asBoolean(), "the administrator's decision sticks");
        assertNotEquals("Re-enabled by itself?", after.get("name").asText());
        expectError(register(ac(iss).grantTypes(List.of()).sign(signer.privateKey(), signer.chain())), "unapproved_software_statement");

        updateClient(clientId, c -> c.put("enabled", true));
        assertEquals(200, register(statement).statusCode(), "the refused statement's jti was not used up");
    }

    @Test
    void anAppMarkedBlocked_isUnapprovedEvenWhileEnabled() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        String clientId = Http.json(register(ac(iss).sign(signer.privateKey(), signer.chain()))).get("client_id").asText();
        updateClient(clientId, c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("attributes")).put("udap.blocked", "true"));
        expectError(register(ac(iss).redirectUris(List.of("https://apps.test/elsewhere")).sign(signer.privateKey(), signer.chain())),
                "unapproved_software_statement");
        assertEquals(List.of("https://apps.test/callback"), strings(client(clientId).get("redirectUris")));
    }

    @Test
    void anAdminEditOfTheRecordedCertificateOrIssAlone_isRefused_andChangesNothing_otherEditsPass() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        String clientId = Http.json(register(ac(iss).sign(signer.privateKey(), signer.chain()))).get("client_id").asText();
        JsonNode before = client(clientId);
        IssuedCertificate other = appCertificate(uniqueIss());
        for (java.util.Map.Entry<String, String> edit : java.util.Map.of(
                "udap.iss", "https://apps.test/someone-else",
                "udap.certificate", org.payerauth.udap.pki.Certificates.base64Der(other.certificate()),
                "udap.certificate.sha256", "AAAA").entrySet()) {
            com.fasterxml.jackson.databind.node.ObjectNode representation = (com.fasterxml.jackson.databind.node.ObjectNode) client(clientId);
            ((com.fasterxml.jackson.databind.node.ObjectNode) representation.get("attributes")).put(edit.getKey(), edit.getValue());
            representation.put("description", "edited by the admin");
            HttpResponse<String> put = fixture.admin.putJson("/realms/payer/clients/" + representation.get("id").asText(),
                    representation);
            assertEquals(400, put.statusCode(), edit.getKey() + ": " + put.body());
            assertTrue(put.body().contains("recorded by the app's UDAP registration"), put.body());
            JsonNode after = client(clientId);
            assertEquals(before.get("attributes"), after.get("attributes"), edit.getKey() + ": nothing changed");
            assertEquals(before.get("description"), after.get("description"));
        }
        // Everything else stays the admin's to change (here: switching the app off, and its description).
        updateClient(clientId, c -> c.put("enabled", false).put("description", "paused by the payer"));
        assertFalse(client(clientId).get("enabled").asBoolean());
        assertEquals("paused by the payer", client(clientId).get("description").asText());
    }

    // ---- quota (reliability catalogue row 29) ----

    @Test
    void maxClientsReached_refusesANewApp_updatesStillWork_andTheRefusalChangesNothing() {
        String existingIss = uniqueIss();
        IssuedCertificate existingSigner = appCertificate(existingIss);
        String existingId = Http.json(register(ac(existingIss).sign(existingSigner.privateKey(), existingSigner.chain())))
                .get("client_id").asText();
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        String jti = UUID.randomUUID().toString();
        String statement = ac(iss).jti(jti).sign(signer.privateKey(), signer.chain());
        RealmAttributesAccess.with(fixture.admin, "udap.maxClients", "1", () -> {
            int before = udapClientCount();
            JsonNode error = expectError(register(statement), "unapproved_software_statement");
            assertTrue(error.get("error_description").asText().contains("limit is 1"), error.toString());
            assertEquals(before, udapClientCount(), "no client was made");
            assertRegisterErrorEvent("unapproved_software_statement", error.get("error_description").asText());
            HttpResponse<String> update = register(ac(existingIss).clientName("Still updatable")
                    .sign(existingSigner.privateKey(), existingSigner.chain()));
            assertEquals(200, update.statusCode(), "an existing app's registration adds no client: " + update.body());
            assertEquals("Still updatable", client(existingId).get("name").asText());
        });
        assertEquals(201, register(statement).statusCode(), "the refused statement's jti was not used up");
    }

    @Test
    void aRegistrationSoonerThanTheMinimumInterval_is429TemporarilyUnavailable_andChangesNothing() {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        String jti = UUID.randomUUID().toString();
        String again = ac(iss).jti(jti).redirectUris(List.of("https://apps.test/moved"))
                .sign(signer.privateKey(), signer.chain());
        String[] clientId = new String[1];
        RealmAttributesAccess.with(fixture.admin, "udap.minRegistrationIntervalSeconds", "120", () -> {
            clientId[0] = Http.json(register(ac(iss).sign(signer.privateKey(), signer.chain()))).get("client_id").asText();
            HttpResponse<String> throttled = register(again);
            assertEquals(429, throttled.statusCode(), throttled.body());
            assertEquals("120", throttled.headers().firstValue("Retry-After").orElse(""));
            assertEquals("temporarily_unavailable", Http.json(throttled).get("error").asText());
            assertEquals(List.of("https://apps.test/callback"), strings(client(clientId[0]).get("redirectUris")),
                    "the throttled registration changed nothing");

            String other = uniqueIss();
            IssuedCertificate otherSigner = appCertificate(other);
            assertEquals(201, register(ac(other).sign(otherSigner.privateKey(), otherSigner.chain())).statusCode(),
                    "another app is not held back");
            HttpResponse<String> cancel = register(ac(other).grantTypes(List.of()).sign(otherSigner.privateKey(), otherSigner.chain()));
            assertEquals(200, cancel.statusCode(), "a cancel is never throttled: " + cancel.body());
        });
        HttpResponse<String> later = register(again);
        assertEquals(200, later.statusCode(), "the throttled statement's jti was not used up: " + later.body());
        assertEquals(List.of("https://apps.test/moved"), strings(client(clientId[0]).get("redirectUris")));
    }

    /** Every client of the realm, as {@code udap.maxClients} counts them. */
    private static int realmClientCount() {
        return fixture.admin.getJson("/realms/payer/clients?briefRepresentation=true&first=0&max=100000").size();
    }

    /** Sends every body at once (all threads released together); the answers in the order of the bodies. */
    private static List<HttpResponse<String>> registerAtOnce(List<String> statements) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(statements.size());
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (String statement : statements) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return register(statement);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void tenNewAppsAtOnce_whenMaxClientsLeavesRoomForOne_exactlyOneIsRegistered_theOthersAreUnapproved() throws Exception {
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String iss = uniqueIss();
            IssuedCertificate signer = appCertificate(iss);
            statements.add(ac(iss).sign(signer.privateKey(), signer.chain()));
        }
        int before = realmClientCount();
        RealmAttributesAccess.with(fixture.admin, "udap.maxClients", String.valueOf(before + 1), () -> {
            List<HttpResponse<String>> responses;
            try {
                responses = registerAtOnce(statements);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            int created = 0;
            for (HttpResponse<String> response : responses) {
                if (response.statusCode() == 201) {
                    created++;
                } else {
                    JsonNode error = expectError(response, "unapproved_software_statement");
                    assertTrue(error.get("error_description").asText().contains("limit is " + (before + 1)), error.toString());
                }
            }
            assertEquals(1, created, "exactly the one place the quota leaves");
            assertEquals(before + 1, realmClientCount(), "no client beyond the quota");
        });
    }

    @Test
    void fiveRegistrationsOfOneAppAtOnce_underTheMinimumInterval_exactlyOnePasses_theOthersAre429() throws Exception {
        String iss = uniqueIss();
        IssuedCertificate signer = appCertificate(iss);
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statements.add(ac(iss).clientName("Attempt " + i).sign(signer.privateKey(), signer.chain()));
        }
        int before = udapClientCount();
        RealmAttributesAccess.with(fixture.admin, "udap.minRegistrationIntervalSeconds", "120", () -> {
            List<HttpResponse<String>> responses;
            try {
                responses = registerAtOnce(statements);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            String accepted = null;
            String clientId = null;
            int throttled = 0;
            for (int i = 0; i < responses.size(); i++) {
                HttpResponse<String> response = responses.get(i);
                if (response.statusCode() == 429) {
                    throttled++;
                    assertEquals("temporarily_unavailable", Http.json(response).get("error").asText());
                    assertEquals("120", response.headers().firstValue("Retry-After").orElse(""));
                } else {
                    assertEquals(201, response.statusCode(), response.body());
                    assertNull(accepted, "a second registration passed: " + response.body());
                    accepted = "Attempt " + i;
                    clientId = Http.json(response).get("client_id").asText();
                }
            }
            assertEquals(4, throttled);
            assertEquals(before + 1, udapClientCount(), "one client for the app");
            assertEquals(accepted, client(clientId).get("name").asText(), "no throttled registration changed it");
        });
    }

    // ---- an administrator's block is about the app, in every community (security review 2, L8) ----

    private static IssuedCertificate appCertificateInB(String iss) {
        return fixture.pki.intermediateB.issue(org.payerauth.udap.devca.LeafSpec.builder("App in B " + iss).sanUri(iss)
                .crlUrl(fixture.pki.crls.url("intermediate-b")).build());
    }

    @Test
    void anAppBlockedInOneCommunity_isUnapprovedInEveryOther_unlessTheBlockIsConfinedToItsCommunity() {
        String iss = uniqueIss();
        IssuedCertificate inA = appCertificate(iss);
        IssuedCertificate inB = appCertificateInB(iss);
        String clientA = Http.json(register(ac(iss).sign(inA.privateKey(), inA.chain()))).get("client_id").asText();
        updateClient(clientA, c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("attributes")).put("udap.blocked", "true"));

        int before = udapClientCount();
        String jti = UUID.randomUUID().toString();
        String statementInB = ac(iss).jti(jti).sign(inB.privateKey(), inB.chain());
        JsonNode error = expectError(register(statementInB), "unapproved_software_statement");
        assertTrue(error.get("error_description").asText().contains("administrator"), error.toString());
        assertTrue(error.get("error_description").asText().contains(UdapPki.COMMUNITY_A), error.toString());
        assertEquals(before, udapClientCount(), "no client in community B");

        // the administrator's per-block choice: this block holds in community A only
        updateClient(clientA, c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("attributes")).put("udap.blockScope", "community"));
        HttpResponse<String> allowed = register(statementInB);
        assertEquals(201, allowed.statusCode(), "the refused statement's jti was not used up: " + allowed.body());
        assertNotEquals(clientA, Http.json(allowed).get("client_id").asText());
        expectError(register(ac(iss).sign(inA.privateKey(), inA.chain())), "unapproved_software_statement");
    }

    @Test
    void anAppTheAdministratorDisabledInOneCommunity_cannotUpdateItsRegistrationInAnother_butMayCancelIt() {
        String iss = uniqueIss();
        IssuedCertificate inA = appCertificate(iss);
        IssuedCertificate inB = appCertificateInB(iss);
        String clientB = Http.json(register(ac(iss).sign(inB.privateKey(), inB.chain()))).get("client_id").asText();
        String clientA = Http.json(register(ac(iss).sign(inA.privateKey(), inA.chain()))).get("client_id").asText();
        updateClient(clientA, c -> c.put("enabled", false));

        expectError(register(ac(iss).redirectUris(List.of("https://apps.test/elsewhere")).sign(inB.privateKey(), inB.chain())),
                "unapproved_software_statement");
        assertEquals(List.of("https://apps.test/callback"), strings(client(clientB).get("redirectUris")), "B unchanged");
        HttpResponse<String> cancel = register(ac(iss).grantTypes(List.of()).sign(inB.privateKey(), inB.chain()));
        assertEquals(200, cancel.statusCode(), "withdrawing the app from B only takes access away: " + cancel.body());
        assertFalse(client(clientB).get("enabled").asBoolean());
        assertFalse(client(clientA).get("enabled").asBoolean(), "A stays as the administrator left it");
    }

    // ---- audit ----

    @Test
    void registrationsAndRejectionsAreKeycloakEvents() {
        String iss = uniqueIss();
        IssuedCertificate certificate = appCertificate(iss);
        String clientId = Http.json(register(ac(iss).sign(certificate.privateKey(), certificate.chain()))).get("client_id").asText();
        expectError(register(ac("https://untrusted.test/app").sign(fixture.pki.untrusted.privateKey(), fixture.pki.untrusted.chain())), "unapproved_software_statement");
        JsonNode registered = fixture.admin.getJson("/realms/payer/events?type=CLIENT_REGISTER&client=" + clientId);
        assertTrue(registered.size() >= 1, "CLIENT_REGISTER event");
        JsonNode details = registered.get(0).get("details");
        assertEquals(iss, details.get("udap_iss").asText());
        assertEquals(UdapPki.COMMUNITY_A, details.get("udap_community").asText());
        assertEquals(certificate.sha256Thumbprint(), details.get("certificate_sha256").asText());
        JsonNode errors = fixture.admin.getJson("/realms/payer/events?type=CLIENT_REGISTER_ERROR&max=20");
        assertTrue(errors.size() >= 1, "CLIENT_REGISTER_ERROR event");
        boolean found = false;
        for (JsonNode event : errors) {
            found |= "unapproved_software_statement".equals(event.path("error").asText());
        }
        assertTrue(found, errors.toString());
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

}
