package org.payerauth.udap.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;

/** What an admin reads about a registered app in the console's client list: URI, certificate subject, expiry. */
class RegisteredAppDescriptionTest {

    private static final CertificateAuthority CA = CertificateAuthority.newRoot("Description CA", KeyAlgorithm.EC_P256);

    private static String expiry(IssuedCertificate certificate) {
        return certificate.certificate().getNotAfter().toInstant().atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    @Test
    void theAppsUriItsCertificatesSubjectAndExpiryAreTold() {
        IssuedCertificate app = CA.issue(LeafSpec.builder("Sample App").sanUri("https://app.example/ac").build());
        String description = RegisteredAppDescription.of("https://app.example/ac", app.certificate());
        assertTrue(description.startsWith("UDAP app https://app.example/ac; certificate CN=Sample App"), description);
        assertTrue(description.endsWith("; certificate valid until " + expiry(app)), description);
    }

    @Test
    void aLongSubjectIsShortenedAndAVeryLongUriLeavesItOut_theExpiryIsAlwaysTold() {
        IssuedCertificate app = CA.issue(LeafSpec.builder("A" + "n".repeat(180) + " App").sanUri("https://app.example/ac").build());
        String shortened = RegisteredAppDescription.of("https://app.example/ac", app.certificate());
        assertEquals(RegisteredAppDescription.MAX_LENGTH, shortened.length());
        assertTrue(shortened.contains("\u2026; certificate valid until " + expiry(app)), shortened);

        String longUri = "https://app.example/" + "x".repeat(180);
        String withoutSubject = RegisteredAppDescription.of(longUri, app.certificate());
        assertEquals("UDAP app " + longUri + "; certificate valid until " + expiry(app), withoutSubject);

        String veryLongUri = "https://app.example/" + "x".repeat(300);
        assertEquals("UDAP app; certificate valid until " + expiry(app), RegisteredAppDescription.of(veryLongUri, app.certificate()));
    }
}
