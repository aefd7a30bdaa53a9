package org.payerauth.udap.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.pki.Certificates;

/** An admin's edit of one recorded detail of a registered app alone is refused; the details as recorded pass. */
class RegisteredClientIntegrityTest {

    private static final CertificateAuthority CA = CertificateAuthority.newRoot("Integrity CA", KeyAlgorithm.EC_P256);
    private static final IssuedCertificate APP = CA.issue(LeafSpec.builder("App").sanUri("https://app.example/ac").build());
    private static final IssuedCertificate OTHER = CA.issue(LeafSpec.builder("Other").sanUri("https://other.example").build());

    private static Optional<String> check(IssuedCertificate certificate, String sha256, String iss, String clientId) {
        return RegisteredClientIntegrity.problem(Certificates.base64Der(certificate.certificate()), sha256, iss, clientId,
                "udap-expected");
    }

    @Test
    void theDetailsAsTheRegistrationRecordedThemPass() {
        assertEquals(Optional.empty(), check(APP, Certificates.sha256Thumbprint(APP.certificate()), "https://app.example/ac",
                "udap-expected"));
    }

    @Test
    void anotherCertificateAnotherThumbprintAnotherIssOrAnotherClientIdAloneIsRefused() {
        String sha = Certificates.sha256Thumbprint(APP.certificate());
        assertTrue(check(OTHER, sha, "https://app.example/ac", "udap-expected").orElseThrow().startsWith("udap.certificate.sha256"));
        assertTrue(check(APP, "AAAA", "https://app.example/ac", "udap-expected").orElseThrow().startsWith("udap.certificate.sha256"));
        assertTrue(check(APP, sha, "https://evil.example", "udap-expected").orElseThrow().startsWith("udap.iss"));
        assertTrue(check(APP, sha, "https://app.example/ac", "udap-renamed").orElseThrow().contains("client_id"));
        assertTrue(RegisteredClientIntegrity.problem("not base64!", sha, "https://app.example/ac", "udap-expected", "udap-expected")
                .orElseThrow().contains("recorded by the app's UDAP registration"));
    }
}
