package org.payerauth.udap.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;

class PemTest {

    private static CertificateAuthority root;
    private static CertificateAuthority intermediate;

    @BeforeAll
    static void pki() {
        root = CertificateAuthority.newRoot("Pem Root", KeyAlgorithm.EC_P256);
        intermediate = root.newIntermediate("Pem Intermediate", KeyAlgorithm.EC_P256);
    }

    @Test
    void certificateListRoundTrip() {
        IssuedCertificate leaf = intermediate.issue(LeafSpec.builder("Pem Leaf").sanUri("https://x.example").build());
        List<X509Certificate> chain = List.of(leaf.certificate(), intermediate.certificate(), root.certificate());
        String pem = Pem.certificates(chain);

        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertTrue(pem.endsWith("-----END CERTIFICATE-----\n"));
        assertTrue(pem.lines().allMatch(l -> l.length() <= 64));
        assertEquals(chain, Pem.readCertificates(pem));
        assertEquals(List.of(root.certificate()), Pem.readCertificates(Pem.certificate(root.certificate())));
        // text around blocks and other block types are ignored
        String mixed = "subject=whatever\n" + Pem.certificate(root.certificate()) + Pem.privateKey(root.privateKey());
        assertEquals(List.of(root.certificate()), Pem.readCertificates(mixed));
    }

    @Test
    void rsaPrivateKeyRoundTrip() throws Exception {
        KeyPair keys = KeyAlgorithm.RSA_2048.generate();
        String pem = Pem.privateKey(keys.getPrivate());
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"));
        PrivateKey read = Pem.readPrivateKey(pem);
        assertInstanceOf(RSAPrivateKey.class, read);
        assertArrayEquals(keys.getPrivate().getEncoded(), read.getEncoded());
        assertSignsFor(read, keys, "SHA256withRSA");
    }

    @Test
    void pemWhoseLineBreaksWereRemoved_stillReads() throws Exception {
        // A masked one-line field (the admin console's password input) drops the line breaks of a pasted key.
        KeyPair keys = KeyAlgorithm.RSA_2048.generate();
        String oneLineKey = Pem.privateKey(keys.getPrivate()).replace("\n", "");
        assertArrayEquals(keys.getPrivate().getEncoded(), Pem.readPrivateKey(oneLineKey).getEncoded());

        List<X509Certificate> chain = List.of(intermediate.certificate(), root.certificate());
        assertEquals(chain, Pem.readCertificates(Pem.certificates(chain).replace("\n", "")));
        assertEquals(chain, Pem.readCertificates(Pem.certificates(chain).replace("\n", " ")));
        assertEquals(chain, Pem.readCertificates(Pem.certificates(chain).replace("\n", "\r\n")));
    }

    @Test
    void ecPrivateKeyRoundTrip() throws Exception {
        for (KeyAlgorithm alg : List.of(KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P384)) {
            KeyPair keys = alg.generate();
            PrivateKey read = Pem.readPrivateKey(Pem.privateKey(keys.getPrivate()));
            assertInstanceOf(ECPrivateKey.class, read);
            assertEquals(((ECPrivateKey) keys.getPrivate()).getS(), ((ECPrivateKey) read).getS());
            assertSignsFor(read, keys, alg.signatureAlgorithm());
        }
    }

    @Test
    void crlRoundTrip() throws Exception {
        CertificateAuthority ca = root.newIntermediate("Pem CRL", KeyAlgorithm.EC_P256);
        ca.revoke(BigInteger.valueOf(7));
        X509CRL crl = ca.crl();
        String pem = Pem.crl(crl);
        assertTrue(pem.startsWith("-----BEGIN X509 CRL-----\n"));
        X509CRL read = Pem.readCrl(pem);
        assertArrayEquals(crl.getEncoded(), read.getEncoded());
        read.verify(ca.certificate().getPublicKey());
    }

    @Test
    void fileHelpers(@TempDir Path dir) throws Exception {
        IssuedCertificate leaf = intermediate.issue(LeafSpec.builder("File Leaf").build());
        Path certs = dir.resolve("sub/leaf.pem");
        Path key = dir.resolve("sub/leaf.key");
        Path crl = dir.resolve("sub/int.crl");
        Pem.writeCertificates(certs, leaf.chain());
        Pem.writePrivateKey(key, leaf.privateKey());
        Pem.writeCrl(crl, intermediate.crl());
        Pem.writeCertificate(dir.resolve("root.pem"), root.certificate());

        assertEquals(leaf.chain(), Pem.readCertificates(certs));
        assertArrayEquals(leaf.privateKey().getEncoded(), Pem.readPrivateKey(key).getEncoded());
        Pem.readCrl(crl).verify(intermediate.certificate().getPublicKey());
        assertEquals(List.of(root.certificate()), Pem.readCertificates(dir.resolve("root.pem")));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
            // overwriting keeps the file private
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
            Pem.writePrivateKey(key, leaf.privateKey());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        }
    }

    @Test
    void aBlockWhoseBodyIsNotBase64IsAnIllegalArgument() {
        String broken = "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n";
        assertThrows(IllegalArgumentException.class, () -> Pem.readCertificates(broken));
        assertThrows(IllegalArgumentException.class, () -> Pem.readCrls(broken.replace("CERTIFICATE", "X509 CRL")));
        assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey(broken.replace("CERTIFICATE", "PRIVATE KEY")));
    }

    @Test
    void missingBlocksAreErrors() {
        assertTrue(Pem.readCertificates("nothing here").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey(Pem.certificate(root.certificate())));
        assertThrows(IllegalArgumentException.class, () -> Pem.readCrl(""));
    }

    private static void assertSignsFor(PrivateKey key, KeyPair original, String alg) throws Exception {
        byte[] data = {1, 2, 3};
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(data);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(original.getPublic());
        v.update(data);
        assertTrue(v.verify(sig));
    }
}
