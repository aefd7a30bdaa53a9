package org.payerauth.it.udap;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.payerauth.udap.devca.IssuedCertificate;

/** UDAP client assertions (Authentication Tokens) built with nimbus, including hostile ones. */
final class ClientAssertions {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private ClientAssertions() {
    }

    /** The B2B extension Inferno sends (bare purpose code, no subject_id). */
    static Map<String, Object> infernoB2b() {
        Map<String, Object> b2b = new LinkedHashMap<>();
        b2b.put("version", "1");
        b2b.put("subject_name", "UDAP Test Kit");
        b2b.put("organization_name", "Inferno Framework");
        b2b.put("organization_id", "https://inferno-framework.github.io/");
        b2b.put("purpose_of_use", List.of("SYSDEV"));
        return b2b;
    }

    static JWTClaimsSet.Builder claims(String clientId, String tokenEndpoint) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(tokenEndpoint)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
    }

    static JWTClaimsSet.Builder b2bClaims(String clientId, String tokenEndpoint) {
        return claims(clientId, tokenEndpoint).claim("extensions", Map.of("hl7-b2b", infernoB2b()));
    }

    static String sign(JWTClaimsSet claims, IssuedCertificate signer) {
        return sign(claims, signer, algorithmFor(signer));
    }

    static String sign(JWTClaimsSet claims, IssuedCertificate signer, JWSAlgorithm alg) {
        try {
            JWSSigner jwsSigner = signer.privateKey() instanceof java.security.interfaces.ECPrivateKey ec
                    ? new ECDSASigner(ec, Curve.forJWSAlgorithm(alg).iterator().next())
                    : new RSASSASigner(signer.privateKey());
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).x509CertChain(signer.x5c()).build(), claims);
            jwt.sign(jwsSigner);
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JWSAlgorithm algorithmFor(IssuedCertificate signer) {
        if (signer.privateKey() instanceof java.security.interfaces.ECPrivateKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() > 256 ? JWSAlgorithm.ES384 : JWSAlgorithm.ES256;
        }
        return JWSAlgorithm.RS256;
    }

    /** The token request form for a client assertion. */
    static Map<String, String> form(String grantType, String assertion) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grantType);
        form.put("client_assertion_type", JWT_BEARER);
        form.put("client_assertion", assertion);
        form.put("udap", "1");
        return form;
    }
}
