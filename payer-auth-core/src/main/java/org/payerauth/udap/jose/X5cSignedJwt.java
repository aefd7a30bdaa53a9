package org.payerauth.udap.jose;

import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.SignedJWT;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.pki.CertificateChainValidator;
import org.payerauth.udap.pki.Certificates;
import org.payerauth.udap.pki.KeyPolicy;

/**
 * A JWS whose signing certificate travels in its {@code x5c} header (UDAP software statements and client
 * assertions): parsed with caps on the header, the algorithm checked against an allow-list (never {@code none} or
 * HMAC), and the signature verified with the public key of the first {@code x5c} certificate. Trust in that
 * certificate is a separate step ({@link CertificateChainValidator}).
 *
 * @param jwt    the parsed token
 * @param claims the payload as a raw JSON object (types exactly as sent, so {@code aud} arrays and empty
 *               {@code grant_types} are visible)
 * @param leaf   the signing certificate
 * @param others the other {@code x5c} certificates
 */
public record X5cSignedJwt(SignedJWT jwt, Map<String, Object> claims, X509Certificate leaf, List<X509Certificate> others) {

    /**
     * @param reason the reason of every failure here ({@link Reason#INVALID_SOFTWARE_STATEMENT} for registration,
     *               {@link Reason#CLIENT_AUTHENTICATION_FAILED} for client authentication)
     */
    public static X5cSignedJwt verify(String compact, Set<String> algorithms, int maxX5cCount, int maxX5cEntryChars,
                                      Reason reason, String what) throws UdapException {
        if (compact == null || compact.isBlank()) {
            throw new UdapException(reason, "The " + what + " is missing");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(compact.trim());
        } catch (ParseException e) {
            throw new UdapException(reason, "The " + what + " is not a signed JWT (JWS compact serialization)");
        }
        return verify(jwt, algorithms, maxX5cCount, maxX5cEntryChars, reason, what);
    }

    /** As {@link #verify(String, Set, int, int, Reason, String)}, for a token the caller has parsed already. */
    public static X5cSignedJwt verify(SignedJWT jwt, Set<String> algorithms, int maxX5cCount, int maxX5cEntryChars,
                                      Reason reason, String what) throws UdapException {
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        if (alg == null || !algorithms.contains(alg.getName())) {
            throw new UdapException(reason, "The " + what + " is signed with an algorithm this server does not accept"
                    + " (accepted: " + String.join(", ", algorithms.stream().sorted().toList()) + ")");
        }
        List<Base64> x5c = header.getX509CertChain();
        if (x5c == null || x5c.isEmpty()) {
            throw new UdapException(reason, "The " + what + " header has no x5c certificate chain");
        }
        if (x5c.size() > maxX5cCount) {
            throw new UdapException(reason, "The " + what + " x5c header has more than " + maxX5cCount + " certificates");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Base64 entry : x5c) {
            if (entry.toString().length() > maxX5cEntryChars) {
                throw new UdapException(reason, "An x5c certificate of the " + what + " is larger than " + maxX5cEntryChars + " characters");
            }
            try {
                chain.add(DECODED.get(entry));
            } catch (CertificateException | RuntimeException e) {
                throw new UdapException(reason, "An x5c entry of the " + what + " is not a base64 DER X.509 certificate");
            }
        }
        for (X509Certificate certificate : chain) {
            java.util.Optional<String> problem = KeyPolicy.keyProblem(certificate.getPublicKey());
            if (problem.isPresent()) {
                throw new UdapException(reason, "An x5c certificate of the " + what + " has " + problem.get());
            }
        }
        X509Certificate leaf = chain.get(0);
        if (!signatureVerifies(jwt, alg, leaf.getPublicKey())) {
            throw new UdapException(reason, "The " + what + " signature does not verify with the public key of its x5c certificate");
        }
        Map<String, Object> claims;
        try {
            claims = jwt.getPayload().toJSONObject();
        } catch (RuntimeException e) {
            claims = null;
        }
        if (claims == null) {
            throw new UdapException(reason, "The " + what + " payload is not a JSON object");
        }
        return new X5cSignedJwt(jwt, claims, leaf, List.copyOf(chain.subList(1, chain.size())));
    }

    /**
     * x5c entries decoded before, by their base64 text: apps send the same certificates with every request. A pure
     * function of its key, node-local and bounded.
     */
    private static final DecodedCertificates DECODED = new DecodedCertificates(1024);

    private static boolean signatureVerifies(SignedJWT jwt, JWSAlgorithm alg, PublicKey key) {
        try {
            JWSVerifier verifier;
            if (JWSAlgorithm.Family.RSA.contains(alg) && key instanceof RSAPublicKey rsa) {
                verifier = new RSASSAVerifier(rsa);
            } else if (JWSAlgorithm.Family.EC.contains(alg) && key instanceof ECPublicKey ec) {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                if (curve == null || !Curve.forJWSAlgorithm(alg).contains(curve)) {
                    return false;
                }
                verifier = new ECDSAVerifier(ec);
            } else {
                return false;
            }
            return jwt.verify(verifier);
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }
}
