package org.payerauth.udap.metadata;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.jose.ClaimRules;
import org.payerauth.udap.jose.X5cSignedJwt;
import org.payerauth.udap.pki.CertificateChainValidator;
import org.payerauth.udap.pki.Certificates;
import org.payerauth.udap.pki.CommunitySelection;
import org.payerauth.udap.pki.TrustCommunity;

/**
 * Verifies a peer's UDAP server metadata ({@code /.well-known/udap}, HL7 UDAP IG 2.0 §2.3; Tiered OAuth U4): the
 * {@code signed_metadata} JWT is signed with the key of its first {@code x5c} certificate (RS256/ES256/RS384/ES384),
 * that certificate chains to one of the given trust communities (validity, revocation), {@code iss} = {@code sub} =
 * the base URL the metadata was fetched for, which is also a SAN URI of the certificate, {@code exp}/{@code iat}
 * (at most a year apart) and {@code jti} are present and current, and {@code token_endpoint} and
 * {@code registration_endpoint} are signed. Signed values take precedence over the unsigned ones.
 *
 * <p>The caller gives the {@link Reason} every refusal carries (Tiered OAuth: {@link Reason#UNTRUSTED_IDENTITY_PROVIDER}).
 */
public final class SignedMetadataVerifier {

    /** signed_metadata lives at most a year (IG 2.0 §2.3). */
    public static final Duration MAX_LIFETIME = Duration.ofDays(365);
    /** Signed endpoint claims that take precedence over the unsigned document. */
    public static final List<String> SIGNED_ENDPOINTS = List.of("authorization_endpoint", "token_endpoint",
            "registration_endpoint");

    /**
     * Metadata that verified.
     *
     * @param issuer    the peer's base URL ({@code iss})
     * @param community the trust community its certificate chains to
     * @param signer    the certificate that signed {@code signed_metadata}
     * @param metadata  the document with the signed endpoint values in place of the unsigned ones
     * @param signed    the claims of {@code signed_metadata} alone (what the peer's certificate vouches for)
     * @param expiresAt the signed metadata's {@code exp}: how long this result may be reused
     */
    public record Verified(String issuer, TrustCommunity community, X509Certificate signer, Map<String, Object> metadata,
                           Map<String, Object> signed, Instant expiresAt) {

        /** A string member of the (signed-over-unsigned) metadata, or null. */
        public String string(String name) {
            return metadata.get(name) instanceof String s ? s : null;
        }

        /** A string claim of {@code signed_metadata} itself, or null (an unsigned value never counts here). */
        public String signedString(String name) {
            return signed.get(name) instanceof String s ? s : null;
        }
    }

    private final CertificateChainValidator chains;
    private final Clock clock;
    private final Duration clockSkew;

    public SignedMetadataVerifier(CertificateChainValidator chains, Clock clock, Duration clockSkew) {
        this.chains = chains;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    /**
     * @param metadata       the peer's {@code /.well-known/udap} JSON object
     * @param expectedIssuer the base URL the metadata was fetched for
     * @param communities    the communities that may vouch for the peer, the default first
     * @param algorithms     accepted JWS algorithms
     * @param reason         the reason of every refusal
     */
    public Verified verify(Map<String, Object> metadata, String expectedIssuer, List<TrustCommunity> communities,
                           Set<String> algorithms, CertificateChainValidator.CrlSource crls,
                           CertificateChainValidator.Warnings warnings, Reason reason) throws UdapException {
        Object signed = metadata.get("signed_metadata");
        if (!(signed instanceof String compact)) {
            throw new UdapException(reason, "The server metadata has no signed_metadata");
        }
        X5cSignedJwt jwt = X5cSignedJwt.verify(compact, algorithms, 5, 8 * 1024, reason, "signed_metadata");
        TrustCommunity community;
        try {
            community = CommunitySelection.firstTrusting(chains, jwt.leaf(), jwt.others(), communities, crls, warnings);
        } catch (UdapException e) {
            throw e.as(reason);
        }
        Map<String, Object> claims = jwt.claims();
        ClaimRules.Accepted accepted = ClaimRules.builder(reason, "signed_metadata")
                .exact("iss", expectedIssuer, "the base URL the metadata was fetched for: " + expectedIssuer)
                .exact("sub", expectedIssuer, "equal to iss")
                .timeWindow(MAX_LIFETIME, clockSkew)
                .build()
                .verify(claims, clock.instant());
        if (!Certificates.sanUris(jwt.leaf()).contains(expectedIssuer)) {
            throw new UdapException(reason, "The signed_metadata certificate has no subjectAltName URI equal to iss");
        }
        Map<String, Object> merged = new LinkedHashMap<>(metadata);
        for (String name : SIGNED_ENDPOINTS) {
            Object value = claims.get(name);
            if (value != null && !(value instanceof String)) {
                throw new UdapException(reason, "The signed " + name + " must be a string");
            }
            if (value != null) {
                merged.put(name, value);
            }
        }
        for (String required : List.of("token_endpoint", "registration_endpoint")) {
            if (claims.get(required) == null) {
                throw new UdapException(reason, "signed_metadata must sign " + required);
            }
        }
        return new Verified(expectedIssuer, community, jwt.leaf(), java.util.Collections.unmodifiableMap(merged),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(claims)), accepted.expiresAt());
    }
}
