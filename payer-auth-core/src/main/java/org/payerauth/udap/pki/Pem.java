package org.payerauth.udap.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM text and files: certificates, PKCS#8 private keys ({@code PRIVATE KEY}) and CRLs. Written with {@code \n}
 * line endings and 64-character lines; read with BouncyCastle's {@link PEMParser}, which skips text outside PEM
 * blocks. Keys and certificates come back as JDK objects. Text whose line breaks were lost (pasted into a one-line
 * field, such as the admin console's masked key field) is read too: the markers are put back on lines of their own.
 */
public final class Pem {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private Pem() {
    }

    // ------------------------------------------------------------------ to text

    public static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Concatenated {@code CERTIFICATE} blocks in list order. */
    public static String certificates(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        certificates.forEach(c -> out.append(certificate(c)));
        return out.toString();
    }

    /** Unencrypted PKCS#8 {@code PRIVATE KEY} block. */
    public static String privateKey(PrivateKey key) {
        if (!"PKCS#8".equalsIgnoreCase(key.getFormat())) {
            throw new IllegalArgumentException("Key is not PKCS#8 encodable: " + key.getFormat());
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    public static String crl(X509CRL crl) {
        try {
            return block("X509 CRL", crl.getEncoded());
        } catch (CRLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String block(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    // ------------------------------------------------------------------ from text

    /** All {@code CERTIFICATE} blocks in {@code pem}, in order; other blocks are ignored; none for null. */
    public static List<X509Certificate> readCertificates(String pem) {
        List<X509Certificate> out = new ArrayList<>();
        if (pem == null) {
            return out;
        }
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object o : parseAll(pem)) {
            if (o instanceof X509CertificateHolder holder) {
                try {
                    out.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("Bad certificate in PEM", e);
                }
            }
        }
        return out;
    }

    /**
     * The first private key in {@code pem}: PKCS#8 {@code PRIVATE KEY} (RSA or EC); traditional
     * {@code RSA PRIVATE KEY} / {@code EC PRIVATE KEY} blocks are accepted too.
     */
    public static PrivateKey readPrivateKey(String pem) {
        if (pem == null) {
            throw new IllegalArgumentException("No private key in PEM");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            for (Object o : parseAll(pem)) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Bad private key in PEM", e);
        }
        throw new IllegalArgumentException("No private key in PEM");
    }

    /** All {@code X509 CRL} blocks in {@code pem}, in order; none for null. */
    public static List<X509CRL> readCrls(String pem) {
        List<X509CRL> out = new ArrayList<>();
        if (pem == null) {
            return out;
        }
        JcaX509CRLConverter converter = new JcaX509CRLConverter();
        for (Object o : parseAll(pem)) {
            if (o instanceof X509CRLHolder holder) {
                try {
                    out.add(converter.getCRL(holder));
                } catch (CRLException e) {
                    throw new IllegalArgumentException("Bad CRL in PEM", e);
                }
            }
        }
        return out;
    }

    /** The first {@code X509 CRL} block in {@code pem}. */
    public static X509CRL readCrl(String pem) {
        for (Object o : parseAll(pem)) {
            if (o instanceof X509CRLHolder holder) {
                try {
                    return new JcaX509CRLConverter().getCRL(holder);
                } catch (CRLException e) {
                    throw new IllegalArgumentException("Bad CRL in PEM", e);
                }
            }
        }
        throw new IllegalArgumentException("No CRL in PEM");
    }

    /** A PEM marker ({@code -----BEGIN X-----} or {@code -----END X-----}) with the white space around it. */
    private static final java.util.regex.Pattern MARKER =
            java.util.regex.Pattern.compile("\\s*(-----(?:BEGIN|END) [A-Z0-9 ]+-----)\\s*");

    /** Every marker on a line of its own, so that PEM text whose line breaks were removed parses as PEM. */
    static String withMarkersOnTheirOwnLines(String pem) {
        return MARKER.matcher(pem).replaceAll("\n$1\n");
    }

    private static List<Object> parseAll(String pem) {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(withMarkersOnTheirOwnLines(pem)))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports a block whose body is not base64 with an unchecked DecoderException.
            throw new IllegalArgumentException("Malformed PEM", e);
        }
        return objects;
    }

    // ------------------------------------------------------------------ files

    public static void writeCertificate(Path file, X509Certificate certificate) {
        write(file, certificate(certificate), false);
    }

    public static void writeCertificates(Path file, List<X509Certificate> certificates) {
        write(file, certificates(certificates), false);
    }

    /** Writes a PKCS#8 key; the file gets permissions 600 where the file system supports POSIX permissions. */
    public static void writePrivateKey(Path file, PrivateKey key) {
        write(file, privateKey(key), true);
    }

    public static void writeCrl(Path file, X509CRL crl) {
        write(file, crl(crl), false);
    }

    public static List<X509Certificate> readCertificates(Path file) {
        return readCertificates(read(file));
    }

    public static PrivateKey readPrivateKey(Path file) {
        return readPrivateKey(read(file));
    }

    public static X509CRL readCrl(Path file) {
        return readCrl(read(file));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates or replaces {@code file}; secret files are created owner-only before any content is written. */
    private static void write(Path file, String text, boolean secret) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY);
                } else {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                }
            }
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
