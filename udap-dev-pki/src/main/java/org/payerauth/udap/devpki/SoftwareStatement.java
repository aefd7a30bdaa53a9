package org.payerauth.udap.devpki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Builder of a UDAP software statement (a JWT signed with the client certificate's key, {@code x5c} header).
 *
 * <p>Claims live in one ordered map; every setter replaces a claim and a {@code null} value removes it, so tests
 * can produce statements with missing or odd claims. {@code iat} and {@code exp} are epoch seconds;
 * {@link #issuedAt(Instant)} and {@link #lifetime(Duration)} keep {@code exp = iat + lifetime}.
 */
public final class SoftwareStatement {

    /** Default lifetime (UDAP caps software statements at 5 minutes). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private final Map<String, Object> claims = new LinkedHashMap<>();
    private Duration lifetime = DEFAULT_LIFETIME;

    private SoftwareStatement(String iss, String registrationEndpoint) {
        Instant now = Instant.now();
        claim("iss", iss);
        claim("sub", iss);
        claim("aud", registrationEndpoint);
        claim("iat", now);
        claim("exp", now.plus(lifetime));
        claim("jti", UUID.randomUUID().toString());
    }

    /**
     * A statement for an authorization_code client: response_types [code], private_key_jwt, client_name
     * "Dev App", contacts, logo_uri, redirect_uris [https://example.org/callback] and a patient-facing scope.
     */
    public static SoftwareStatement authorizationCode(String iss, String registrationEndpoint) {
        return new SoftwareStatement(iss, registrationEndpoint)
                .clientName("Dev App")
                .redirectUris(List.of("https://example.org/callback"))
                .contacts(List.of("mailto:dev@example.org"))
                .logoUri("https://example.org/logo.png")
                .grantTypes(List.of("authorization_code"))
                .responseTypes(List.of("code"))
                .tokenEndpointAuthMethod("private_key_jwt")
                .scope("openid fhirUser launch/patient patient/*.read");
    }

    /** A statement for a client_credentials (B2B) client: no redirect_uris, response_types or logo_uri. */
    public static SoftwareStatement clientCredentials(String iss, String registrationEndpoint) {
        return new SoftwareStatement(iss, registrationEndpoint)
                .clientName("Dev App")
                .contacts(List.of("mailto:dev@example.org"))
                .grantTypes(List.of("client_credentials"))
                .tokenEndpointAuthMethod("private_key_jwt")
                .scope("system/*.read");
    }

    // ------------------------------------------------------------------ claims

    public SoftwareStatement clientName(String name) {
        return claim("client_name", name);
    }

    public SoftwareStatement redirectUris(List<String> uris) {
        return claim("redirect_uris", uris);
    }

    public SoftwareStatement contacts(List<String> contacts) {
        return claim("contacts", contacts);
    }

    public SoftwareStatement logoUri(String uri) {
        return claim("logo_uri", uri);
    }

    /** An empty list is kept and serialized as {@code "grant_types":[]} (UDAP cancel registration). */
    public SoftwareStatement grantTypes(List<String> grantTypes) {
        return claim("grant_types", grantTypes);
    }

    public SoftwareStatement responseTypes(List<String> responseTypes) {
        return claim("response_types", responseTypes);
    }

    public SoftwareStatement scope(String scope) {
        return claim("scope", scope);
    }

    public SoftwareStatement tokenEndpointAuthMethod(String method) {
        return claim("token_endpoint_auth_method", method);
    }

    /** Sets {@code exp = iat + lifetime} (iat = now if it was removed). */
    public SoftwareStatement lifetime(Duration lifetime) {
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        Object iat = claims.get("iat");
        Instant base = iat instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : Instant.now();
        return claim("exp", base.plus(lifetime));
    }

    /** Sets {@code iat} and {@code exp = iat + lifetime}. */
    public SoftwareStatement issuedAt(Instant issuedAt) {
        Objects.requireNonNull(issuedAt, "issuedAt");
        claim("iat", issuedAt);
        return claim("exp", issuedAt.plus(lifetime));
    }

    public SoftwareStatement jti(String jti) {
        return claim("jti", jti);
    }

    public SoftwareStatement sub(String sub) {
        return claim("sub", sub);
    }

    public SoftwareStatement aud(String aud) {
        return claim("aud", aud);
    }

    /**
     * Sets any claim; {@code null} removes it. {@link Instant} and {@link Date} become epoch seconds, collections
     * are copied to lists.
     */
    public SoftwareStatement claim(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            claims.remove(name);
        } else if (value instanceof Instant instant) {
            claims.put(name, instant.getEpochSecond());
        } else if (value instanceof Date date) {
            claims.put(name, date.toInstant().getEpochSecond());
        } else if (value instanceof Collection<?> collection) {
            claims.put(name, Collections.unmodifiableList(new ArrayList<>(collection)));
        } else {
            claims.put(name, value);
        }
        return this;
    }

    /** The current claims, in insertion order (a snapshot). */
    public Map<String, Object> claims() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    // ------------------------------------------------------------------ signing

    /** Signs with the certificate's key (RS256 for RSA, ES256 for P-256, ES384 for P-384); x5c = its chain. */
    public String sign(IssuedCertificate signer) {
        return sign(signer, defaultAlgorithm(signer.privateKey()));
    }

    public String sign(IssuedCertificate signer, JWSAlgorithm alg) {
        return signWith(signer.privateKey(), alg, signer.chain());
    }

    /** Signs with any key while advertising the given {@code x5c} chain (for bad-signature negative tests). */
    public String signWith(PrivateKey key, JWSAlgorithm alg, List<X509Certificate> x5c) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(alg, "alg");
        JWSHeader header = new JWSHeader.Builder(alg).x509CertChain(IssuedCertificate.toX5c(x5c)).build();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(header, builder.build());
        try {
            jwt.sign(signerFor(key));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Cannot sign software statement with " + alg + ": " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** The registration request body {@code {"software_statement":…,"certifications":[],"udap":"1"}}. */
    public static String registrationRequest(String signedStatement) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("software_statement", Objects.requireNonNull(signedStatement, "signedStatement"));
        body.put("certifications", List.of());
        body.put("udap", "1");
        return JSONObjectUtils.toJSONString(body);
    }

    static JWSAlgorithm defaultAlgorithm(PrivateKey key) {
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
                    break;
            }
            throw new IllegalArgumentException("Unsupported EC field size " + bits);
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
