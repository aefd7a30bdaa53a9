package org.payerauth.it.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.Jwt;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.clientauth.ClientAssertionBuilder;
import org.payerauth.udap.pki.Pem;
import org.payerauth.udap.registration.SoftwareStatementBuilder;

/**
 * What is stored stays readable: a realm exported by payer-auth 0.1.0 (a trust community component and a UDAP
 * registration, see {@code legacy-0.1.0/README.md}) imports into this build and still works: the community signs
 * discovery, the registered app authenticates with its certificate, and registering it again updates the same client.
 */
@KeycloakIT
class LegacyRealmImportIT {

    static final String REALM = "payer-legacy";
    static final String FIXTURE = "/legacy-0.1.0/";
    static final String COMMUNITY_TYPE = "org.payerauth.keycloak.udap.community.TrustCommunityProvider";
    static final String COMMUNITY = "udap://legacy.payer-auth.test/community";
    static final String FHIR_BASE = "https://fhir.legacy.payer-auth.test/r4";
    static final String ISS = "https://b2b.legacy.payer-auth.test/app";
    static final String CLIENT_ID = "udap-f1d557ddf941d8059512c6e5b70a8a3e";

    private static KeycloakServer server;
    private static AdminApi admin;
    private static IssuedCertificate app;

    @BeforeAll
    static void importLegacyRealm(KeycloakServer keycloak, AdminApi adminApi) {
        server = keycloak;
        admin = adminApi;
        admin.delete("/realms/" + REALM);
        HttpResponse<String> created = admin.postJson("/realms", resource("payer-legacy-realm.json"));
        assertEquals(201, created.statusCode(), created.body());
        List<X509Certificate> chain = Pem.readCertificates(resource("client.pem"));
        PrivateKey key = Pem.readPrivateKey(resource("client.key"));
        app = new IssuedCertificate(chain.get(0), key, chain);
    }

    @AfterAll
    static void removeLegacyRealm() {
        admin.delete("/realms/" + REALM);
    }

    @Test
    void theCommunityComponentIsReadUnderItsStoredProviderType() {
        JsonNode components = admin.getJson("/realms/" + REALM + "/components?type=" + COMMUNITY_TYPE);
        assertEquals(1, components.size(), components.toString());
        JsonNode config = components.get(0).get("config");
        assertEquals(COMMUNITY, config.get("communityUri").get(0).asText());
        assertEquals("**********", config.get("signingKey").get(0).asText(), "the key stays secret after import");
    }

    @Test
    void theImportedCommunitySignsDiscovery() throws Exception {
        HttpResponse<String> response = Http.get(server.realmUrl(REALM) + "/.well-known/udap");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode metadata = Http.json(response);
        assertEquals(tokenEndpoint(), metadata.get("token_endpoint").asText());
        SignedJWT signed = SignedJWT.parse(metadata.get("signed_metadata").asText());
        X509Certificate signer = X509CertUtils.parse(signed.getHeader().getX509CertChain().get(0).decode());
        assertTrue(signed.verify(new RSASSAVerifier((RSAPublicKey) signer.getPublicKey())));
        assertEquals(FHIR_BASE, signed.getJWTClaimsSet().getIssuer());
        assertEquals(metadata.get("registration_endpoint").asText(),
                signed.getJWTClaimsSet().getStringClaim("registration_endpoint"));
    }

    @Test
    void theRegisteredAppGetsAB2bTokenWithItsCertificate() throws Exception {
        HttpResponse<String> response = Http.postForm(tokenEndpoint(), Map.of(
                "grant_type", "client_credentials",
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion(),
                "udap", "1",
                "scope", "profile"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode claims = Jwt.claims(Http.json(response).get("access_token").asText());
        assertEquals(ISS, claims.get("udap_iss").asText());
        assertEquals(CLIENT_ID, claims.get("azp").asText());
        assertNotNull(claims.get("extensions").get("hl7-b2b"), "the hl7-b2b extension is carried into the token");
    }

    @Test
    void registeringTheAppAgainUpdatesTheImportedClient() {
        String statement = SoftwareStatementBuilder.clientCredentials(ISS, registrationEndpoint())
                .clientName("Legacy B2B app, renamed")
                .contacts(List.of("mailto:ops@b2b.legacy.payer-auth.test"))
                .scope("system/Patient.read patient/Patient.read")
                .sign(app.privateKey(), app.chain());
        HttpResponse<String> response = Http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(registrationEndpoint()))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(SoftwareStatementBuilder.registrationRequest(statement)))
                .build());
        assertEquals(200, response.statusCode(), "same (community, iss): an update, not a new client: " + response.body());
        assertEquals(CLIENT_ID, Http.json(response).get("client_id").asText());
        JsonNode clients = admin.getJson("/realms/" + REALM + "/clients?clientId=" + CLIENT_ID);
        assertEquals("Legacy B2B app, renamed", clients.get(0).get("name").asText());
        assertEquals(COMMUNITY, clients.get(0).get("attributes").get("udap.community").asText());
    }

    private static String assertion() {
        return ClientAssertionBuilder.of(CLIENT_ID, tokenEndpoint())
                .hl7B2b(ClientAssertionBuilder.hl7B2b("https://b2b.legacy.payer-auth.test/org", List.of("SYSDEV")))
                .sign(app.privateKey(), app.chain());
    }

    private static String tokenEndpoint() {
        return server.realmUrl(REALM) + "/protocol/openid-connect/token";
    }

    private static String registrationEndpoint() {
        return server.realmUrl(REALM) + "/clients-registrations/udap";
    }

    private static String resource(String name) {
        try (InputStream in = LegacyRealmImportIT.class.getResourceAsStream(FIXTURE + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + FIXTURE + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
