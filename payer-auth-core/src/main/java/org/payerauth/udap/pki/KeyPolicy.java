package org.payerauth.udap.pki;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.jwk.Curve;

/**
 * Which certificate keys and signatures UDAP trust accepts, checked before any signature is verified with them
 * (so an oversized RSA key cannot cost a verification): RSA 2048 to 8192 bits with an odd public exponent above 1,
 * EC on P-256 or P-384 only (the curves of ES256 and ES384), nothing else; certificate signatures never SHA-1 or
 * MD5 (HL7 UDAP IG §1.2.3 requires SHA-256 or better).
 */
public final class KeyPolicy {

    public static final int MIN_RSA_BITS = 2048;
    public static final int MAX_RSA_BITS = 8192;

    private static final Set<Curve> CURVES = Set.of(Curve.P_256, Curve.P_384);
    /** sha1WithRSA, dsaWithSHA1, ecdsaWithSHA1, md5WithRSA, md2WithRSA. */
    private static final Set<String> WEAK_SIGNATURE_OIDS = Set.of("1.2.840.113549.1.1.5", "1.2.840.10040.4.3",
            "1.2.840.10045.4.1", "1.2.840.113549.1.1.4", "1.2.840.113549.1.1.2");

    private KeyPolicy() {
    }

    /** What is wrong with a public key, or empty when UDAP accepts it. */
    public static Optional<String> keyProblem(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                return Optional.of("an RSA key of " + bits + " bits (" + MIN_RSA_BITS + " to " + MAX_RSA_BITS + " are accepted)");
            }
            BigInteger e = rsa.getPublicExponent();
            if (!e.testBit(0) || e.compareTo(BigInteger.ONE) <= 0 || e.bitLength() > 256) {
                return Optional.of("an RSA key with an unusable public exponent");
            }
            return Optional.empty();
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            return curve != null && CURVES.contains(curve) ? Optional.empty()
                    : Optional.of("an EC key on a curve other than P-256 or P-384");
        }
        return Optional.of("a " + (key == null ? "missing" : key.getAlgorithm()) + " key (RSA or EC required)");
    }

    /** Whether a certificate is signed with SHA-1 or MD5. */
    public static boolean weakSignature(X509Certificate certificate) {
        String name = certificate.getSigAlgName() == null ? "" : certificate.getSigAlgName().toUpperCase(Locale.ROOT);
        return WEAK_SIGNATURE_OIDS.contains(certificate.getSigAlgOID()) || name.startsWith("SHA1") || name.startsWith("MD");
    }
}
