package org.payerauth.it.udap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.it.smart.RealmAttributesAccess;
import org.payerauth.it.smart.SmartLaunch;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.Jwt;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.registration.SoftwareStatementBuilder;

/**
 * UDAP JWT-based client authentication at the token endpoint (udap.md §4, reliability-security.md §2): B2B
 * client_credentials with hl7-b2b for RS256 / ES256 / ES384 apps, the authorization_code flow with the SMART launch
 * context for a UDAP-registered app, every refusal of the issue's list, and Inferno's token-exchange assertions.
 */
@KeycloakIT
class UdapClientAuthenticationIT {

    private static UdapFixture fixture;
    private static String ccRsa;
    private static String ccEc256;
    private static String ccEc384;
    private static String acRsa;
    private static String revokedTwinClient;
    private static String expiredTwinClient;

    @BeforeAll
    static void register(KeycloakServer server, AdminApi admin) {
        fixture = new UdapFixture(server, admin);
        UdapPki pki = fixture.pki;
        ccRsa = registerCc(UdapPki.APP_CC, pki.appRsa);
        ccEc256 = registerCc(UdapPki.APP_EC256, pki.appEc256);
        ccEc384 = registerCc(UdapPki.APP_EC384, pki.appEc384);
        revokedTwinClient = registerCc("https://revoked.test/app", pki.revokedTwin);
        expiredTwinClient = registerCc("https://expired.test/app", pki.expiredTwin);
        HttpResponse<String> ac = fixture.register(SoftwareStatementBuilder.registrationRequest(
                SoftwareStatementBuilder.authorizationCode(UdapPki.APP_AC, fixture.registrationEndpoint())
                        .redirectUris(List.of(SmartLaunch.REDIRECT_URI.replace("http://localhost:3000", "https://apps.test")))
                        .grantTypes(List.of("authorization_code", "refresh_token"))
                        .scope("openid fhirUser launch/patient patient/*.read").sign(pki.appRsa.privateKey(), pki.appRsa.chain())));
        assertTrue(ac.statusCode() == 201 || ac.statusCode() == 200, ac.body());
        acRsa = Http.json(ac).get("client_id").asText();
    }

    @AfterAll
    static void cleanUp() {
        fixture.close();
    }

    private static String registerCc(String iss, IssuedCertificate certificate) {
        HttpResponse<String> response = fixture.register(SoftwareStatementBuilder.registrationRequest(
                SoftwareStatementBuilder.clientCredentials(iss, fixture.registrationEndpoint()).scope("patient/*.read system/*.read")
                        .sign(certificate.privateKey(), certificate.chain())));
        assertTrue(response.statusCode() == 201 || response.statusCode() == 200, response.body());
        return Http.json(response).get("client_id").asText();
    }

    private static HttpResponse<String> token(Map<String, String> form, String... headers) {
        return Http.postForm(fixture.tokenEndpoint(), form, headers);
    }

    private static HttpResponse<String> clientCredentials(String assertion) {
        Map<String, String> form = ClientAssertions.form("client_credentials", assertion);
        form.put("scope", "system/*.read");
        return token(form);
    }

    private static String b2b(String clientId, IssuedCertificate signer) {
        return ClientAssertions.sign(ClientAssertions.b2bClaims(clientId, fixture.tokenEndpoint()).build(), signer);
    }

    private static JsonNode refused(HttpResponse<String> response, String error) {
        assertTrue(response.statusCode() == 400 || response.statusCode() == 401, response.statusCode() + " " + response.body());
        JsonNode json = Http.json(response);
        assertEquals(error, json.get("error").asText(), response.body());
        assertFalse(json.has("access_token"));
        return json;
    }

    // ---- success ----

    private static void assertB2bToken(HttpResponse<String> response, String clientId, String iss) {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("no-cache", response.headers().firstValue("Pragma").orElse(""));
        JsonNode body = Http.json(response);
        assertFalse(body.has("refresh_token"), "no refresh token for client_credentials");
        assertTrue(body.get("expires_in").asInt() <= 3600);
        assertTrue(body.get("scope").asText().contains("system/*.read"), body.toString());
        assertFalse(body.get("scope").asText().contains("patient/"), "B2B apps get no patient scopes: " + body);
        JsonNode access = Jwt.claims(body.get("access_token").asText());
        assertEquals(clientId, access.get("azp").asText());
        assertEquals(iss, access.get("udap_iss").asText());
        assertEquals("https://inferno-framework.github.io/", access.get("extensions").get("hl7-b2b").get("organization_id").asText());
        JsonNode aud = access.get("aud");
        assertEquals(UdapFixture.fhirBaseUrl(fixture.server), aud.isArray() && aud.size() == 1 ? aud.get(0).asText() : aud.asText(),
                "a B2B token's audience is exactly the FHIR base URL: " + access);
        assertNoKeycloakRolesOrOrigins(access);
    }

    /** UDAP apps do not get Keycloak's roles and web-origins scopes: no role claims, no CORS origins in their tokens. */
    private static void assertNoKeycloakRolesOrOrigins(JsonNode access) {
        assertFalse(access.has("realm_access"), access.toString());
        assertFalse(access.has("resource_access"), access.toString());
        assertFalse(access.has("allowed-origins"), access.toString());
    }

    @Test
    void clientCredentials_rs256() {
        assertB2bToken(clientCredentials(b2b(ccRsa, fixture.pki.appRsa)), ccRsa, UdapPki.APP_CC);
    }

    @Test
    void clientCredentials_es256() {
        assertB2bToken(clientCredentials(b2b(ccEc256, fixture.pki.appEc256)), ccEc256, UdapPki.APP_EC256);
    }

    @Test
    void clientCredentials_es384() {
        assertB2bToken(clientCredentials(b2b(ccEc384, fixture.pki.appEc384)), ccEc384, UdapPki.APP_EC384);
    }

    @Test
    void renewedCertificateWithTheSameSanFromTheSameCommunity_isAccepted() {
        IssuedCertificate renewed = fixture.pki.intermediateA.issue(LeafSpec.builder("App A renewed")
                .sanUri(UdapPki.APP_CC).crlUrl(fixture.pki.crls.url("intermediate-a")).build());
        assertB2bToken(clientCredentials(b2b(ccRsa, renewed)), ccRsa, UdapPki.APP_CC);
    }

    private static String registerAc(String iss, IssuedCertificate certificate, String redirectUri) {
        HttpResponse<String> response = fixture.register(SoftwareStatementBuilder.registrationRequest(
                SoftwareStatementBuilder.authorizationCode(iss, fixture.registrationEndpoint())
                        .redirectUris(List.of(redirectUri)).grantTypes(List.of("authorization_code", "refresh_token"))
                        .scope("openid fhirUser launch/patient patient/*.read").sign(certificate.privateKey(), certificate.chain())));
        assertTrue(response.statusCode() == 201 || response.statusCode() == 200, response.body());
        return Http.json(response).get("client_id").asText();
    }

    private static Set<String> consentedClients(String username) {
        String id = fixture.admin.getJson("/realms/payer/users?exact=true&username=" + username).get(0).get("id").asText();
        Set<String> clients = new java.util.HashSet<>();
        fixture.admin.getJson("/realms/payer/users/" + id + "/consents").forEach(c -> clients.add(c.get("clientId").asText()));
        return clients;
    }

    @Test
    void aNewRedirectUriOrACancel_revokesTheMembersConsentsAndTheAppsRefreshTokens() throws Exception {
        String iss = "https://revoke.test/" + java.util.UUID.randomUUID();
        IssuedCertificate certificate = fixture.pki.intermediateA.issue(LeafSpec.builder("Revocation app").sanUri(iss)
                .crlUrl(fixture.pki.crls.url("intermediate-a")).build());
        String callback = "https://apps.test/callback";
        String clientId = registerAc(iss, certificate, callback);
        SmartLaunch launch = new SmartLaunch(fixture.server, new SmartLaunch.App(clientId, null), new Browser())
                .param("redirect_uri", callback).param("scope", "launch/patient openid fhirUser patient/*.read");
        launch.clientAuthentication = () -> {
            Map<String, String> auth = new LinkedHashMap<>(ClientAssertions.form("ignored",
                    ClientAssertions.sign(ClientAssertions.claims(clientId, fixture.tokenEndpoint()).build(), certificate)));
            auth.remove("grant_type");
            return auth;
        };
        SmartLaunch.Redirect redirect = runTo(launch, launch.authorize(), callback);
        HttpResponse<String> token = launch.tokenRequest(new LinkedHashMap<>(Map.of("grant_type", "authorization_code",
                "code", redirect.code(), "redirect_uri", callback, "code_verifier", launch.pkce.verifier())));
        assertEquals(200, token.statusCode(), token.body());
        String refreshToken = Http.json(token).get("refresh_token").asText();
        assertTrue(consentedClients("alice").contains(clientId), "alice allowed the app");
        assertEquals(200, launch.refresh(refreshToken, null).statusCode(), "refresh works before the change");

        Thread.sleep(1100); // the client's not-before has a one-second resolution
        assertEquals(200, registerStatus(iss, certificate, "https://apps.test/new-callback"));
        HttpResponse<String> stale = launch.refresh(refreshToken, null);
        assertEquals(400, stale.statusCode(), stale.body());
        assertEquals("invalid_grant", Http.json(stale).get("error").asText());
        assertFalse(consentedClients("alice").contains(clientId), "the consent does not follow to the new redirect URI");

        // the same registration again (same redirect URI, e.g. a renewed certificate) keeps what members allowed
        SmartLaunch again = new SmartLaunch(fixture.server, new SmartLaunch.App(clientId, null), launch.browser)
                .param("redirect_uri", "https://apps.test/new-callback").param("scope", "launch/patient openid fhirUser patient/*.read");
        again.clientAuthentication = launch.clientAuthentication;
        runTo(again, again.authorize(), "https://apps.test/new-callback");
        assertTrue(consentedClients("alice").contains(clientId));
        assertEquals(200, registerStatus(iss, certificate, "https://apps.test/new-callback"));
        assertTrue(consentedClients("alice").contains(clientId), "an unchanged redirect URI keeps the consent");

        // cancel: the consent goes too
        HttpResponse<String> cancel = fixture.register(SoftwareStatementBuilder.registrationRequest(
                SoftwareStatementBuilder.authorizationCode(iss, fixture.registrationEndpoint()).grantTypes(List.of())
                        .sign(certificate.privateKey(), certificate.chain())));
        assertEquals(200, cancel.statusCode(), cancel.body());
        assertFalse(consentedClients("alice").contains(clientId), "a cancelled registration leaves no consent behind");
    }

    private static int registerStatus(String iss, IssuedCertificate certificate, String redirectUri) {
        return fixture.register(SoftwareStatementBuilder.registrationRequest(
                SoftwareStatementBuilder.authorizationCode(iss, fixture.registrationEndpoint())
                        .redirectUris(List.of(redirectUri)).grantTypes(List.of("authorization_code", "refresh_token"))
                        .scope("openid fhirUser launch/patient patient/*.read").sign(certificate.privateKey(), certificate.chain())))
                .statusCode();
    }

    @Test
    void authorizationCode_withTheSmartLaunchContext_andRefreshWithAFreshAssertion() {
        SmartLaunch launch = new SmartLaunch(fixture.server, new SmartLaunch.App(acRsa, null), new Browser())
                .param("redirect_uri", "https://apps.test/callback")
                .param("scope", "launch/patient openid fhirUser patient/*.read");
        launch.clientAuthentication = () -> {
            Map<String, String> auth = new LinkedHashMap<>(ClientAssertions.form("ignored",
                    ClientAssertions.sign(ClientAssertions.claims(acRsa, fixture.tokenEndpoint()).build(), fixture.pki.appRsa)));
            auth.remove("grant_type");
            return auth;
        };
        HttpResponse<String> start = launch.authorize();
        SmartLaunch.Redirect redirect = runTo(launch, start, "https://apps.test/callback");
        assertEquals(launch.params.get("state"), redirect.params().get("state"));
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", redirect.code(),
                "redirect_uri", "https://apps.test/callback", "code_verifier", launch.pkce.verifier()));
        HttpResponse<String> token = launch.tokenRequest(form);
        assertEquals(200, token.statusCode(), token.body());
        JsonNode body = Http.json(token);
        assertEquals("alice-1001", body.get("patient").asText());
        JsonNode access = Jwt.claims(body.get("access_token").asText());
        assertEquals(UdapPki.APP_AC, access.get("udap_iss").asText());
        assertEquals("alice-1001", access.get("patient").asText());
        assertNoKeycloakRolesOrOrigins(access);

        HttpResponse<String> refreshed = launch.refresh(body.get("refresh_token").asText(), null);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals("alice-1001", Http.json(refreshed).get("patient").asText());

        // a refresh without a fresh assertion is refused
        HttpResponse<String> anonymous = token(Map.of("grant_type", "refresh_token", "refresh_token",
                Http.json(refreshed).get("refresh_token").asText(), "client_id", acRsa));
        refused(anonymous, "invalid_client");
    }

    /** Walks login, picker and consent pages with alice until the redirect to {@code redirectUri}. */
    private static SmartLaunch.Redirect runTo(SmartLaunch launch, HttpResponse<String> response, String redirectUri) {
        for (int step = 0; step < 10; step++) {
            if (response.statusCode() == 302) {
                String location = response.headers().firstValue("Location").orElseThrow();
                if (location.startsWith(redirectUri)) {
                    return new SmartLaunch.Redirect(location, org.payerauth.it.support.QueryString.of(location));
                }
                response = launch.browser.get(location);
            } else if (response.body().contains("id=\"kc-form-login\"")) {
                response = launch.browser.submit(response, Map.of("username", "alice", "password", "alice"));
            } else if (response.body().contains("id=\"smart-consent\"")) {
                response = launch.browser.submit(response, Map.of("accept", "Allow"));
            } else if (response.body().contains("id=\"kc-oauth\"")) {
                response = launch.browser.submit(response, Map.of("accept", "Yes"));
            } else {
                throw new AssertionError("unexpected page " + response.statusCode() + ":\n" + response.body());
            }
        }
        throw new AssertionError("no redirect");
    }

    // ---- refusals: invalid_client ----

    @Test
    void wrongAud_isInvalidClient() {
        refused(clientCredentials(ClientAssertions.sign(ClientAssertions.b2bClaims(ccRsa, fixture.server.realmUrl("payer"))
                .build(), fixture.pki.appRsa)), "invalid_client");
    }

    @Test
    void audArray_isInvalidClient() {
        refused(clientCredentials(ClientAssertions.sign(ClientAssertions.b2bClaims(ccRsa, fixture.tokenEndpoint())
                .audience(List.of(fixture.tokenEndpoint(), "https://other.test")).build(), fixture.pki.appRsa)), "invalid_client");
    }

    @Test
    void expiredAssertion_isInvalidClient() {
        Instant past = Instant.now().minusSeconds(900);
        refused(clientCredentials(ClientAssertions.sign(ClientAssertions.b2bClaims(ccRsa, fixture.tokenEndpoint())
                .issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(300))).build(), fixture.pki.appRsa)),
                "invalid_client");
    }

    @Test
    void lifetimeOver300Seconds_isInvalidClient() {
        refused(clientCredentials(ClientAssertions.sign(ClientAssertions.b2bClaims(ccRsa, fixture.tokenEndpoint())
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build(), fixture.pki.appRsa)), "invalid_client");
    }

    @Test
    void missingJti_isInvalidClient() {
        refused(clientCredentials(ClientAssertions.sign(ClientAssertions.b2bClaims(ccRsa, fixture.tokenEndpoint())
                .jwtID(null).build(), fixture.pki.appRsa)), "invalid_client");
    }

    @Test
    void replayedJti_isInvalidClient() {
        String assertion = b2b(ccRsa, fixture.pki.appRsa);
        assertEquals(200, clientCredentials(assertion).statusCode());
        refused(clientCredentials(assertion), "invalid_client");
    }

    @Test
    void anotherClientsCertificate_isInvalidClient() {
        refused(clientCredentials(b2b(ccRsa, fixture.pki.appEc256)), "invalid_client");
    }

    @Test
    void certificateFromAnotherCommunity_isInvalidClient() {
        // appRsaInB carries APP_AC (the AC client's iss) but chains to community B; the client registered in A
        refused(clientCredentials(b2b(acRsa, fixture.pki.appRsaInB)), "invalid_client");
    }

    @Test
    void revokedCertificate_isInvalidClient() {
        refused(clientCredentials(b2b(revokedTwinClient, fixture.pki.revoked)), "invalid_client");
    }

    @Test
    void expiredCertificate_isInvalidClient() {
        refused(clientCredentials(b2b(expiredTwinClient, fixture.pki.expired)), "invalid_client");
    }

    @Test
    void sanNotTheRegisteredIss_isInvalidClient() {
        IssuedCertificate other = fixture.pki.intermediateA.issue(LeafSpec.builder("Other SAN")
                .sanUri("https://someone-else.test/app").crlUrl(fixture.pki.crls.url("intermediate-a")).build());
        refused(clientCredentials(b2b(ccRsa, other)), "invalid_client");
    }

    @Test
    void algNone_isInvalidClient() {
        String header = b64("{\"alg\":\"none\",\"x5c\":[\"" + fixture.pki.appRsa.x5c().get(0) + "\"]}");
        String payload = b64(ClientAssertions.b2bClaims(ccRsa, fixture.tokenEndpoint()).build().toString());
        refused(clientCredentials(header + "." + payload + "."), "invalid_client");
    }

    @Test
    void hs256KeyedWithThePublicKey_isInvalidClient() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).x509CertChain(fixture.pki.appRsa.x5c()).build(),
                ClientAssertions.b2bClaims(ccRsa, fixture.tokenEndpoint()).build());
        jwt.sign(new MACSigner(fixture.pki.appRsa.certificate().getPublicKey().getEncoded()));
        refused(clientCredentials(jwt.serialize()), "invalid_client");
    }

    @Test
    void allZeroEs256Signature_isInvalidClient_CVE_2022_21449() {
        String valid = b2b(ccEc256, fixture.pki.appEc256);
        String[] parts = valid.split("\\.");
        String zero = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        refused(clientCredentials(parts[0] + "." + parts[1] + "." + zero), "invalid_client");
    }

    @Test
    void authorizationHeaderPresent_isInvalidClient() {
        Map<String, String> form = ClientAssertions.form("client_credentials", b2b(ccRsa, fixture.pki.appRsa));
        form.put("scope", "system/*.read");
        refused(token(form, "Authorization", "Basic " + Base64.getEncoder().encodeToString((ccRsa + ":x").getBytes(StandardCharsets.UTF_8))),
                "invalid_client");
    }

    @Test
    void missingUdapParameter_isInvalidClient() {
        Map<String, String> form = ClientAssertions.form("client_credentials", b2b(ccRsa, fixture.pki.appRsa));
        form.remove("udap");
        form.put("scope", "system/*.read");
        refused(token(form), "invalid_client");
    }

    @Test
    void cancelledRegistration_isInvalidClient() {
        String iss = "https://cancelled.test/" + UUID.randomUUID();
        IssuedCertificate certificate = fixture.pki.intermediateA.issue(LeafSpec.builder("Cancelled")
                .sanUri(iss).crlUrl(fixture.pki.crls.url("intermediate-a")).build());
        String clientId = registerCc(iss, certificate);
        assertEquals(200, clientCredentials(b2b(clientId, certificate)).statusCode());
        assertEquals(200, fixture.register(SoftwareStatementBuilder.registrationRequest(SoftwareStatementBuilder
                .clientCredentials(iss, fixture.registrationEndpoint()).grantTypes(List.of()).sign(certificate.privateKey(), certificate.chain()))).statusCode());
        refused(clientCredentials(b2b(clientId, certificate)), "invalid_client");
    }

    // ---- refusals: B2B grant rules ----

    @Test
    void missingHl7B2b_isInvalidGrant() {
        refused(clientCredentials(ClientAssertions.sign(ClientAssertions.claims(ccRsa, fixture.tokenEndpoint()).build(),
                fixture.pki.appRsa)), "invalid_grant");
    }

    @Test
    void malformedHl7B2b_isInvalidGrant() {
        Map<String, Object> b2b = new LinkedHashMap<>(ClientAssertions.infernoB2b());
        b2b.put("purpose_of_use", "SYSDEV");
        refused(clientCredentials(ClientAssertions.sign(ClientAssertions.claims(ccRsa, fixture.tokenEndpoint())
                .claim("extensions", Map.of("hl7-b2b", b2b)).build(), fixture.pki.appRsa)), "invalid_grant");
        Map<String, Object> noOrganization = new LinkedHashMap<>(ClientAssertions.infernoB2b());
        noOrganization.remove("organization_id");
        refused(clientCredentials(ClientAssertions.sign(ClientAssertions.claims(ccRsa, fixture.tokenEndpoint())
                .claim("extensions", Map.of("hl7-b2b", noOrganization)).build(), fixture.pki.appRsa)), "invalid_grant");
    }

    @Test
    void clientCredentialsWithoutScope_isInvalidRequestInStu2Mode() {
        refused(token(ClientAssertions.form("client_credentials", b2b(ccRsa, fixture.pki.appRsa))), "invalid_request");
    }

    // ---- Inferno udap_security token exchange (STU1.1 mode) ----

    @Test
    void udap_client_credentials_token_exchange() {
        RealmAttributesAccess.with(fixture.admin, "udap.mode", "stu1.1", () -> {
            HttpResponse<String> response = token(ClientAssertions.form("client_credentials", b2b(ccRsa, fixture.pki.appRsa)));
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = Http.json(response);
            assertFalse(body.get("access_token").asText().isBlank());
            assertFalse(body.get("token_type").asText().isBlank());
            assertTrue(response.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
            assertTrue(response.headers().firstValue("Pragma").orElse("").contains("no-cache"));
        });
    }

    @Test
    void udap_authorization_code_token_exchange() {
        RealmAttributesAccess.with(fixture.admin, "udap.mode", "stu1.1", () -> {
            String iss = "https://inferno-ac.test/" + UUID.randomUUID();
            IssuedCertificate certificate = fixture.pki.intermediateA.issue(LeafSpec.builder("Inferno AC")
                    .sanUri(iss).crlUrl(fixture.pki.crls.url("intermediate-a")).build());
            HttpResponse<String> registered = fixture.register(SoftwareStatementBuilder.registrationRequest(
                    SoftwareStatementBuilder.authorizationCode(iss, fixture.registrationEndpoint())
                            .redirectUris(List.of("https://apps.test/callback")).scope("openid fhirUser").sign(certificate.privateKey(), certificate.chain())));
            String clientId = Http.json(registered).get("client_id").asText();
            SmartLaunch launch = new SmartLaunch(fixture.server, new SmartLaunch.App(clientId, null), new Browser())
                    .param("redirect_uri", "https://apps.test/callback").param("scope", "openid fhirUser")
                    .param("code_challenge", null).param("code_challenge_method", null).param("aud", null);
            SmartLaunch.Redirect redirect = runTo(launch, launch.authorize(), "https://apps.test/callback");
            assertTrue(redirect.code() != null && redirect.error() == null, redirect.url());
            Map<String, String> form = ClientAssertions.form("authorization_code",
                    ClientAssertions.sign(ClientAssertions.claims(clientId, fixture.tokenEndpoint()).build(), certificate));
            form.put("code", redirect.code());
            form.put("redirect_uri", "https://apps.test/callback");
            HttpResponse<String> response = token(form);
            assertEquals(200, response.statusCode(), response.body());
            assertFalse(Http.json(response).get("access_token").asText().isBlank());
        });
    }

    @Test
    void missingStateForAUdapClient_isInvalidRequestInStu2Mode() {
        SmartLaunch launch = new SmartLaunch(fixture.server, new SmartLaunch.App(acRsa, null), new Browser())
                .param("redirect_uri", "https://apps.test/callback").param("state", null).param("scope", "openid");
        HttpResponse<String> response = launch.authorize();
        assertEquals(302, response.statusCode(), response.body());
        assertEquals("invalid_request", org.payerauth.it.support.QueryString.of(
                response.headers().firstValue("Location").orElseThrow()).get("error"));
    }

    @Test
    void discoveryListsClientCredentialsAndHl7B2b() {
        JsonNode metadata = Http.json(Http.get(fixture.server.realmUrl("payer") + "/.well-known/udap"));
        assertTrue(metadata.get("grant_types_supported").toString().contains("client_credentials"));
        assertTrue(metadata.get("udap_profiles_supported").toString().contains("udap_authz"));
        assertTrue(metadata.get("udap_authorization_extensions_supported").toString().contains("hl7-b2b"));
        assertTrue(metadata.get("udap_authorization_extensions_required").toString().contains("hl7-b2b"));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

}
