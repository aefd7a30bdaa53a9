package org.payerauth.udap.devca;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;

/** Key types the dev PKI can generate, with the signature algorithm used for certificates and CRLs they sign. */
public enum KeyAlgorithm {
    /** Too weak for UDAP: only for negative tests. */
    RSA_1024("RSA", 1024, "SHA256withRSA"),
    RSA_2048("RSA", 2048, "SHA256withRSA"),
    RSA_3072("RSA", 3072, "SHA256withRSA"),
    RSA_4096("RSA", 4096, "SHA256withRSA"),
    EC_P256("EC", 256, "SHA256withECDSA"),
    EC_P384("EC", 384, "SHA384withECDSA"),
    /** A curve UDAP does not use: only for negative tests. */
    EC_P521("EC", 521, "SHA512withECDSA");

    private final String jcaName;
    private final int size;
    private final String signatureAlgorithm;

    KeyAlgorithm(String jcaName, int size, String signatureAlgorithm) {
        this.jcaName = jcaName;
        this.size = size;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** JCA signature algorithm for certificates/CRLs signed by a key of this type. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Generates a new key pair (JDK providers). */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
            if ("RSA".equals(jcaName)) {
                generator.initialize(size, Bc.RANDOM);
            } else {
                generator.initialize(new ECGenParameterSpec(size == 256 ? "secp256r1" : size == 384 ? "secp384r1" : "secp521r1"),
                        Bc.RANDOM);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate " + this + " key pair", e);
        }
    }

    /**
     * The key type of an existing RSA or EC key.
     *
     * @throws IllegalArgumentException for other key types or sizes
     */
    public static KeyAlgorithm of(Key key) {
        if (key instanceof RSAKey rsa) {
            int bits = rsa.getModulus().bitLength();
            for (KeyAlgorithm alg : values()) {
                if ("RSA".equals(alg.jcaName) && alg.size == bits) {
                    return alg;
                }
            }
            throw new IllegalArgumentException("Unsupported RSA key size " + bits);
        }
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits == 256) {
                return EC_P256;
            }
            if (bits == 384) {
                return EC_P384;
            }
            if (bits == 521) {
                return EC_P521;
            }
            throw new IllegalArgumentException("Unsupported EC field size " + bits);
        }
        throw new IllegalArgumentException("Unsupported key type " + (key == null ? null : key.getAlgorithm()));
    }

    /** Signature algorithm for any RSA or EC signing key (also sizes this enum does not generate). */
    static String signatureAlgorithmFor(Key key) {
        if (key instanceof RSAKey) {
            return "SHA256withRSA";
        }
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
        }
        throw new IllegalArgumentException("Unsupported key type " + (key == null ? null : key.getAlgorithm()));
    }
}
