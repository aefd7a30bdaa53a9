package org.payerauth.udap.registration;

import org.payerauth.udap.certification.AcceptedCertification;
import org.payerauth.udap.certification.CertificationDefinition;
import org.payerauth.udap.certification.CertificationVerifier;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.payerauth.udap.Reason;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.ReplayGuard;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.jose.ClaimRules;
import org.payerauth.udap.jose.X5cSignedJwt;
import org.payerauth.udap.pki.CertificateChainValidator;
import org.payerauth.udap.pki.Certificates;
import org.payerauth.udap.pki.CommunitySelection;
import org.payerauth.udap.pki.TrustCommunity;

/**
 * Validates a UDAP Dynamic Client Registration request (udap.org DCR §4 as the HL7 UDAP Security IG requires it), in
 * this order: the request body ({@link RegistrationRequest}), the software statement's header ({@code alg},
 * {@code x5c}) and signature with the {@code x5c} certificate ({@link X5cSignedJwt}), the certificate chain to a
 * trust community anchor with validity and revocation ({@link CommunitySelection}), {@code iss} = a SAN URI of that
 * certificate, then the claim rules ({@link ClaimRules}: {@code sub} = {@code iss}, {@code aud} = this registration
 * endpoint, {@code exp}/{@code iat} at most 5 minutes apart, {@code jti}), then the registration parameters
 * ({@link ClientMetadataValidator}), then the certifications the app's community defines
 * ({@link CertificationVerifier}). The {@code jti} is recorded in the replay guard last, so a rejected request
 * leaves nothing behind.
 *
 * <p>Errors ({@link Reason}): {@code invalid_software_statement} (the JWT), {@code unapproved_software_statement}
 * (trust), {@code invalid_client_metadata} and {@code invalid_redirect_uri} (the request and parameters).
 */
public final class SoftwareStatementValidator {

    private final CertificateChainValidator chains;
    private final Clock clock;
    private final java.util.function.Function<TrustCommunity, List<CertificationDefinition>> certifications;

    public SoftwareStatementValidator(CertificateChainValidator chains, Clock clock) {
        this(chains, clock, community -> List.of());
    }

    /** @param certifications the certifications this server understands for apps of a community */
    public SoftwareStatementValidator(CertificateChainValidator chains, Clock clock,
                                      java.util.function.Function<TrustCommunity, List<CertificationDefinition>> certifications) {
        this.chains = chains;
        this.clock = clock;
        this.certifications = certifications;
    }

    /**
     * @param body                 the HTTP request body
     * @param registrationEndpoint this endpoint's URL, exactly as advertised in metadata
     * @param communities          the realm's trust communities (the default one first)
     */
    public ValidatedRegistration validate(String body, String registrationEndpoint, List<TrustCommunity> communities,
                                          RegistrationSettings settings, ReplayGuard replay,
                                          CertificateChainValidator.CrlSource crls,
                                          CertificateChainValidator.Warnings warnings) throws UdapException {
        return validate(body, registrationEndpoint, communities, settings, replay, RegistrationGate.OPEN, crls, warnings);
    }

    /**
     * As above, with the server's own {@code gate} asked after every UDAP check and before the {@code jti} is
     * recorded.
     */
    public ValidatedRegistration validate(String body, String registrationEndpoint, List<TrustCommunity> communities,
                                          RegistrationSettings settings, ReplayGuard replay, RegistrationGate gate,
                                          CertificateChainValidator.CrlSource crls,
                                          CertificateChainValidator.Warnings warnings) throws UdapException {
        RegistrationRequest request = RegistrationRequest.parse(body, settings);
        X5cSignedJwt jwt = X5cSignedJwt.verify(request.softwareStatement(), settings.algorithms(),
                settings.maxX5cCount(), settings.maxX5cEntryBytes(), Reason.INVALID_SOFTWARE_STATEMENT,
                "software statement");
        TrustCommunity community = CommunitySelection.firstTrusting(chains, jwt.leaf(), jwt.others(), communities,
                crls, warnings);
        Map<String, Object> claims = jwt.claims();

        Object iss = claims.get("iss");
        if (iss == null) {
            throw UdapException.invalidStatement("Missing claim: iss (the app's URI, a SAN URI of its certificate)");
        }
        if (!(iss instanceof String appUri)) {
            throw UdapException.invalidStatement("iss must be a string");
        }
        if (!Certificates.sanUris(jwt.leaf()).contains(appUri)) {
            throw UdapException.invalidStatement("The iss claim does not match any subjectAltName URI of the signing certificate");
        }
        Instant now = clock.instant();
        ClaimRules.Accepted statement = ClaimRules.builder(Reason.INVALID_SOFTWARE_STATEMENT, "software statement")
                .exact("sub", appUri, "equal to iss")
                .audience(registrationEndpoint, "this registration endpoint")
                .timeWindow(settings.maxStatementLifetime(), settings.clockSkew())
                .build()
                .verify(claims, now);

        ClientMetadata metadata = ClientMetadataValidator.validate(claims, settings);
        List<AcceptedCertification> accepted = metadata.isCancel() ? List.of()
                : new CertificationVerifier(chains, clock).verify(request.certifications(), appUri, metadata.grantTypes(),
                        registrationEndpoint, certifications.apply(community), settings, crls, warnings);
        gate.admit(appUri, community, metadata);

        if (replay.predatesRecord(statement.issuedAt())) {
            throw UdapException.invalidStatement("This software statement was signed before this server's replay "
                    + "record began (every node restarted since); sign a new one");
        }
        if (!replay.firstUse("udap-dcr:" + appUri + ":" + statement.jti(),
                statement.replayLifespanSeconds(now, settings.clockSkew()))) {
            throw UdapException.invalidStatement("This software statement (jti) was already used; sign a new one");
        }
        return new ValidatedRegistration(request.softwareStatement(), appUri, community, jwt.leaf(),
                Certificates.sha256Thumbprint(jwt.leaf()), statement.jti(), statement.expiresAt(), metadata, accepted);
    }
}
