package org.payerauth.udap.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.cert.X509CRL;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;

/** X.509 helpers, and PEM text as trust-community components store it. */
class CertificatesTest {

    private static final String APP = "https://apps.example.org/app-a";
    private static final String OTHER = "urn:example:app-a";

    private static CertificateAuthority root;
    private static CertificateAuthority intermediate;
    private static IssuedCertificate rsaLeaf;
    private static IssuedCertificate ecLeaf;
    private static IssuedCertificate noSanLeaf;

    @BeforeAll
    static void pki() {
        root = CertificateAuthority.newRoot("Certificates Test Root", KeyAlgorithm.EC_P256);
        intermediate = root.newIntermediate("Certificates Test CA", KeyAlgorithm.EC_P256);
        rsaLeaf = intermediate.issue(LeafSpec.builder("RSA App").sanUri(APP, OTHER).sanDns("apps.example.org")
                .keyAlgorithm(KeyAlgorithm.RSA_2048).build());
        ecLeaf = intermediate.issue(LeafSpec.builder("EC App").sanUri(APP).keyAlgorithm(KeyAlgorithm.EC_P256).build());
        noSanLeaf = intermediate.issue(LeafSpec.builder("No SAN").keyAlgorithm(KeyAlgorithm.EC_P256).build());
    }

    @Test
    void pem_bundle_yields_every_certificate_in_order() throws Exception {
        String pem = "leading text is ignored\n" + Pem.certificates(rsaLeaf.chain()) + Pem.certificate(root.root());
        assertEquals(List.of(rsaLeaf.certificate(), intermediate.certificate(), root.root()), Pem.readCertificates(pem));
    }

    @Test
    void pem_with_crlf_line_endings_is_read() throws Exception {
        String pem = Pem.certificate(ecLeaf.certificate()).replace("\n", "\r\n");
        assertEquals(List.of(ecLeaf.certificate()), Pem.readCertificates(pem));
    }

    @Test
    void null_or_empty_pem_yields_no_certificates_and_no_crls() throws Exception {
        assertEquals(List.of(), Pem.readCertificates((String) null));
        assertEquals(List.of(), Pem.readCertificates(""));
        assertEquals(List.of(), Pem.readCrls((String) null));
        assertEquals(List.of(), Pem.readCrls("no pem here"));
    }

    @Test
    void a_written_certificate_round_trips() throws Exception {
        String pem = Pem.certificate(rsaLeaf.certificate());
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertTrue(pem.endsWith("-----END CERTIFICATE-----\n"));
        assertEquals(List.of(rsaLeaf.certificate()), Pem.readCertificates(pem));
    }

    @Test
    void pem_crls_are_read_in_order() throws Exception {
        X509CRL first = root.crl();
        X509CRL second = intermediate.crl();
        List<X509CRL> crls = Pem.readCrls(Pem.crl(first) + Pem.certificate(root.root()) + Pem.crl(second));
        assertEquals(2, crls.size());
        assertArrayEquals(first.getEncoded(), crls.get(0).getEncoded());
        assertArrayEquals(second.getEncoded(), crls.get(1).getEncoded());
    }

    @Test
    void pkcs8_rsa_and_ec_private_keys_are_read() throws Exception {
        PrivateKey rsa = Pem.readPrivateKey(Pem.privateKey(rsaLeaf.privateKey()));
        assertTrue(rsa instanceof RSAPrivateKey);
        assertArrayEquals(rsaLeaf.privateKey().getEncoded(), rsa.getEncoded());

        PrivateKey ec = Pem.readPrivateKey(Pem.privateKey(ecLeaf.privateKey()));
        assertTrue(ec instanceof ECPrivateKey);
        assertArrayEquals(ecLeaf.privateKey().getEncoded(), ec.getEncoded());
    }

    @Test
    void missing_private_key_pem_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey((String) null));
        assertThrows(IllegalArgumentException.class,
                () -> Pem.readPrivateKey(Pem.certificate(ecLeaf.certificate())));
    }

    @Test
    void san_uris_are_the_uniformResourceIdentifier_entries_only() {
        assertEquals(List.of(APP, OTHER), Certificates.sanUris(rsaLeaf.certificate()));
        assertEquals(List.of(APP), Certificates.sanUris(ecLeaf.certificate()));
        assertEquals(List.of(), Certificates.sanUris(noSanLeaf.certificate()));
    }

    @Test
    void thumbprint_is_base64url_sha256_of_the_der_like_x5t_S256() {
        String thumbprint = Certificates.sha256Thumbprint(rsaLeaf.certificate());
        assertEquals(rsaLeaf.sha256Thumbprint(), thumbprint);
        assertEquals(43, thumbprint.length());
        assertTrue(thumbprint.matches("[A-Za-z0-9_-]+"));
    }

    @Test
    void x5c_entry_is_standard_base64_of_the_der() throws Exception {
        String entry = Certificates.base64Der(rsaLeaf.certificate());
        assertArrayEquals(rsaLeaf.certificate().getEncoded(), Base64.getDecoder().decode(entry));
        assertEquals(rsaLeaf.x5c().get(0).toString(), entry);
        assertEquals(rsaLeaf.certificate(), Certificates.fromDer(Base64.getDecoder().decode(entry)));
    }
}
