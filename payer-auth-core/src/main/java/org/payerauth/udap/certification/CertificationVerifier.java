package org.payerauth.udap.certification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.payerauth.udap.Reason;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.jose.ClaimRules;
import org.payerauth.udap.jose.X5cSignedJwt;
import org.payerauth.udap.pki.CertificateChainValidator;
import org.payerauth.udap.pki.Certificates;

/**
 * Checks the {@code certifications} of a UDAP registration request against the certifications this server
 * understands (udap.org Certifications and Endorsements §6; UDAP Security IG STU2 §7.4). A certification whose
 * {@code certification_uris} name no understood certification is ignored (and nothing of it is fetched). An
 * understood one must: be a JWT signed with an allowed algorithm by the first {@code x5c} certificate, that certificate
 * chaining to the definition's certifier anchors with validity and revocation; {@code iss} = a SAN URI of it;
 * {@code sub} = the app's URI; {@code aud}, if present, name this registration endpoint; {@code exp} in the future and
 * at most three years after {@code iat}; a {@code jti}; {@code certification_name} as the definition says; and
 * {@code grant_types} (authorization_code or client_credentials, not both) covering the registration's. Each refusal
 * is {@link Reason#UNAPPROVED_CERTIFICATION} naming the certification; so is a required certification that is missing.
 */
public final class CertificationVerifier {

    /** The longest a certification may live: {@code exp} at most three years after {@code iat} (IG §7.4). */
    public static final Duration MAX_LIFETIME = Duration.ofDays(3 * 366);
    /** The most certifications one request may carry. */
    public static final int MAX_CERTIFICATIONS = 16;

    private final CertificateChainValidator chains;
    private final Clock clock;

    public CertificationVerifier(CertificateChainValidator chains, Clock clock) {
        this.chains = chains;
        this.clock = clock;
    }

    /**
     * @param certifications       the request's {@code certifications} (compact JWTs)
     * @param appUri               the app's URI (the software statement's {@code iss})
     * @param grantTypes           the registration's grant types
     * @param registrationEndpoint this endpoint's URL
     * @param definitions          the certifications this server understands
     * @return the accepted certifications, in the request's order
     */
    public List<AcceptedCertification> verify(List<String> certifications, String appUri, Collection<String> grantTypes,
                                              String registrationEndpoint, List<CertificationDefinition> definitions,
                                              RegistrationSettings settings, CertificateChainValidator.CrlSource crls,
                                              CertificateChainValidator.Warnings warnings) throws UdapException {
        if (certifications.size() > MAX_CERTIFICATIONS) {
            throw refuse("Too many certifications: at most " + MAX_CERTIFICATIONS);
        }
        List<AcceptedCertification> accepted = new ArrayList<>();
        for (String certification : certifications) {
            Optional<CertificationDefinition> definition = understood(certification, definitions);
            if (definition.isPresent()) {
                accepted.add(verifyOne(certification, definition.get(), appUri, grantTypes, registrationEndpoint,
                        settings, crls, warnings));
            }
        }
        for (CertificationDefinition definition : definitions) {
            if (definition.required() && accepted.stream().noneMatch(a -> a.uri().equals(definition.uri()))) {
                throw refuse("Missing required certification: " + definition.label()
                        + "; add it to the registration request's certifications");
            }
        }
        return accepted;
    }

    /** The understood certification a JWT names in {@code certification_uris}, read without trusting it yet. */
    private static Optional<CertificationDefinition> understood(String certification, List<CertificationDefinition> definitions) {
        Object uris;
        try {
            uris = com.nimbusds.jwt.SignedJWT.parse(certification).getJWTClaimsSet().getClaim("certification_uris");
        } catch (java.text.ParseException | RuntimeException e) {
            return Optional.empty(); // not even a JWT: nothing this server understands
        }
        if (!(uris instanceof List<?> list)) {
            return Optional.empty();
        }
        return definitions.stream().filter(d -> list.contains(d.uri())).findFirst();
    }

    private AcceptedCertification verifyOne(String certification, CertificationDefinition definition, String appUri,
                                            Collection<String> grantTypes, String registrationEndpoint,
                                            RegistrationSettings settings, CertificateChainValidator.CrlSource crls,
                                            CertificateChainValidator.Warnings warnings) throws UdapException {
        String label = definition.label();
        try {
            X5cSignedJwt jwt = X5cSignedJwt.verify(certification, settings.algorithms(), settings.maxX5cCount(),
                    settings.maxX5cEntryBytes(), Reason.UNAPPROVED_CERTIFICATION, "certification");
            chains.validate(jwt.leaf(), jwt.others(), definition.certifiers(), crls, warnings);
            Map<String, Object> claims = jwt.claims();
            Object iss = claims.get("iss");
            if (!(iss instanceof String issuer) || !Certificates.sanUris(jwt.leaf()).contains(issuer)) {
                throw refuse("iss must be a subjectAltName URI of the certifier's certificate");
            }
            Instant now = clock.instant();
            ClaimRules.Accepted times = ClaimRules.builder(Reason.UNAPPROVED_CERTIFICATION, "certification")
                    .exact("sub", appUri, "the app's URI (the software statement's iss)")
                    .timeWindow(MAX_LIFETIME, settings.clockSkew())
                    .build()
                    .verify(claims, now);
            audience(claims.get("aud"), registrationEndpoint);
            if (definition.name() != null && !definition.name().equals(claims.get("certification_name"))) {
                throw refuse("certification_name must be \"" + definition.name() + "\"");
            }
            grantTypes(claims.get("grant_types"), grantTypes);
            Object extensions = claims.get("extensions");
            if (extensions != null && !(extensions instanceof Map)) {
                throw refuse("extensions must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> ext = extensions == null ? Map.of() : new LinkedHashMap<>((Map<String, Object>) extensions);
            Object name = claims.get("certification_name");
            return new AcceptedCertification(definition.uri(), name instanceof String s ? s : definition.name(), issuer,
                    times.issuedAt(), times.expiresAt(), ext, definition.privacy(), certification);
        } catch (UdapException e) {
            throw new UdapException(Reason.UNAPPROVED_CERTIFICATION, "Certification " + label + " is not valid: "
                    + e.description(), e.detail());
        }
    }

    private static void audience(Object aud, String registrationEndpoint) throws UdapException {
        if (aud == null) {
            return; // for every authorization server
        }
        boolean named = aud instanceof String value ? value.equals(registrationEndpoint)
                : aud instanceof List<?> values && values.contains(registrationEndpoint);
        if (!named) {
            throw refuse("aud names other registration endpoints than this one (" + registrationEndpoint + ")");
        }
    }

    private static void grantTypes(Object value, Collection<String> registered) throws UdapException {
        if (!(value instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(String.class::isInstance)) {
            throw refuse("grant_types must be an array of grant types");
        }
        Set<Object> certified = Set.copyOf(list);
        if (certified.contains("authorization_code") == certified.contains("client_credentials")) {
            throw refuse("grant_types must include authorization_code or client_credentials, not both");
        }
        if (certified.contains("refresh_token") && !certified.contains("authorization_code")) {
            throw refuse("grant_types may include refresh_token only with authorization_code");
        }
        for (String grant : registered) {
            if (!certified.contains(grant)) {
                throw refuse("the registration asks for the grant type " + grant + ", which the certification does not cover");
            }
        }
    }

    private static UdapException refuse(String description) {
        return new UdapException(Reason.UNAPPROVED_CERTIFICATION, description);
    }
}
