package org.payerauth.udap.certification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.oauth.OAuthErrorCodes;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.TestSupport;
import org.payerauth.udap.TestSupport.InMemoryCrls;
import org.payerauth.udap.TestSupport.RecordingWarnings;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.pki.CertificateChainValidator;
import org.payerauth.udap.pki.TrustCommunity;

/**
 * UDAP certifications at registration (UDAP Security IG STU2 §7.4; udap.org Certifications and Endorsements §6):
 * understood ones verified (certifier chain with revocation, iss = SAN, sub = the app, aud, exp within three years,
 * name, grant types), unknown ones ignored, required ones enforced; every refusal unapproved_software_statement naming
 * the certification.
 */
class CertificationVerifierTest {

    private static final String REG = "https://auth.example.org/realms/payer/clients-registrations/udap";
    private static final String APP = "https://apps.example.org/app-a";
    private static final String CERTIFIER = "https://certifier.example.org";
    private static final String PRIVACY = "https://certifier.example.org/certifications/privacy";
    private static final String NAME = "Example Privacy Certification";
    private static final String CRL = "http://crl.certifier.example.org/root.crl";

    private static CertificateAuthority root;
    private static CertificateAuthority otherRoot;
    private static IssuedCertificate certifier;
    private static IssuedCertificate revokedCertifier;
    private static IssuedCertificate strangerCertifier;
    private static TrustCommunity certifiers;
    private static Instant now;

    private final InMemoryCrls crls = new InMemoryCrls();
    private final RecordingWarnings warnings = new RecordingWarnings();

    @BeforeAll
    static void pki() {
        root = CertificateAuthority.newRoot("Certifier Root", KeyAlgorithm.RSA_2048);
        otherRoot = CertificateAuthority.newRoot("Other Root", KeyAlgorithm.RSA_2048);
        certifier = root.issue(LeafSpec.builder("Certifier").sanUri(CERTIFIER).crlUrl(CRL).build());
        revokedCertifier = root.issue(LeafSpec.builder("Revoked certifier").sanUri(CERTIFIER).crlUrl(CRL).build());
        root.revoke(revokedCertifier.certificate().getSerialNumber());
        strangerCertifier = otherRoot.issue(LeafSpec.builder("Stranger").sanUri(CERTIFIER).build());
        certifiers = TestSupport.community("urn:certifiers:privacy", root.certificate());
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private InMemoryCrls crls() {
        return crls.serve(CRL, root.crl());
    }

    private static CertificationDefinition definition(boolean required) {
        return new CertificationDefinition(PRIVACY, NAME, certifiers, required, true);
    }

    private static CertificationBuilder privacy() {
        return CertificationBuilder.privacy(CERTIFIER, APP, PRIVACY, NAME, "https://apps.example.org/privacy",
                Map.of("sells_data", false)).issuedAt(now);
    }

    private List<AcceptedCertification> verify(List<String> certifications, boolean required) throws UdapException {
        return new CertificationVerifier(new CertificateChainValidator(Clock.fixed(now, java.time.ZoneOffset.UTC),
                Duration.ofMinutes(10)), Clock.fixed(now, java.time.ZoneOffset.UTC))
                .verify(certifications, APP, List.of("authorization_code"), REG, List.of(definition(required)),
                        RegistrationSettings.defaults(), crls(), warnings);
    }

    private String refusal(String certification, boolean required) {
        UdapException e = assertThrows(UdapException.class, () -> verify(List.of(certification), required));
        assertEquals(OAuthErrorCodes.UNAPPROVED_SOFTWARE_STATEMENT, e.error());
        return e.description();
    }

    @Test
    void aValidPrivacyCertification_isAccepted_withItsExtensionsKept() throws UdapException {
        String jwt = privacy().sign(certifier.privateKey(), certifier.chain());
        List<AcceptedCertification> accepted = verify(List.of(jwt), true);
        assertEquals(1, accepted.size());
        AcceptedCertification privacy = accepted.get(0);
        assertEquals(PRIVACY, privacy.uri());
        assertEquals(NAME, privacy.name());
        assertEquals(CERTIFIER, privacy.issuer());
        assertTrue(privacy.privacy());
        assertEquals(Map.of("privacy_policy", "https://apps.example.org/privacy", "sells_data", false),
                privacy.extensions().get(CertificationBuilder.PRIVACY_DISCLOSURES));
        assertEquals(jwt, privacy.jwt(), "returned in the response's certifications");
        assertEquals(1, verify(List.of(privacy().aud(REG).sign(certifier.privateKey(), certifier.chain())), true).size(),
                "aud naming this endpoint");
    }

    @Test
    void anUnknownCertification_isIgnored_withoutFetchingAnything() throws UdapException {
        String unknown = CertificationBuilder.of(CERTIFIER, APP, "https://other.example.org/cert", "Other")
                .sign(strangerCertifier.privateKey(), strangerCertifier.chain());
        assertEquals(List.of(), verify(List.of(unknown, "not-a-jwt"), false));
        assertEquals(0, crls.fetchCount());
    }

    @Test
    void aRequiredCertificationMissing_isRefusedNamingIt() {
        UdapException e = assertThrows(UdapException.class, () -> verify(List.of(), true));
        assertEquals(OAuthErrorCodes.UNAPPROVED_SOFTWARE_STATEMENT, e.error());
        assertTrue(e.description().contains("Missing required certification: " + NAME), e.description());
    }

    @Test
    void expiredRevokedWrongSubjectWrongAnchor_areEachRefusedNamingTheCertification() {
        assertTrue(refusal(privacy().issuedAt(now.minus(Duration.ofDays(400))).sign(certifier.privateKey(), certifier.chain()), false)
                .contains("expired"));
        assertTrue(refusal(privacy().sign(revokedCertifier.privateKey(), revokedCertifier.chain()), false)
                .toLowerCase().contains("revoked"));
        assertTrue(refusal(privacy().sub("https://apps.example.org/someone-else").sign(certifier.privateKey(), certifier.chain()), false)
                .contains("sub"));
        String anchor = refusal(privacy().sign(strangerCertifier.privateKey(), strangerCertifier.chain()), false);
        assertTrue(anchor.startsWith("Certification " + NAME + " (" + PRIVACY + ") is not valid"), anchor);
        assertTrue(refusal(privacy().iss("https://impostor.example.org").sign(certifier.privateKey(), certifier.chain()), false)
                .contains("iss"));
    }

    @Test
    void claimsTheTemplateFixes_areChecked() {
        assertTrue(refusal(privacy().aud("https://other-server.example.org/register").sign(certifier.privateKey(), certifier.chain()), false)
                .contains("aud"));
        assertTrue(refusal(privacy().lifetime(Duration.ofDays(4 * 366)).sign(certifier.privateKey(), certifier.chain()), false)
                .contains("too long"));
        assertTrue(refusal(privacy().claim("certification_name", "Something else").sign(certifier.privateKey(), certifier.chain()), false)
                .contains("certification_name"));
        assertTrue(refusal(privacy().claim("grant_types", List.of("client_credentials")).sign(certifier.privateKey(), certifier.chain()), false)
                .contains("authorization_code"));
        assertTrue(refusal(privacy().claim("grant_types", List.of("authorization_code", "client_credentials"))
                .sign(certifier.privateKey(), certifier.chain()), false).contains("not both"));
        assertTrue(refusal(privacy().jti(null).sign(certifier.privateKey(), certifier.chain()), false).contains("jti"));
        assertTrue(refusal(privacy().claim("extensions", "text").sign(certifier.privateKey(), certifier.chain()), false)
                .contains("extensions"));
    }
}
