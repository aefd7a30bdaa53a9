package org.payerauth.udap.clientauth;

import com.nimbusds.jwt.SignedJWT;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.payerauth.oauth.JkuRule;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.b2b.AuthorizationExtensions;
import org.payerauth.b2b.B2bContext;
import org.payerauth.b2b.B2bPolicy;
import org.payerauth.udap.Reason;
import org.payerauth.udap.ReplayGuard;
import org.payerauth.udap.jose.ClaimRules;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.jose.X5cSignedJwt;
import org.payerauth.udap.pki.CertificateChainValidator;
import org.payerauth.udap.pki.Certificates;
import org.payerauth.udap.pki.TrustCommunity;

/**
 * UDAP JWT-based client authentication (udap.org JWT client auth §6; HL7 UDAP IG 2.0 §4.2/§5.2) for an app
 * registered through UDAP DCR, in this order: request shape (no {@code Authorization} header or client secret,
 * {@code client_assertion_type}, {@code udap=1}), the assertion's header and signature with its {@code x5c}
 * certificate, the chain to the anchors of the community the app registered in (validity, revocation), a SAN URI
 * of the certificate equal to the registered {@code iss} (a renewed certificate with the same SAN is fine),
 * no {@code jku} header (the key is the {@code x5c} certificate's; a key URL is neither fetched nor honoured,
 * {@link JkuRule}), {@code iss} = {@code sub} = {@code client_id} (and the {@code client_id} parameter), {@code aud} = the token
 * endpoint as one string, {@code exp}/{@code iat} (at most 300 s apart), {@code jti} single-use; then, for
 * {@code client_credentials}, the {@code hl7-b2b} extension and (STU2) {@code scope}. The {@code jti} is recorded
 * last. Errors: {@code invalid_client}, or {@code invalid_grant} / {@code invalid_request} for the B2B grant rules.
 */
public final class ClientAssertionValidator {

    public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /**
     * The token request, as far as client authentication is concerned.
     *
     * @param assertion           {@code client_assertion}
     * @param assertionType       {@code client_assertion_type}
     * @param clientIdParameter   {@code client_id}, if sent
     * @param authorizationHeader whether an {@code Authorization} header was sent
     * @param clientSecret        whether a {@code client_secret} parameter was sent
     * @param udap                {@code udap}
     * @param grantType           {@code grant_type}
     * @param scope               {@code scope}, if sent
     * @param parsedAssertion     {@code assertion} as the caller parsed it already (to find the client), or null
     */
    public record TokenRequest(String assertion, String assertionType, String clientIdParameter,
                               boolean authorizationHeader, boolean clientSecret, String udap, String grantType,
                               String scope, SignedJWT parsedAssertion) {

        public TokenRequest(String assertion, String assertionType, String clientIdParameter,
                            boolean authorizationHeader, boolean clientSecret, String udap, String grantType,
                            String scope) {
            this(assertion, assertionType, clientIdParameter, authorizationHeader, clientSecret, udap, grantType, scope, null);
        }
    }

    /**
     * The app's registration.
     *
     * @param clientId    the Keycloak client_id
     * @param iss         the registered app URI (SAN URI)
     * @param community   the community it registered in (null if that community no longer exists)
     * @param b2b         what the app's B2B context must be for client_credentials (its community's policy, or the
     *                    administrator's for this client)
     */
    public record Registration(String clientId, String iss, TrustCommunity community, B2bPolicy b2b) {

        /** A registration under the default B2B policy, {@code hl7-b2b} required or not. */
        public Registration(String clientId, String iss, TrustCommunity community, boolean b2bRequired) {
            this(clientId, iss, community, B2bPolicy.requiringHl7B2b(b2bRequired));
        }
    }

    /**
     * @param certificate the certificate that signed the assertion
     * @param thumbprint  its SHA-256 thumbprint
     * @param b2b         the B2B context of a client_credentials request from its authorization extensions, or null
     */
    public record Authenticated(X509Certificate certificate, String thumbprint, B2bContext b2b) {

        /** The accepted {@code hl7-b2b} extension (known members only), or null. */
        public Map<String, Object> hl7B2b() {
            return b2b == null ? null : b2b.hl7B2b();
        }
    }

    private final CertificateChainValidator chains;
    private final Clock clock;

    public ClientAssertionValidator(CertificateChainValidator chains, Clock clock) {
        this.chains = chains;
        this.clock = clock;
    }

    public Authenticated validate(TokenRequest request, Registration registration, String tokenEndpoint,
                                  RegistrationSettings settings, ReplayGuard replay,
                                  CertificateChainValidator.CrlSource crls, CertificateChainValidator.Warnings warnings)
            throws UdapException {
        if (request.authorizationHeader() || request.clientSecret()) {
            throw client("UDAP clients authenticate with client_assertion only: send no Authorization header and no client_secret");
        }
        if (!JWT_BEARER.equals(request.assertionType())) {
            throw client("client_assertion_type must be " + JWT_BEARER);
        }
        if (!"1".equals(request.udap())) {
            throw client("The udap parameter must be \"1\" for UDAP JWT-based client authentication");
        }
        X5cSignedJwt jwt = request.parsedAssertion() != null
                ? X5cSignedJwt.verify(request.parsedAssertion(), settings.algorithms(), settings.maxX5cCount(),
                        settings.maxX5cEntryBytes(), Reason.CLIENT_AUTHENTICATION_FAILED, "client assertion")
                : X5cSignedJwt.verify(request.assertion(), settings.algorithms(), settings.maxX5cCount(),
                        settings.maxX5cEntryBytes(), Reason.CLIENT_AUTHENTICATION_FAILED, "client assertion");
        java.util.Optional<String> jku = JkuRule.problem(jwt.jwt().getHeader().toJSONObject(), null);
        if (jku.isPresent()) {
            throw client(jku.get()); // the key is the x5c certificate's: a key URL is never fetched nor honoured
        }
        if (registration.community() == null) {
            throw client("The trust community this client registered in is no longer configured");
        }
        try {
            chains.validate(jwt.leaf(), jwt.others(), registration.community(), crls, warnings);
        } catch (UdapException e) {
            throw client(e.description());
        }
        if (!Certificates.sanUris(jwt.leaf()).contains(registration.iss())) {
            throw client("The assertion's certificate has no subjectAltName URI equal to the app's registered iss");
        }
        Map<String, Object> claims = jwt.claims();
        if (request.clientIdParameter() != null && !request.clientIdParameter().equals(registration.clientId())) {
            throw client("The client_id parameter does not match the assertion's sub");
        }
        Instant now = clock.instant();
        ClaimRules.Accepted accepted = ClaimRules.builder(Reason.CLIENT_AUTHENTICATION_FAILED, "client assertion")
                .exact("iss", registration.clientId(), "the client_id")
                .exact("sub", registration.clientId(), "the client_id")
                .audience(tokenEndpoint, "the token endpoint")
                .timeWindow(settings.maxStatementLifetime(), settings.clockSkew())
                .build()
                .verify(claims, now);

        B2bContext b2b = null;
        if ("client_credentials".equals(request.grantType())) {
            b2b = AuthorizationExtensions.read(claims.get("extensions"), registration.b2b());
            if (settings.mode() == RegistrationSettings.Mode.STU2 && (request.scope() == null || request.scope().isBlank())) {
                throw new UdapException(Reason.MISSING_TOKEN_PARAMETER, "scope is required for client_credentials (UDAP STU2)");
            }
        }

        if (replay.predatesRecord(accepted.issuedAt())) {
            throw client("This client assertion was signed before this server's replay record began (every node "
                    + "restarted since); sign a new one");
        }
        if (!replay.firstUse("udap-ant:" + registration.clientId() + ":" + accepted.jti(),
                accepted.replayLifespanSeconds(now, settings.clockSkew()))) {
            throw client("This client assertion (jti) was already used");
        }
        return new Authenticated(jwt.leaf(), Certificates.sha256Thumbprint(jwt.leaf()), b2b);
    }

    private static UdapException client(String description) {
        return UdapException.clientAuthentication(description);
    }
}
