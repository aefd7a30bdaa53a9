package org.payerauth.udap.pki;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** X.509 helpers on the JDK alone: PEM, SAN URIs, thumbprints. */
public final class Certificates {

    private static final Pattern PEM_CERTIFICATE =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");
    private static final Pattern PEM_CRL = Pattern.compile("-----BEGIN X509 CRL-----([A-Za-z0-9+/=\\s]+?)-----END X509 CRL-----");
    private static final int SAN_URI = 6;

    private Certificates() {
    }

    private static final ThreadLocal<CertificateFactory> FACTORY = ThreadLocal.withInitial(() -> {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    });

    /** One X.509 factory per thread (the JCA lookup is not free, and factories are not thread-safe). */
    static CertificateFactory factory() {
        return FACTORY.get();
    }

    /** Every certificate in a PEM text, in order. */
    public static List<X509Certificate> fromPem(String pem) throws CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        if (pem == null) {
            return certificates;
        }
        Matcher m = PEM_CERTIFICATE.matcher(pem);
        while (m.find()) {
            certificates.add(fromDer(Base64.getMimeDecoder().decode(m.group(1))));
        }
        return certificates;
    }

    /** Every CRL in a PEM text, in order. */
    public static List<X509CRL> crlsFromPem(String pem) throws CRLException {
        List<X509CRL> crls = new ArrayList<>();
        if (pem == null) {
            return crls;
        }
        Matcher m = PEM_CRL.matcher(pem);
        while (m.find()) {
            crls.add((X509CRL) factory().generateCRL(new ByteArrayInputStream(Base64.getMimeDecoder().decode(m.group(1)))));
        }
        return crls;
    }

    private static final Pattern PEM_PRIVATE_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+?)-----END PRIVATE KEY-----");

    /** A PKCS#8 ({@code BEGIN PRIVATE KEY}) RSA or EC private key. */
    public static java.security.PrivateKey privateKeyFromPem(String pem) throws java.security.GeneralSecurityException {
        Matcher m = PEM_PRIVATE_KEY.matcher(pem == null ? "" : pem);
        if (!m.find()) {
            throw new java.security.spec.InvalidKeySpecException("no PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        java.security.spec.PKCS8EncodedKeySpec spec =
                new java.security.spec.PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return java.security.KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (java.security.spec.InvalidKeySpecException e) {
                // try the next algorithm
            }
        }
        throw new java.security.spec.InvalidKeySpecException("the private key is neither RSA nor EC");
    }

    public static X509Certificate fromDer(byte[] der) throws CertificateException {
        return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
    }

    public static String toPem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SAN uniformResourceIdentifier entries: the identities a UDAP {@code iss} may take. */
    public static List<String> sanUris(X509Certificate certificate) {
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() >= 2 && Integer.valueOf(SAN_URI).equals(name.get(0)) && name.get(1) instanceof String uri) {
                        uris.add(uri);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return uris;
    }

    /** Base64url (no padding) SHA-256 of the DER encoding, as in {@code x5t#S256}. */
    public static String sha256Thumbprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Standard base64 of the DER encoding (an {@code x5c} entry). */
    public static String base64Der(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
