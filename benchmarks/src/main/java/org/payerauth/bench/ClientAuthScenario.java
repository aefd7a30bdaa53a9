package org.payerauth.bench;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.registration.SoftwareStatementBuilder;

/**
 * S1a: client_credentials tokens, three sides in the same realm. STOCK = stock Keycloak {@code private_key_jwt}
 * (client-jwt, certificate registered on the client) with a small assertion; FLOOR = the same stock client fed the
 * UDAP-shaped assertion (x5c leaf + intermediate in the header, {@code hl7-b2b}, {@code udap=1}): what the larger
 * message alone costs Keycloak; UDAP = UDAP JWT client authentication (chain to the community, uploaded CRLs checked,
 * hl7-b2b). Same RSA-2048 key, same server, same client scopes (the stock client copies the UDAP app's, so the tokens
 * are made by the same mappers), assertions pre-generated (unique jti each). UDAP − FLOOR is our cost.
 */
final class ClientAuthScenario {

    /** Which client and which assertion shape. */
    enum Side {
        STOCK("stock private_key_jwt (client_credentials)"),
        FLOOR("stock private_key_jwt fed the UDAP-shaped assertion (floor)"),
        UDAP("UDAP x5c client auth (client_credentials)");

        final String label;

        Side(String label) {
            this.label = label;
        }
    }

    private final Server server;
    private final Pki pki = new Pki();
    private IssuedCertificate leaf;
    private String udapClientId;
    private String stockClientId;
    private String stockClientUuid;

    ClientAuthScenario(Server server) {
        this.server = server;
    }

    void setUp() {
        pki.install(server);
        String iss = "https://bench-cc.payer-auth.test/" + System.currentTimeMillis();
        leaf = pki.intermediate.issue(LeafSpec.builder("Bench CC app").sanUri(iss).build());
        String statement = SoftwareStatementBuilder.clientCredentials(iss, server.realmUrl() + "/clients-registrations/udap")
                .scope("system/*.read").sign(leaf.privateKey(), leaf.chain());
        var registered = server.postJson(server.realmUrl() + "/clients-registrations/udap",
                SoftwareStatementBuilder.registrationRequest(statement));
        if (registered.statusCode() != 201 && registered.statusCode() != 200) {
            throw new IllegalStateException("UDAP registration failed: " + registered.body());
        }
        udapClientId = (String) Server.json(registered).get("client_id");

        // as long as a UDAP client_id (udap- + 32 hex), so FLOOR's assertion has the UDAP one's size
        stockClientId = ("pkjwt-" + System.currentTimeMillis() + "-" + UUID.randomUUID().toString().replace("-", ""))
                .substring(0, udapClientId.length());
        String certificate;
        try {
            certificate = Base64.getEncoder().encodeToString(leaf.certificate().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // the same client scopes as the UDAP app, so both sides' tokens are made by the same mappers: the difference is
        // client authentication alone (a client created with scope lists gets exactly those, not the realm's defaults)
        Map<String, Object> udapClient = udapClientRepresentation();
        Map<String, Object> client = Map.of("clientId", stockClientId, "enabled", true, "publicClient", false,
                "standardFlowEnabled", false, "serviceAccountsEnabled", true, "clientAuthenticatorType", "client-jwt",
                "defaultClientScopes", udapClient.getOrDefault("defaultClientScopes", List.of()),
                "optionalClientScopes", udapClient.getOrDefault("optionalClientScopes", List.of("system/*.read")),
                "attributes", Map.of("jwt.credential.certificate", certificate, "use.jwks.url", "false",
                        "token.endpoint.auth.signing.alg", "RS256", "token.endpoint.auth.signing.max.exp", "300",
                        "access.token.lifespan", "300"));
        var created = server.admin("POST", "/clients", JSONObjectUtils.toJSONString(client));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("stock client not created: " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        stockClientUuid = location.substring(location.lastIndexOf('/') + 1);
    }

    /** The registered UDAP app as the admin API shows it (its client scopes). */
    private Map<String, Object> udapClientRepresentation() {
        var found = server.admin("GET", "/clients?clientId=" + udapClientId, null);
        try {
            List<Object> clients = com.nimbusds.jose.util.JSONArrayUtils.parse(found.body());
            if (found.statusCode() != 200 || clients.size() != 1) {
                throw new IllegalStateException("UDAP app " + udapClientId + " not found: " + found.body());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> representation = (Map<String, Object>) clients.get(0);
            return representation;
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("not JSON: " + found.body(), e);
        }
    }

    /** The scopes both sides' clients have (the report says so). */
    String scopes() {
        Map<String, Object> udapClient = udapClientRepresentation();
        return "default " + udapClient.get("defaultClientScopes") + ", optional " + udapClient.get("optionalClientScopes");
    }

    void tearDown() {
        if (stockClientUuid != null) {
            server.admin("DELETE", "/clients/" + stockClientUuid, null);
        }
        pki.remove(server);
    }

    List<String> assertions(Side side, int count) {
        RSASSASigner signer = new RSASSASigner(leaf.privateKey());
        String clientId = side == Side.UDAP ? udapClientId : stockClientId;
        boolean udap = side != Side.STOCK;
        return IntStream.range(0, count).parallel().mapToObj(i -> {
            Instant now = Instant.now();
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId)
                    .audience(server.tokenEndpoint()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(280)))
                    .jwtID(UUID.randomUUID().toString());
            JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256);
            if (udap) {
                claims.claim("extensions", Map.of("hl7-b2b", Map.of("version", "1",
                        "organization_id", "https://bench.payer-auth.test/org", "purpose_of_use", List.of("SYSDEV"))));
                header.x509CertChain(leaf.x5c());
            }
            try {
                SignedJWT jwt = new SignedJWT(header.build(), claims.build());
                jwt.sign(signer);
                return jwt.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    Measurement.Result measure(Side side, int threads, int seconds, int prepared) {
        List<String> assertions = assertions(side, prepared);
        boolean udap = side != Side.STOCK;
        return Measurement.run(server, side.label, threads, seconds, assertions.size(), i -> {
                    Map<String, String> form = new java.util.LinkedHashMap<>();
                    form.put("grant_type", "client_credentials");
                    form.put("scope", "system/*.read");
                    form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
                    form.put("client_assertion", assertions.get(i));
                    if (udap) {
                        form.put("udap", "1");
                    }
                    return server.postForm(server.tokenEndpoint(), form).statusCode() == 200;
                });
    }
}
