package org.payerauth.udap.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.cert.CertificateException;

import com.nimbusds.jose.util.Base64;
import org.junit.jupiter.api.Test;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;

class DecodedCertificatesTest {

    private static final CertificateAuthority ROOT = CertificateAuthority.newRoot("Decode Root", KeyAlgorithm.EC_P256);

    private static Base64 x5c(String name) {
        IssuedCertificate leaf = ROOT.issue(LeafSpec.builder(name).sanUri("https://" + name + ".test/app").build());
        return leaf.x5c().get(0);
    }

    @Test
    void anEntrySeenBeforeIsNotDecodedAgain_andDecodesToTheSameCertificate() throws Exception {
        DecodedCertificates cache = new DecodedCertificates(4);
        Base64 entry = x5c("a");
        var first = cache.get(entry);
        assertSame(first, cache.get(new Base64(entry.toString())), "same text, same decoded certificate");
        assertEquals(first, org.payerauth.udap.pki.Certificates.fromDer(entry.decode()));
    }

    @Test
    void theCacheIsBounded_theLeastRecentlyUsedEntryGoesFirst() throws Exception {
        DecodedCertificates cache = new DecodedCertificates(2);
        Base64 a = x5c("a");
        Base64 b = x5c("b");
        var decodedA = cache.get(a);
        cache.get(b);
        cache.get(a);
        cache.get(x5c("c"));
        assertEquals(2, cache.size());
        assertSame(decodedA, cache.get(a), "a was used last, so b went");
        assertNotSame(null, cache.get(b));
    }

    @Test
    void whatDoesNotDecodeIsRefusedAndNotKept() {
        DecodedCertificates cache = new DecodedCertificates(2);
        assertThrows(CertificateException.class, () -> cache.get(Base64.encode("not a certificate")));
        assertEquals(0, cache.size());
    }
}
