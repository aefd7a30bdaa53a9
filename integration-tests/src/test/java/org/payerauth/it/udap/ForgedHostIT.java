package org.payerauth.it.udap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.registration.SoftwareStatementBuilder;

/**
 * Endpoint URLs come from Keycloak's configured hostname, never from the request (issue 11, item 8): the test server
 * runs with {@code --hostname} (as production must), and a request that forges {@code Host} or
 * {@code X-Forwarded-Host} gets community-signed metadata naming the real server, and a software statement whose
 * {@code aud} names the forged host is refused. Requests go over a raw socket: the JDK client will not send a
 * {@code Host} of our choosing.
 */
@KeycloakIT
class ForgedHostIT {

    private static final String EVIL = "evil.example";

    private static UdapFixture fixture;

    @BeforeAll
    static void communities(KeycloakServer server, AdminApi admin) {
        fixture = new UdapFixture(server, admin);
    }

    @AfterAll
    static void cleanUp() {
        fixture.close();
    }

    /** A raw HTTP/1.1 exchange with the given Host header; returns status line + headers + body. */
    private static String raw(String method, String path, String host, String extraHeaders, String body) throws IOException {
        URI base = URI.create(fixture.server.baseUrl());
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String request = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + "Accept: application/json\r\n" + extraHeaders
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n")
                    + "\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    private static JsonNode jsonBody(String response) throws IOException {
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        if (response.toLowerCase().contains("transfer-encoding: chunked")) {
            StringBuilder decoded = new StringBuilder();
            String rest = body;
            while (true) {
                int eol = rest.indexOf("\r\n");
                int size = Integer.parseInt(rest.substring(0, eol).trim(), 16);
                if (size == 0) {
                    break;
                }
                decoded.append(rest, eol + 2, eol + 2 + size);
                rest = rest.substring(eol + 2 + size + 2);
            }
            body = decoded.toString();
        }
        return Http.JSON.readTree(body);
    }

    @Test
    void aForgedHostOrForwardedHostDoesNotReachSignedMetadata() throws Exception {
        for (String headers : List.of("", "X-Forwarded-Host: " + EVIL + "\r\nX-Forwarded-Proto: https\r\nForwarded: host=" + EVIL + "\r\n")) {
            String response = raw("GET", "/realms/payer/.well-known/udap", EVIL, headers, null);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            JsonNode metadata = jsonBody(response);
            assertEquals(fixture.tokenEndpoint(), metadata.get("token_endpoint").asText());
            assertEquals(fixture.registrationEndpoint(), metadata.get("registration_endpoint").asText());
            SignedJWT signed = SignedJWT.parse(metadata.get("signed_metadata").asText());
            assertEquals(fixture.registrationEndpoint(), signed.getJWTClaimsSet().getStringClaim("registration_endpoint"));
            assertFalse(metadata.toString().contains(EVIL), metadata.toString());
        }
    }

    @Test
    void aForgedHostDoesNotReachSmartDiscovery() throws Exception {
        String response = raw("GET", "/realms/payer/.well-known/smart-configuration", EVIL, "", null);
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertFalse(jsonBody(response).toString().contains(EVIL), response);
    }

    @Test
    void aStatementAddressedToTheForgedHostIsRefused_oneAddressedToTheServerIsAccepted() throws Exception {
        String iss = "https://forged-host.test/" + UUID.randomUUID();
        IssuedCertificate certificate = fixture.pki.intermediateA.issue(LeafSpec.builder("Forged host app").sanUri(iss)
                .crlUrl(fixture.pki.crls.url("intermediate-a")).build());
        String forgedAud = fixture.registrationEndpoint().replace(URI.create(fixture.server.baseUrl()).getAuthority(), EVIL);
        String toEvil = SoftwareStatementBuilder.registrationRequest(SoftwareStatementBuilder.authorizationCode(iss, forgedAud)
                .redirectUris(List.of("https://apps.test/callback")).sign(certificate.privateKey(), certificate.chain()));
        String refused = raw("POST", "/realms/payer/clients-registrations/udap", EVIL, "", toEvil);
        assertTrue(refused.startsWith("HTTP/1.1 400"), refused);
        assertEquals("invalid_software_statement", jsonBody(refused).get("error").asText());

        String toServer = SoftwareStatementBuilder.registrationRequest(SoftwareStatementBuilder.authorizationCode(iss,
                fixture.registrationEndpoint()).redirectUris(List.of("https://apps.test/callback"))
                .sign(certificate.privateKey(), certificate.chain()));
        String accepted = raw("POST", "/realms/payer/clients-registrations/udap", EVIL, "", toServer);
        assertTrue(accepted.startsWith("HTTP/1.1 201"), accepted);
    }
}
