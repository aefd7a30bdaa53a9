package org.payerauth.udap.devca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SignatureException;
import java.security.cert.CRLReason;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {

    private static final String ISS = "https://apps.example.org/app-a";

    private static CertificateAuthority root;
    private static CertificateAuthority intermediate;

    @BeforeAll
    static void pki() {
        root = CertificateAuthority.newRoot("Test Root", KeyAlgorithm.RSA_2048);
        intermediate = root.newIntermediate("Test Intermediate", KeyAlgorithm.RSA_2048,
                IntermediateSpec.defaults().withCrlUrl("http://crl.example.org/int.crl")
                        .withSanUri("urn:oid:1.2.3.community"));
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"RSA_2048", "EC_P256", "EC_P384"})
    void issuedChainValidatesWithPkix(KeyAlgorithm alg) throws Exception {
        IssuedCertificate leaf = intermediate.issue(LeafSpec.builder("App A").sanUri(ISS).keyAlgorithm(alg).build());

        assertEquals(2, leaf.chain().size());
        assertEquals(leaf.certificate(), leaf.chain().get(0));
        assertEquals(intermediate.certificate(), leaf.chain().get(1));
        assertEquals(KeyAlgorithm.of(leaf.certificate().getPublicKey()), alg);
        pkixValidate(leaf.chain(), root.certificate());
    }

    @Test
    void ecCaHierarchyValidates() throws Exception {
        CertificateAuthority ecRoot = CertificateAuthority.newRoot("EC Root", KeyAlgorithm.EC_P384);
        CertificateAuthority ecIntermediate = ecRoot.newIntermediate("EC Intermediate", KeyAlgorithm.EC_P256);
        IssuedCertificate leaf = ecIntermediate.issue(
                LeafSpec.builder("EC App").sanUri(ISS).keyAlgorithm(KeyAlgorithm.EC_P256).build());

        assertEquals("SHA384withECDSA", ecIntermediate.certificate().getSigAlgName());
        assertEquals("SHA256withECDSA", leaf.certificate().getSigAlgName());
        pkixValidate(leaf.chain(), ecRoot.certificate());
        assertEquals(ecRoot.certificate(), ecIntermediate.root());
    }

    @Test
    void leafFromRootHasSingleElementChain() throws Exception {
        IssuedCertificate leaf = root.issue(LeafSpec.builder("Direct").build());
        assertEquals(List.of(leaf.certificate()), leaf.chain());
        assertTrue(root.chain().isEmpty());
        assertEquals(root.certificate(), root.root());
        pkixValidate(leaf.chain(), root.certificate());
    }

    @Test
    void pkixRejectsLeafUnderForeignRoot() {
        CertificateAuthority other = CertificateAuthority.newRoot("Other Root", KeyAlgorithm.EC_P256);
        IssuedCertificate leaf = intermediate.issue(LeafSpec.builder("App").keyAlgorithm(KeyAlgorithm.EC_P256).build());
        assertThrows(CertPathValidatorException.class, () -> pkixValidate(leaf.chain(), other.certificate()));
    }

    @Test
    void leafExtensions() throws Exception {
        IssuedCertificate leaf = intermediate.issue(LeafSpec.builder("App A")
                .sanUri(ISS, "https://apps.example.org/app-a2")
                .sanDns("app-a.example.org")
                .crlUrl("http://crl.example.org/int.crl")
                .caIssuersUrl("http://ca.example.org/int.cer")
                .build());
        X509Certificate cert = leaf.certificate();

        List<String> uris = new ArrayList<>();
        List<String> dns = new ArrayList<>();
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            if (Integer.valueOf(6).equals(san.get(0))) {
                uris.add((String) san.get(1));
            } else if (Integer.valueOf(2).equals(san.get(0))) {
                dns.add((String) san.get(1));
            }
        }
        assertEquals(List.of(ISS, "https://apps.example.org/app-a2"), uris);
        assertEquals(List.of("app-a.example.org"), dns);

        assertEquals(-1, cert.getBasicConstraints(), "CA:false");
        boolean[] ku = cert.getKeyUsage();
        assertTrue(ku[0], "digitalSignature");
        assertFalse(ku[2], "keyEncipherment");
        assertFalse(ku[5], "keyCertSign");
        assertTrue(cert.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.19", "2.5.29.15")));
        assertFalse(cert.getCriticalExtensionOIDs().contains("2.5.29.17"));
        assertNotNull(cert.getExtensionValue("2.5.29.14"), "SKI");
        assertNotNull(cert.getExtensionValue("2.5.29.35"), "AKI");
        assertNotNull(cert.getExtensionValue("2.5.29.31"), "CRL DP");
        assertNotNull(cert.getExtensionValue("1.3.6.1.5.5.7.1.1"), "AIA");

        assertEquals(new X500Principal("CN=App A, O=payer-auth dev PKI"), cert.getSubjectX500Principal());
        assertEquals(intermediate.certificate().getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertEquals("SHA256withRSA", cert.getSigAlgName());
        assertTrue(cert.getSerialNumber().signum() > 0);
        assertTrue(cert.getSerialNumber().bitLength() <= 128);
        cert.checkValidity();
        Instant notAfter = cert.getNotAfter().toInstant();
        assertTrue(notAfter.isAfter(Instant.now().plus(Duration.ofDays(700))));
    }

    @Test
    void leafWithoutSanHasNoSanExtension() {
        IssuedCertificate leaf = intermediate.issue(LeafSpec.builder("No SAN").keyAlgorithm(KeyAlgorithm.EC_P256).build());
        assertNull(leaf.certificate().getExtensionValue("2.5.29.17"));
    }

    @Test
    void negativeLeafFlags() {
        IssuedCertificate caLeaf = intermediate.issue(
                LeafSpec.builder("CA leaf").ca(true).keyAlgorithm(KeyAlgorithm.EC_P256).build());
        assertTrue(caLeaf.certificate().getBasicConstraints() >= 0, "CA:true");

        IssuedCertificate noSig = intermediate.issue(
                LeafSpec.builder("No sig").digitalSignature(false).keyAlgorithm(KeyAlgorithm.EC_P256).build());
        boolean[] ku = noSig.certificate().getKeyUsage();
        assertFalse(ku[0], "digitalSignature");
        assertTrue(ku[2], "keyEncipherment");
    }

    @Test
    void caExtensions() throws Exception {
        X509Certificate rootCert = root.certificate();
        assertEquals(rootCert.getSubjectX500Principal(), rootCert.getIssuerX500Principal());
        assertEquals(Integer.MAX_VALUE, rootCert.getBasicConstraints());
        assertTrue(rootCert.getKeyUsage()[5] && rootCert.getKeyUsage()[6], "keyCertSign, cRLSign");
        assertTrue(rootCert.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.19", "2.5.29.15")));
        assertNotNull(rootCert.getExtensionValue("2.5.29.14"));
        rootCert.verify(rootCert.getPublicKey());

        X509Certificate intCert = intermediate.certificate();
        assertEquals(0, intCert.getBasicConstraints(), "pathLen 0");
        assertTrue(intCert.getKeyUsage()[5] && intCert.getKeyUsage()[6]);
        assertTrue(intCert.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.19", "2.5.29.15")));
        assertNotNull(intCert.getExtensionValue("2.5.29.14"));
        assertNotNull(intCert.getExtensionValue("2.5.29.35"));
        assertNotNull(intCert.getExtensionValue("2.5.29.31"));
        Collection<List<?>> sans = intCert.getSubjectAlternativeNames();
        assertEquals(List.of(List.of(6, "urn:oid:1.2.3.community")), List.copyOf(sans));
        assertEquals(new X500Principal("CN=Test Intermediate, O=payer-auth dev PKI"), intCert.getSubjectX500Principal());
        intCert.verify(rootCert.getPublicKey());
        assertEquals(List.of(intCert), intermediate.chain());
        assertEquals(rootCert, intermediate.root());
        assertTrue(intCert.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(4 * 365))));
    }

    @Test
    void explicitValidity() throws Exception {
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant until = Instant.parse("2040-01-01T00:00:00Z");
        CertificateAuthority r = CertificateAuthority.newRoot("Dated Root", KeyAlgorithm.EC_P256, from, until);
        assertEquals(Date.from(from), r.certificate().getNotBefore());
        assertEquals(Date.from(until), r.certificate().getNotAfter());
        CertificateAuthority i = r.newIntermediate("Dated Int", KeyAlgorithm.EC_P256,
                IntermediateSpec.defaults().withValidity(from, until));
        assertEquals(Date.from(until), i.certificate().getNotAfter());
        assertNull(i.certificate().getSubjectAlternativeNames());
        assertNull(i.certificate().getExtensionValue("2.5.29.31"));
    }

    @Test
    void expiredAndNotYetValidLeaves() {
        Instant now = Instant.now();
        IssuedCertificate expired = intermediate.issue(LeafSpec.builder("Expired")
                .keyAlgorithm(KeyAlgorithm.EC_P256)
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)))
                .build());
        assertThrows(CertificateExpiredException.class, () -> expired.certificate().checkValidity());

        IssuedCertificate future = intermediate.issue(LeafSpec.builder("Future")
                .keyAlgorithm(KeyAlgorithm.EC_P256)
                .validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
                .build());
        assertThrows(CertificateNotYetValidException.class, () -> future.certificate().checkValidity());
    }

    @Test
    void crlListsRevokedSerialsAndVerifies() throws Exception {
        CertificateAuthority ca = root.newIntermediate("CRL Int", KeyAlgorithm.EC_P256);
        IssuedCertificate good = ca.issue(LeafSpec.builder("Good").keyAlgorithm(KeyAlgorithm.EC_P256).build());
        IssuedCertificate bad = ca.issue(LeafSpec.builder("Bad").keyAlgorithm(KeyAlgorithm.EC_P256).build());

        X509CRL empty = ca.crl();
        assertNull(empty.getRevokedCertificates());
        empty.verify(ca.certificate().getPublicKey());

        ca.revoke(bad.certificate().getSerialNumber());
        X509CRL crl = ca.crl();
        crl.verify(ca.certificate().getPublicKey());
        assertEquals(ca.certificate().getSubjectX500Principal(), crl.getIssuerX500Principal());
        assertTrue(crl.isRevoked(bad.certificate()));
        assertFalse(crl.isRevoked(good.certificate()));
        X509CRLEntry entry = crl.getRevokedCertificate(bad.certificate().getSerialNumber());
        assertEquals(CRLReason.KEY_COMPROMISE, entry.getRevocationReason());
        assertFalse(entry.getRevocationDate().after(crl.getThisUpdate()));
        assertNotNull(crl.getExtensionValue("2.5.29.35"), "AKI");
        assertEquals(List.of(bad.certificate().getSerialNumber()), ca.revokedSerials());

        Instant now = Instant.now();
        assertTrue(crl.getThisUpdate().toInstant().isBefore(now));
        assertTrue(crl.getNextUpdate().toInstant().isAfter(now.plus(Duration.ofDays(6))));

        BigInteger first = crlNumber(empty);
        BigInteger second = crlNumber(crl);
        assertEquals(first.add(BigInteger.ONE), second);

        X509CRL reparsed = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new java.io.ByteArrayInputStream(crl.getEncoded()));
        assertArrayEquals(crl.getEncoded(), reparsed.getEncoded());
    }

    @Test
    void crlWithExplicitTimes() throws Exception {
        CertificateAuthority ca = root.newIntermediate("Stale CRL Int", KeyAlgorithm.EC_P256);
        Instant thisUpdate = Instant.parse("2024-01-01T00:00:00Z");
        Instant nextUpdate = Instant.parse("2024-01-08T00:00:00Z");
        ca.revoke(BigInteger.TEN);
        X509CRL crl = ca.crl(thisUpdate, nextUpdate);
        assertEquals(Date.from(thisUpdate), crl.getThisUpdate());
        assertEquals(Date.from(nextUpdate), crl.getNextUpdate());
        assertEquals(Date.from(thisUpdate), crl.getRevokedCertificate(BigInteger.TEN).getRevocationDate());
        crl.verify(ca.certificate().getPublicKey());
    }

    @Test
    void crlSignedByWrongKeyFailsVerification() throws Exception {
        CertificateAuthority ca = root.newIntermediate("Forged CRL Int", KeyAlgorithm.EC_P256);
        ca.revoke(BigInteger.valueOf(42));
        KeyPair wrong = KeyAlgorithm.EC_P256.generate();
        X509CRL forged = ca.crlSignedBy(wrong.getPrivate());
        assertNotNull(forged.getRevokedCertificate(BigInteger.valueOf(42)));
        assertEquals(ca.certificate().getSubjectX500Principal(), forged.getIssuerX500Principal());
        assertThrows(SignatureException.class, () -> forged.verify(ca.certificate().getPublicKey()));
        forged.verify(wrong.getPublic());

        X509CRL forgedRsa = ca.crlSignedBy(root.privateKey());
        assertEquals("SHA256withRSA", forgedRsa.getSigAlgName());
        assertThrows(Exception.class, () -> forgedRsa.verify(ca.certificate().getPublicKey()));
    }

    @Test
    void caFromExistingMaterial() throws Exception {
        CertificateAuthority loaded = CertificateAuthority.of(intermediate.certificate(), intermediate.privateKey(),
                List.of(root.certificate()));
        assertEquals(List.of(intermediate.certificate()), loaded.chain());
        assertEquals(root.certificate(), loaded.root());
        IssuedCertificate leaf = loaded.issue(LeafSpec.builder("Loaded").keyAlgorithm(KeyAlgorithm.EC_P256).build());
        pkixValidate(leaf.chain(), root.certificate());

        assertThrows(IllegalArgumentException.class,
                () -> CertificateAuthority.of(intermediate.certificate(), root.privateKey(), List.of()));
    }

    @Test
    void keyAlgorithms() {
        assertEquals("SHA256withRSA", KeyAlgorithm.RSA_3072.signatureAlgorithm());
        assertEquals("SHA256withECDSA", KeyAlgorithm.EC_P256.signatureAlgorithm());
        assertEquals("SHA384withECDSA", KeyAlgorithm.EC_P384.signatureAlgorithm());
        assertEquals(2048, ((RSAPublicKey) KeyAlgorithm.RSA_2048.generate().getPublic()).getModulus().bitLength());
        assertEquals(384, ((ECPublicKey) KeyAlgorithm.EC_P384.generate().getPublic()).getParams().getCurve()
                .getField().getFieldSize());
    }

    @Test
    void thumbprintAndX5c() throws Exception {
        IssuedCertificate leaf = intermediate.issue(LeafSpec.builder("Thumb").keyAlgorithm(KeyAlgorithm.EC_P256).build());
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(leaf.certificate().getEncoded());
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(digest), leaf.sha256Thumbprint());
        assertEquals(2, leaf.x5c().size());
        assertArrayEquals(leaf.certificate().getEncoded(), Base64.getDecoder().decode(leaf.x5c().get(0).toString()));
        assertArrayEquals(intermediate.certificate().getEncoded(), leaf.x5c().get(1).decode());
    }

    static void pkixValidate(List<X509Certificate> chain, X509Certificate trustAnchor) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(trustAnchor, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(chain), params);
    }

    private static BigInteger crlNumber(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getValue();
    }
}
