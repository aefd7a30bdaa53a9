package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.Jwt;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * SMART Backend Services (issue 10, item 7), what Inferno's Backend Services group sends: a confidential client an
 * administrator registered with a JWKS authenticates with Keycloak's own signed-JWT client authenticator
 * ({@code private_key_jwt}, RS384 and ES384) and gets a {@code client_credentials} token with {@code system/} scopes
 * and {@code aud} = the FHIR base URL; wrong grant type, wrong assertion type and a JWT signed with another key fail.
 * A {@code jku} header other than the client's registered JWKS URL fails with {@code invalid_client} (security
 * review 2, L9), and nothing is fetched from it: {@link #keyServer} counts every request per path.
 */
@KeycloakIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackendServicesIT {

    private static final String CLIENT = "backend-services-test";
    /** A client registered with a JWKS URL (served by {@link #keyServer}) instead of a JWKS by value. */
    private static final String URL_CLIENT = "backend-services-jwks-url-test";

    private KeycloakServer server;
    private String clientId;
    private String urlClientId;
    private RSAKey rsa;
    private ECKey ec;
    /** On loopback: {@code /jwks} serves the URL client's keys; every other path answers 404; all requests counted. */
    private HttpServer keyServer;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    @BeforeAll
    void register(KeycloakServer server, AdminApi admin) throws Exception {
        this.server = server;
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).generate();
        ec = new ECKeyGenerator(Curve.P_384).keyID("ec-1").keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).generate();
        String jwks = new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec.toPublicJWK())).toString();
        ObjectNode client = Http.JSON.createObjectNode();
        client.put("clientId", CLIENT).put("enabled", true).put("protocol", "openid-connect").put("publicClient", false)
                .put("clientAuthenticatorType", "client-jwt").put("serviceAccountsEnabled", true)
                .put("standardFlowEnabled", false).put("fullScopeAllowed", false);
        // SMART Backend Services assertions may live 5 minutes and need no iat: Keycloak's limit is per client.
        client.putObject("attributes").put("use.jwks.string", "true").put("jwks.string", jwks)
                .put("use.jwks.url", "false").put("token.endpoint.auth.signing.max.exp", "300");
        client.putArray("defaultClientScopes").add("basic").add("smart-context");
        client.putArray("optionalClientScopes").add("system/*.read").add("system/Patient.rs");
        HttpResponse<String> created = admin.postJson("/realms/payer/clients", client);
        assertEquals(201, created.statusCode(), created.body());
        clientId = admin.getJson("/realms/payer/clients?clientId=" + CLIENT).get(0).get("id").asText();

        keyServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] publicJwks = jwks.getBytes(StandardCharsets.UTF_8);
        keyServer.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (path.equals("/jwks")) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, publicJwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(publicJwks);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        keyServer.start();
        ObjectNode urlClient = client.deepCopy();
        urlClient.put("clientId", URL_CLIENT);
        ((ObjectNode) urlClient.get("attributes")).put("use.jwks.string", "false").put("use.jwks.url", "true")
                .put("jwks.url", keyUrl("/jwks")).remove("jwks.string");
        HttpResponse<String> urlCreated = admin.postJson("/realms/payer/clients", urlClient);
        assertEquals(201, urlCreated.statusCode(), urlCreated.body());
        urlClientId = admin.getJson("/realms/payer/clients?clientId=" + URL_CLIENT).get(0).get("id").asText();
    }

    @AfterAll
    void remove(AdminApi admin) {
        if (clientId != null) {
            admin.delete("/realms/payer/clients/" + clientId);
        }
        if (urlClientId != null) {
            admin.delete("/realms/payer/clients/" + urlClientId);
        }
        if (keyServer != null) {
            keyServer.stop(0);
        }
    }

    private String keyUrl(String path) {
        return "http://127.0.0.1:" + keyServer.getAddress().getPort() + path;
    }

    private int requestsTo(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    private String tokenEndpoint() {
        return server.realmUrl("payer") + "/protocol/openid-connect/token";
    }

    private String assertion(JWK key, JWSAlgorithm alg) throws Exception {
        return assertion(CLIENT, key, alg, null);
    }

    /** A Backend Services client assertion of {@code client}; with a {@code jku} header when {@code jku} is not null. */
    private String assertion(String client, JWK key, JWSAlgorithm alg, String jku) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(client).subject(client).audience(tokenEndpoint())
                .expirationTime(new Date(System.currentTimeMillis() + 300_000)).jwtID(UUID.randomUUID().toString()).build();
        JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
        JWSHeader.Builder header = new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(com.nimbusds.jose.JOSEObjectType.JWT);
        if (jku != null) {
            header.jwkURL(URI.create(jku));
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static void assertInvalidClient(HttpResponse<String> response, String descriptionPart) {
        assertTrue(response.statusCode() == 400 || response.statusCode() == 401, response.body());
        JsonNode body = Http.json(response);
        assertEquals("invalid_client", body.get("error").asText(), response.body());
        assertTrue(body.path("error_description").asText().contains(descriptionPart), response.body());
    }

    private HttpResponse<String> token(String grantType, String assertionType, String assertion, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grantType);
        form.put("client_assertion_type", assertionType);
        form.put("client_assertion", assertion);
        form.put("scope", scope);
        return Http.postForm(tokenEndpoint(), form);
    }

    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @Test
    void rs384AndEs384AssertionsGetASystemScopedTokenForTheFhirBaseUrl() throws Exception {
        for (Map.Entry<JWK, JWSAlgorithm> key : Map.<JWK, JWSAlgorithm>of(rsa, JWSAlgorithm.RS384, ec, JWSAlgorithm.ES384).entrySet()) {
            HttpResponse<String> response = token("client_credentials", JWT_BEARER, assertion(key.getKey(), key.getValue()),
                    "system/*.read");
            assertEquals(200, response.statusCode(), key.getValue() + ": " + response.body());
            JsonNode body = Http.json(response);
            assertEquals("system/*.read", body.get("scope").asText());
            assertTrue(body.has("expires_in"));
            assertEquals(server.realmUrl("payer"), Jwt.claims(body.get("access_token").asText()).get("aud").asText(),
                    "aud = the FHIR base URL (the realm URL stands in in the demo realm)");
        }
    }

    @Test
    void aWrongGrantTypeIsRefused() throws Exception {
        HttpResponse<String> response = token("authorization_code", JWT_BEARER, assertion(rsa, JWSAlgorithm.RS384), "system/*.read");
        assertEquals(400, response.statusCode(), response.body());
    }

    @Test
    void aWrongAssertionTypeIsInvalidClient() throws Exception {
        HttpResponse<String> response = token("client_credentials", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer",
                assertion(rsa, JWSAlgorithm.RS384), "system/*.read");
        assertTrue(response.statusCode() == 400 || response.statusCode() == 401, response.body());
        assertEquals("invalid_client", Http.json(response).get("error").asText());
    }

    @Test
    void anAssertionSignedWithAnotherKeyIsInvalidClient() throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        HttpResponse<String> response = token("client_credentials", JWT_BEARER, assertion(other, JWSAlgorithm.RS384), "system/*.read");
        assertTrue(response.statusCode() == 400 || response.statusCode() == 401, response.body());
        assertEquals("invalid_client", Http.json(response).get("error").asText());
    }

    @Test
    void aReplayedAssertionIsInvalidClient() throws Exception {
        String assertion = assertion(rsa, JWSAlgorithm.RS384);
        assertEquals(200, token("client_credentials", JWT_BEARER, assertion, "system/*.read").statusCode());
        HttpResponse<String> replay = token("client_credentials", JWT_BEARER, assertion, "system/*.read");
        assertEquals("invalid_client", Http.json(replay).get("error").asText(), replay.body());
    }

    /** What an outside Backend Services tester sends: {@code jku: test-bad-jku}. */
    @Test
    void aJkuThatIsNotTheRegisteredJwksUrl_isInvalidClient() throws Exception {
        for (String client : List.of(CLIENT, URL_CLIENT)) {
            HttpResponse<String> response = token("client_credentials", JWT_BEARER,
                    assertion(client, rsa, JWSAlgorithm.RS384, "test-bad-jku"), "system/*.read");
            assertInvalidClient(response, "jku");
        }
    }

    @Test
    void aJkuEqualToTheRegisteredJwksUrl_getsAToken() throws Exception {
        HttpResponse<String> response = token("client_credentials", JWT_BEARER,
                assertion(URL_CLIENT, ec, JWSAlgorithm.ES384, keyUrl("/jwks")), "system/*.read");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("system/*.read", Http.json(response).get("scope").asText());
        // without a jku the same client authenticates as before
        assertEquals(200, token("client_credentials", JWT_BEARER, assertion(URL_CLIENT, rsa, JWSAlgorithm.RS384, null),
                "system/*.read").statusCode());
    }

    @Test
    void aJkuElsewhere_isInvalidClient_andNothingIsFetchedFromIt() throws Exception {
        String elsewhere = keyUrl("/attacker/jwks");
        // registered with a JWKS by value: any jku fails
        assertInvalidClient(token("client_credentials", JWT_BEARER, assertion(CLIENT, rsa, JWSAlgorithm.RS384, elsewhere),
                "system/*.read"), "no registered JWKS URL");
        // registered with a JWKS URL: another URL fails, even one on the same host
        assertInvalidClient(token("client_credentials", JWT_BEARER, assertion(URL_CLIENT, rsa, JWSAlgorithm.RS384, elsewhere),
                "system/*.read"), "not the JWKS URL registered");
        assertInvalidClient(token("client_credentials", JWT_BEARER, assertion(URL_CLIENT, rsa, JWSAlgorithm.RS384,
                keyUrl("/jwks?other")), "system/*.read"), "not the JWKS URL registered");
        assertEquals(0, requestsTo("/attacker/jwks"), "the jku URL is never fetched: " + requests);
        assertEquals(Set.of(), requests.keySet().stream().filter(p -> !p.equals("/jwks")).collect(java.util.stream.Collectors.toSet()),
                "only the registered JWKS URL is ever fetched");
    }
}
