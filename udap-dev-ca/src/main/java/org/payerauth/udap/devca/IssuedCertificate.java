package org.payerauth.udap.devca;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;

/**
 * An end-entity certificate with its private key.
 *
 * @param certificate the end-entity certificate
 * @param privateKey its private key
 * @param chain the leaf first, then the issuing CA and further intermediates, excluding the self-signed root
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
    }

    /** Base64url (no padding) SHA-256 of the certificate's DER encoding, as in {@code x5t#S256}. */
    public String sha256Thumbprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return Base64URL.encode(digest).toString();
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chain as a JOSE {@code x5c} value: standard base64 of each DER certificate, leaf first. */
    public List<Base64> x5c() {
        return toX5c(chain);
    }

    static List<Base64> toX5c(List<X509Certificate> certificates) {
        return certificates.stream().map(c -> {
            try {
                return Base64.encode(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
