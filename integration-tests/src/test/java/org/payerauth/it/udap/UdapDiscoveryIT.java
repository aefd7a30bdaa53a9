package org.payerauth.it.udap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.it.support.X509;

/** {@code /.well-known/udap}: Inferno's UDAP discovery assertions (udap.md §9.1), by test id, plus IG 2.0 §2.4. */
@KeycloakIT
class UdapDiscoveryIT {

    private static UdapFixture fixture;

    @BeforeAll
    static void communities(KeycloakServer server, AdminApi admin) {
        fixture = new UdapFixture(server, admin);
    }

    @AfterAll
    static void cleanUp() {
        fixture.close();
    }

    private static String url() {
        return fixture.server.realmUrl("payer") + "/.well-known/udap";
    }

    private static JsonNode metadata() {
        HttpResponse<String> response = Http.get(url());
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    @Test
    void udap_well_known_endpoint() {
        HttpResponse<String> response = Http.get(url());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(Http.json(response).isObject());
    }

    @Test
    void udap_versions_supported_field() {
        assertEquals(List.of("1"), strings(metadata().get("udap_versions_supported")));
    }

    @Test
    void udap_grant_types_supported_field() {
        List<String> grants = strings(metadata().get("grant_types_supported"));
        assertFalse(grants.isEmpty());
        assertTrue(grants.contains("authorization_code"));
        assertTrue(!grants.contains("refresh_token") || grants.contains("authorization_code"));
    }

    @Test
    void udap_profiles_supported_field() {
        List<String> profiles = strings(metadata().get("udap_profiles_supported"));
        assertTrue(profiles.containsAll(List.of("udap_dcr", "udap_authn")), profiles.toString());
    }

    @Test
    void udap_auth_extensions_supported_and_required_fields() {
        JsonNode json = metadata();
        assertTrue(json.get("udap_authorization_extensions_supported").isArray());
        if (json.get("udap_authorization_extensions_supported").isEmpty()) {
            assertFalse(json.has("udap_authorization_extensions_required"));
        } else {
            assertTrue(json.get("udap_authorization_extensions_required").isArray());
        }
    }

    @Test
    void udap_certifications_supported_and_required_fields() {
        JsonNode json = metadata();
        assertTrue(json.get("udap_certifications_supported").isArray());
        assertTrue(json.get("udap_certifications_supported").isEmpty());
        assertFalse(json.has("udap_certifications_required"));
    }

    @Test
    void udap_scopes_supported_field() {
        List<String> scopes = strings(metadata().get("scopes_supported"));
        assertTrue(scopes.containsAll(List.of("openid", "fhirUser", "launch/patient", "patient/*.read")), scopes.toString());
    }

    @Test
    void udap_endpoint_fields() {
        JsonNode json = metadata();
        JsonNode oidc = Http.json(Http.get(fixture.server.realmUrl("payer") + "/.well-known/openid-configuration"));
        assertEquals(oidc.get("authorization_endpoint").asText(), json.get("authorization_endpoint").asText());
        assertEquals(oidc.get("token_endpoint").asText(), json.get("token_endpoint").asText());
        assertEquals(fixture.registrationEndpoint(), json.get("registration_endpoint").asText());
    }

    @Test
    void udap_token_endpoint_auth_methods_supported_field() {
        assertEquals(List.of("private_key_jwt"), strings(metadata().get("token_endpoint_auth_methods_supported")));
    }

    @Test
    void udap_token_endpoint_auth_signing_alg_values_supported_field() {
        assertTrue(strings(metadata().get("token_endpoint_auth_signing_alg_values_supported")).contains("RS256"));
    }

    @Test
    void udap_reg_endpoint_jwt_signing_alg_values_supported_field() {
        assertTrue(strings(metadata().get("registration_endpoint_jwt_signing_alg_values_supported")).contains("RS256"));
    }

    @Test
    void udap_signed_metadata_field_and_contents() throws Exception {
        JsonNode json = metadata();
        String jwt = json.get("signed_metadata").asText();
        assertTrue(jwt.matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$"));
        SignedJWT signed = SignedJWT.parse(jwt);
        assertEquals(JWSAlgorithm.RS256, signed.getHeader().getAlgorithm());
        List<com.nimbusds.jose.util.Base64> x5c = signed.getHeader().getX509CertChain();
        assertEquals(2, x5c.size(), "leaf + intermediate");
        X509Certificate leaf = X509CertUtils.parse(x5c.get(0).decode());
        assertEquals(X509.sha256Thumbprint(fixture.pki.serverA.certificate()), X509.sha256Thumbprint(leaf),
                "signed with the default community's certificate");
        assertTrue(signed.verify(new RSASSAVerifier((RSAPublicKey) leaf.getPublicKey())));
        Map<String, Object> claims = signed.getJWTClaimsSet().getClaims();
        String fhirBase = UdapFixture.fhirBaseUrl(fixture.server);
        assertEquals(fhirBase, signed.getJWTClaimsSet().getIssuer());
        assertEquals(fhirBase, signed.getJWTClaimsSet().getSubject());
        assertTrue(X509.sanUris(leaf).contains(fhirBase));
        long iat = signed.getJWTClaimsSet().getIssueTime().getTime() / 1000;
        long exp = signed.getJWTClaimsSet().getExpirationTime().getTime() / 1000;
        assertTrue(exp > iat && exp <= iat + 365L * 24 * 3600);
        assertTrue(claims.containsKey("jti"));
        assertEquals(json.get("token_endpoint").asText(), claims.get("token_endpoint"));
        assertEquals(json.get("registration_endpoint").asText(), claims.get("registration_endpoint"));
        assertEquals(json.get("authorization_endpoint").asText(), claims.get("authorization_endpoint"));

        String again = metadata().get("signed_metadata").asText();
        assertEquals(signed.serialize(), again, "signed once and served from memory, not signed per request");
    }

    @Test
    void udap_community_parameter_support_signsWithThatCommunity() throws Exception {
        HttpResponse<String> response = Http.get(url() + "?community=" + Http.encode(UdapPki.COMMUNITY_B));
        assertEquals(200, response.statusCode());
        SignedJWT signed = SignedJWT.parse(Http.json(response).get("signed_metadata").asText());
        X509Certificate leaf = X509CertUtils.parse(signed.getHeader().getX509CertChain().get(0).decode());
        assertEquals(X509.sha256Thumbprint(fixture.pki.serverB.certificate()), X509.sha256Thumbprint(leaf));
    }

    @Test
    void unknownCommunity_answers204() {
        HttpResponse<String> response = Http.get(url() + "?community=" + Http.encode("udap://unknown.test/community"));
        assertEquals(204, response.statusCode());
    }

    @Test
    void udap_metadata_endpoint_error_handling_realmWithoutUdapAnswers404(AdminApi admin) {
        String realm = "no-udap-" + System.nanoTime();
        assertEquals(201, admin.postJson("/realms", Map.of("realm", realm, "enabled", true)).statusCode());
        try {
            assertEquals(404, Http.get(fixture.server.realmUrl(realm) + "/.well-known/udap").statusCode());
            JsonNode smart = Http.json(Http.get(fixture.server.realmUrl(realm) + "/.well-known/smart-configuration"));
            assertFalse(smart.has("registration_endpoint"), "no community: UDAP contributes no registration endpoint");
        } finally {
            admin.delete("/realms/" + realm);
        }
    }

    @Test
    void smartConfigurationListsTheRegistrationEndpoint() {
        JsonNode smart = Http.json(Http.get(fixture.server.realmUrl("payer") + "/.well-known/smart-configuration"));
        assertEquals(fixture.registrationEndpoint(), smart.get("registration_endpoint").asText());
    }

    @Test
    void theSigningKeyIsNeverReturnedByARead(AdminApi admin) {
        JsonNode component = admin.getJson("/realms/payer/components/" + fixture.communityA);
        String key = component.get("config").get("signingKey").get(0).asText();
        assertFalse(key.contains("PRIVATE KEY"), "masked: " + key);
        assertTrue(component.get("config").get("signingCertificateChain").get(0).asText().contains("BEGIN CERTIFICATE"));
    }

    @Test
    void changingACommunityIsEffectiveWithoutRestart(AdminApi admin) throws Exception {
        JsonNode a = admin.getJson("/realms/payer/components/" + fixture.communityA);
        JsonNode b = admin.getJson("/realms/payer/components/" + fixture.communityB);
        try {
            setDefault(admin, fixture.communityA, a, false);
            setDefault(admin, fixture.communityB, b, true);
            SignedJWT signed = SignedJWT.parse(metadata().get("signed_metadata").asText());
            X509Certificate leaf = X509CertUtils.parse(signed.getHeader().getX509CertChain().get(0).decode());
            assertEquals(X509.sha256Thumbprint(fixture.pki.serverB.certificate()), X509.sha256Thumbprint(leaf),
                    "the new default community signs at once");
        } finally {
            setDefault(admin, fixture.communityB, b, false);
            setDefault(admin, fixture.communityA, a, true);
        }
    }

    private static void setDefault(AdminApi admin, String id, JsonNode component, boolean value) {
        com.fasterxml.jackson.databind.node.ObjectNode changed = component.deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode config = (com.fasterxml.jackson.databind.node.ObjectNode) changed.get("config");
        config.putArray("default").add(String.valueOf(value));
        HttpResponse<String> response = admin.putJson("/realms/payer/components/" + id, changed);
        assertEquals(204, response.statusCode(), response.body());
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
