package org.payerauth.it.udap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.udap.certification.CertificationBuilder;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.pki.Pem;
import org.payerauth.udap.registration.SoftwareStatementBuilder;

/**
 * UDAP certifications at registration (UDAP Security IG STU2 §7.4; udap.org Certifications and Endorsements §6)
 * against the real server, with a certifier PKI made in the test (its own root, CRL served over HTTP): community A
 * defines a privacy certification; discovery advertises it (and, once required, requires it); a valid one is
 * accepted, returned and kept on the app; expired, revoked, wrong subject, wrong anchor and missing-when-required are
 * each {@code unapproved_software_statement} naming it, with no client made and the statement's {@code jti} unused; an
 * unknown certification is ignored.
 */
@KeycloakIT
class UdapCertificationsIT {

    static final String PRIVACY = "https://certifier.test/certifications/privacy";
    static final String NAME = "Test Privacy Attestation";
    static final String CERTIFIER = "https://certifier.test";

    private static UdapFixture fixture;
    private static CertificateAuthority certifierRoot;
    private static IssuedCertificate certifier;
    private static IssuedCertificate revokedCertifier;
    private static IssuedCertificate stranger;
    private static ObjectNode original;

    @BeforeAll
    static void pki(KeycloakServer server, AdminApi admin) {
        fixture = new UdapFixture(server, admin);
        certifierRoot = CertificateAuthority.newRoot("Certifier Root", KeyAlgorithm.RSA_2048);
        fixture.pki.crls.publish("certifier-root", certifierRoot::crl);
        String crl = fixture.pki.crls.url("certifier-root");
        certifier = certifierRoot.issue(LeafSpec.builder("Certifier").sanUri(CERTIFIER).crlUrl(crl).build());
        revokedCertifier = certifierRoot.issue(LeafSpec.builder("Revoked certifier").sanUri(CERTIFIER).crlUrl(crl).build());
        certifierRoot.revoke(revokedCertifier.certificate().getSerialNumber());
        stranger = CertificateAuthority.newRoot("Stranger Root", KeyAlgorithm.RSA_2048)
                .issue(LeafSpec.builder("Stranger").sanUri(CERTIFIER).build());
        original = (ObjectNode) admin.getJson(path());
    }

    @AfterAll
    static void cleanUp() {
        fixture.close();
    }

    @AfterEach
    void restore() {
        // a component update keeps config keys the representation leaves out: clear the certification explicitly
        ObjectNode restored = original.deepCopy();
        ObjectNode config = (ObjectNode) restored.get("config");
        for (String key : List.of("certificationUri", "certificationName", "certificationRequired", "certificationPrivacy",
                "certifierAnchors")) {
            config.putArray(key);
        }
        assertEquals(204, fixture.admin.putJson(path(), restored).statusCode());
    }

    private static String path() {
        return "/realms/payer/components/" + fixture.communityA;
    }

    private static void defineCertification(boolean required) {
        ObjectNode component = original.deepCopy();
        ObjectNode config = (ObjectNode) component.get("config");
        config.putArray("certificationUri").add(PRIVACY);
        config.putArray("certificationName").add(NAME);
        config.putArray("certificationRequired").add(String.valueOf(required));
        config.putArray("certificationPrivacy").add("true");
        config.putArray("certifierAnchors").add(Pem.certificate(certifierRoot.certificate()));
        HttpResponse<String> updated = fixture.admin.putJson(path(), component);
        assertEquals(204, updated.statusCode(), updated.body());
    }

    private static String uniqueIss() {
        return "https://apps.test/cert-" + UUID.randomUUID();
    }

    private static IssuedCertificate app(String iss) {
        return fixture.pki.intermediateA.issue(LeafSpec.builder("App " + iss).sanUri(iss)
                .crlUrl(fixture.pki.crls.url("intermediate-a")).build());
    }

    private static String statement(String iss, IssuedCertificate app) {
        return SoftwareStatementBuilder.authorizationCode(iss, fixture.registrationEndpoint())
                .redirectUris(List.of("https://apps.test/callback")).scope("openid launch/patient patient/*.read")
                .sign(app.privateKey(), app.chain());
    }

    private static CertificationBuilder privacy(String iss) {
        return CertificationBuilder.privacy(CERTIFIER, iss, PRIVACY, NAME, "https://apps.test/privacy",
                Map.of("sells_data", false, "express_consent_before_sharing", true));
    }

    private static HttpResponse<String> register(String statement, List<String> certifications) {
        return fixture.register(SoftwareStatementBuilder.registrationRequest(statement, certifications));
    }

    private static JsonNode clientOf(String iss) {
        for (JsonNode client : fixture.admin.getJson("/realms/payer/clients?search=true&clientId=udap-&max=2000")) {
            if (iss.equals(client.path("attributes").path("udap.iss").asText())) {
                return client;
            }
        }
        return null;
    }

    private static void refusedNamingIt(HttpResponse<String> response, String iss, String why) {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = Http.json(response);
        assertEquals("unapproved_software_statement", error.get("error").asText(), response.body());
        String description = error.get("error_description").asText();
        assertTrue(description.contains(NAME) && description.toLowerCase().contains(why), description);
        assertEquals(null, clientOf(iss), "no client made");
    }

    @Test
    void discoveryAdvertisesTheCommunitysCertification_andWhetherItIsRequired(KeycloakServer server) {
        defineCertification(false);
        JsonNode metadata = Http.json(Http.get(server.realmUrl("payer") + "/.well-known/udap"));
        assertEquals("[\"" + PRIVACY + "\"]", metadata.get("udap_certifications_supported").toString());
        assertEquals("[]", metadata.get("udap_certifications_required").toString());
        defineCertification(true);
        metadata = Http.json(Http.get(server.realmUrl("payer") + "/.well-known/udap"));
        assertEquals("[\"" + PRIVACY + "\"]", metadata.get("udap_certifications_required").toString());
        JsonNode other = Http.json(Http.get(server.realmUrl("payer") + "/.well-known/udap?community=" + UdapPki.COMMUNITY_B));
        assertEquals("[]", other.get("udap_certifications_supported").toString(), "community B defines none");
        assertFalse(other.has("udap_certifications_required"));
    }

    @Test
    void aValidPrivacyCertification_isAccepted_returned_andKeptOnTheApp() throws Exception {
        defineCertification(true);
        String iss = uniqueIss();
        String certification = privacy(iss).sign(certifier.privateKey(), certifier.chain());
        HttpResponse<String> response = register(statement(iss, app(iss)), List.of(certification));
        assertEquals(201, response.statusCode(), response.body());
        assertEquals("[\"" + certification + "\"]", Http.json(response).get("certifications").toString());
        JsonNode kept = Http.JSON.readTree(clientOf(iss).path("attributes").path("udap.certifications").asText());
        assertEquals(PRIVACY, kept.get(0).get("uri").asText());
        assertEquals(CERTIFIER, kept.get(0).get("issuer").asText());
        assertTrue(kept.get(0).get("privacy").asBoolean());
        assertEquals("https://apps.test/privacy",
                kept.get(0).get("extensions").get("example_privacy_disclosures").get("privacy_policy").asText());
        assertFalse(kept.toString().contains(certification), "the JWT itself is not kept");

        // the administrator reviewing the app sees the certification and the attestation it makes
        JsonNode review = fixture.admin.getJson("/realms/payer/app-review/" + clientOf(iss).get("clientId").asText());
        assertEquals(NAME, review.get("certifications").get(0).get("name").asText(), review.toString());
        assertTrue(review.get("certifications").get(0).get("valid").asBoolean(), review.toString());
        assertEquals("certification", review.get("privacy").get("source").asText(), review.toString());
        assertEquals("https://apps.test/privacy", review.get("privacy").get("privacyPolicy").asText());

        // the member sees the certified attestation on the consent page (a launch of the registered app)
        JsonNode client = clientOf(iss);
        ObjectNode withLocalRedirect = client.deepCopy();
        withLocalRedirect.putArray("redirectUris").add(org.payerauth.it.smart.SmartLaunch.REDIRECT_URI);
        assertEquals(204, fixture.admin.putJson("/realms/payer/clients/" + client.get("id").asText(), withLocalRedirect).statusCode());
        org.payerauth.it.smart.SmartLaunch launch = new org.payerauth.it.smart.SmartLaunch(fixture.server,
                new org.payerauth.it.smart.SmartLaunch.App(client.get("clientId").asText(), null), new org.payerauth.it.support.Browser())
                .param("scope", "launch/patient openid patient/*.read");
        org.payerauth.it.smart.SmartLaunch.Redirect redirect = launch.run("alice");
        assertTrue(redirect.code() != null, redirect.url());
        assertTrue(launch.consentPage.contains("data-attested=\"true\"") && launch.consentPage.contains("It does not sell your data.")
                && launch.consentPage.contains("https://apps.test/privacy"), launch.consentPage);
    }

    @Test
    void missingWhenRequired_isRefusedNamingIt_andTheStatementStaysUnused() {
        defineCertification(true);
        String iss = uniqueIss();
        String statement = statement(iss, app(iss));
        refusedNamingIt(register(statement, List.of()), iss, "missing required certification");
        HttpResponse<String> again = register(statement, List.of(privacy(iss).sign(certifier.privateKey(), certifier.chain())));
        assertEquals(201, again.statusCode(), "the same statement (jti) was left unused: " + again.body());
    }

    @Test
    void expiredRevokedWrongSubjectAndWrongAnchor_areEachRefusedNamingTheCertification() {
        defineCertification(false);
        String iss = uniqueIss();
        IssuedCertificate app = app(iss);
        refusedNamingIt(register(statement(iss, app), List.of(privacy(iss).issuedAt(Instant.now().minus(Duration.ofDays(400)))
                .sign(certifier.privateKey(), certifier.chain()))), iss, "expired");
        refusedNamingIt(register(statement(iss, app), List.of(privacy(iss)
                .sign(revokedCertifier.privateKey(), revokedCertifier.chain()))), iss, "revoked");
        refusedNamingIt(register(statement(iss, app), List.of(privacy("https://apps.test/someone-else")
                .sign(certifier.privateKey(), certifier.chain()))), iss, "sub");
        refusedNamingIt(register(statement(iss, app), List.of(privacy(iss)
                .sign(stranger.privateKey(), stranger.chain()))), iss, "is not valid");
        refusedNamingIt(register(statement(iss, app), List.of(privacy(iss).aud("https://other.example/register")
                .sign(certifier.privateKey(), certifier.chain()))), iss, "aud");
    }

    @Test
    void anUnknownCertification_isIgnored() {
        defineCertification(false);
        String iss = uniqueIss();
        String unknown = CertificationBuilder.of(CERTIFIER, iss, "https://elsewhere.test/cert", "Other")
                .sign(stranger.privateKey(), stranger.chain());
        HttpResponse<String> response = register(statement(iss, app(iss)), List.of(unknown));
        assertEquals(201, response.statusCode(), response.body());
        assertFalse(Http.json(response).has("certifications"), "nothing accepted, nothing returned");
        assertTrue(clientOf(iss).path("attributes").path("udap.certifications").isMissingNode());
    }

    @Test
    void withTheApprovalStepOn_aNewRegistrationSaysItIsPending() {
        ObjectNode realm = fixture.admin.getJson("/realms/payer").deepCopy();
        ((ObjectNode) realm.get("attributes")).put("payer.apps.reviewRequired", "true");
        assertEquals(204, fixture.admin.putJson("/realms/payer", realm).statusCode());
        try {
            String iss = uniqueIss();
            HttpResponse<String> response = register(statement(iss, app(iss)), List.of());
            assertEquals(201, response.statusCode(), response.body());
            assertEquals("pending", Http.json(response).get("payer_review_status").asText());
            assertEquals("pending", clientOf(iss).path("attributes").path("payer.review.state").asText());
        } finally {
            ((ObjectNode) realm.get("attributes")).put("payer.apps.reviewRequired", "false");
            assertEquals(204, fixture.admin.putJson("/realms/payer", realm).statusCode());
        }
    }
}
