package org.payerauth.it.support;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Test-side X.509 reading (the tests do not share the product's classes). */
public final class X509 {

    private X509() {
    }

    public static List<String> sanUris(X509Certificate certificate) {
        List<String> uris = new ArrayList<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> name : certificate.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(6).equals(name.get(0))) {
                        uris.add((String) name.get(1));
                    }
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return uris;
    }

    public static String sha256Thumbprint(X509Certificate certificate) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
