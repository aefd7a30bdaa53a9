package org.payerauth.it.udap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.HostileCrlServer;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.registration.SoftwareStatementBuilder;

/**
 * CRL downloads are bounded (issue 11, item 5): a CRL distribution point that trickles, streams too much, fails or
 * redirects makes the revocation status unknown, so a fail-closed community answers
 * {@code unapproved_software_statement} promptly; no redirect is followed; nothing is registered.
 */
@KeycloakIT
class CrlFetchLimitsIT {

    private static UdapFixture fixture;
    private static HostileCrlServer hostile;

    @BeforeAll
    static void start(KeycloakServer server, AdminApi admin) {
        fixture = new UdapFixture(server, admin);
        hostile = new HostileCrlServer();
    }

    @AfterAll
    static void stop() {
        hostile.close();
        fixture.close();
    }

    /** Registers an app whose certificate names {@code crl} as its distribution point; returns the error. */
    private static JsonNode registerWithCrlAt(String crl) {
        String iss = "https://crl-limits.test/" + UUID.randomUUID();
        IssuedCertificate certificate = fixture.pki.intermediateA.issue(LeafSpec.builder("CRL limits").sanUri(iss)
                .crlUrl(crl).build());
        HttpResponse<String> response = fixture.register(SoftwareStatementBuilder.registrationRequest(
                SoftwareStatementBuilder.authorizationCode(iss, fixture.registrationEndpoint())
                        .redirectUris(List.of("https://apps.test/callback")).sign(certificate.privateKey(), certificate.chain())));
        assertEquals(400, response.statusCode(), response.body());
        JsonNode json = Http.json(response);
        assertEquals("unapproved_software_statement", json.get("error").asText(), response.body());
        assertTrue(json.get("error_description").asText().contains("revocation"), response.body());
        return json;
    }

    @Test
    void aTricklingCrlIsCutOffAtTheDeadline() {
        Instant start = Instant.now();
        registerWithCrlAt(hostile.url("slow"));
        Duration took = Duration.between(start, Instant.now());
        // the fetcher's overall deadline is 10 s (plus at most one read timeout); the server would trickle for 60 s
        assertTrue(took.compareTo(Duration.ofSeconds(25)) < 0, "took " + took);
    }

    @Test
    void aCrlOverTheSizeCapIsRefused() {
        registerWithCrlAt(hostile.url("huge"));
    }

    @Test
    void aFailingCrlServerMakesTheStatusUnknown() {
        registerWithCrlAt(hostile.url("error"));
    }

    @Test
    void aRedirectIsNotFollowed() {
        registerWithCrlAt(hostile.url("redirect"));
        assertTrue(hostile.hits("redirect") >= 1);
        assertEquals(0, hostile.hits("target"), "the redirect's target must never be fetched");
    }
}
