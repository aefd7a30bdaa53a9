package org.payerauth.udap.jose;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.payerauth.udap.pki.Certificates;

/**
 * Signs a UDAP JWT: the claims as given, a JWS header with {@code alg} and {@code x5c} (the signer's certificate
 * first, then its issuers). The counterpart of {@link X5cSignedJwt}; used for software statements, client
 * assertions and {@code signed_metadata}.
 */
public final class X5cJwtSigner {

    private X5cJwtSigner() {
    }

    /** Signs with the algorithm that fits the key (RS256 for RSA, ES256 for P-256, ES384 for P-384). */
    public static String sign(Map<String, Object> claims, PrivateKey key, List<X509Certificate> x5c) {
        return sign(claims, key, defaultAlgorithm(key), x5c);
    }

    /**
     * @param claims the payload; values as JSON types (numbers for {@code exp}/{@code iat})
     * @param key    the signing key (RSA or EC)
     * @param alg    the JWS algorithm
     * @param x5c    the certificate chain for the header, leaf first
     */
    public static String sign(Map<String, Object> claims, PrivateKey key, JWSAlgorithm alg, List<X509Certificate> x5c) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(alg, "alg");
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).x509CertChain(x5c(x5c)).build(), builder.build());
        try {
            jwt.sign(signerFor(key));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Cannot sign with " + alg + ": " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** The {@code x5c} header value of a chain: standard base64 DER, in order. */
    public static List<Base64> x5c(List<X509Certificate> chain) {
        List<Base64> x5c = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            x5c.add(new Base64(Certificates.base64Der(certificate)));
        }
        return x5c;
    }

    /** RS256 for RSA keys; ES256 / ES384 / ES512 for EC keys by curve size. */
    public static JWSAlgorithm defaultAlgorithm(PrivateKey key) {
        if (key instanceof RSAPrivateKey) {
            return JWSAlgorithm.RS256;
        }
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            switch (bits) {
                case 256:
                    return JWSAlgorithm.ES256;
                case 384:
                    return JWSAlgorithm.ES384;
                case 521:
                    return JWSAlgorithm.ES512;
                default:
                    throw new IllegalArgumentException("Unsupported EC field size " + bits);
            }
        }
        throw new IllegalArgumentException("Unsupported key type " + key.getAlgorithm());
    }

    private static JWSSigner signerFor(PrivateKey key) throws JOSEException {
        if (key instanceof RSAPrivateKey) {
            return new RSASSASigner(key);
        }
        if (key instanceof ECPrivateKey ec) {
            return new ECDSASigner(ec);
        }
        throw new IllegalArgumentException("Unsupported key type " + key.getAlgorithm());
    }
}
