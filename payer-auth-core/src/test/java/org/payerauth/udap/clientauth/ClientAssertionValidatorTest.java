package org.payerauth.udap.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.payerauth.oauth.OAuthErrorCodes.INVALID_CLIENT;
import static org.payerauth.oauth.OAuthErrorCodes.INVALID_REQUEST;
import static org.payerauth.udap.clientauth.ClientAssertionValidator.JWT_BEARER;
import static org.payerauth.oauth.OAuthErrorCodes.INVALID_GRANT;

import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.payerauth.udap.Reason;
import org.payerauth.udap.ReplayGuard;
import org.payerauth.oauth.OAuthErrorCodes;
import org.payerauth.udap.clientauth.ClientAssertionValidator.Authenticated;
import org.payerauth.udap.clientauth.ClientAssertionValidator.Registration;
import org.payerauth.udap.clientauth.ClientAssertionValidator.TokenRequest;
import org.payerauth.udap.TestSupport.InMemoryCrls;
import org.payerauth.udap.TestSupport.RecordingWarnings;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IntermediateSpec;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.TestSupport;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.pki.CertificateChainValidator;
import org.payerauth.udap.pki.Certificates;
import org.payerauth.udap.pki.TrustCommunity;
import org.payerauth.udap.registration.SoftwareStatementValidator;

/**
 * UDAP JWT-based client authentication (udap.org JWT client auth §6, HL7 UDAP Security IG 2.0 §4.2 / §5.2) of an
 * app registered through UDAP DCR: request shape, the assertion's x5c signature, trust in the registered community,
 * SAN = registered iss, iss = sub = client_id, aud, exp / iat, single-use jti, and for client_credentials the
 * hl7-b2b extension and (STU2) scope, each with the error code the spec names.
 */
class ClientAssertionValidatorTest {

    private static final String TOKEN = "https://auth.example.org/realms/payer/protocol/openid-connect/token";
    private static final String CLIENT_ID = "3f1c9a52-7b0e-4d8a-9c61-5e2f0b7d4a18";
    private static final String OTHER_CLIENT_ID = "8d2e4b71-1a3c-4f5e-b6d7-9e0f1a2b3c4d";
    private static final String ISS = "https://apps.example.org/b2b-app";
    private static final String ISS_OTHER = "https://apps.example.org/another-app";
    private static final String A = "https://community-a.example.org";
    private static final String B = "https://community-b.example.org";
    private static final String A_ROOT_CRL = "http://crl.community-a.example.org/root.crl";
    private static final String A_CA_CRL = "http://crl.community-a.example.org/ca.crl";
    private static final String B_ROOT_CRL = "http://crl.community-b.example.org/root.crl";
    private static final String B_CA_CRL = "http://crl.community-b.example.org/ca.crl";
    private static final String CC = "client_credentials";
    private static final String AC = "authorization_code";
    private static final String SCOPE = "system/Patient.read system/Coverage.read";
    private static final String ORG = "https://payer.example.org/organizations/42";

    private static CertificateAuthority caA;
    private static IssuedCertificate rsaApp;
    private static IssuedCertificate ec256App;
    private static IssuedCertificate ec384App;
    private static IssuedCertificate renewedApp;
    private static IssuedCertificate otherSanApp;
    private static IssuedCertificate expiredApp;
    private static IssuedCertificate revokedApp;
    private static IssuedCertificate communityBApp;
    private static X509CRL rootACrl;
    private static X509CRL caACrl;
    private static X509CRL rootBCrl;
    private static X509CRL caBCrl;
    private static TrustCommunity communityA;

    private static Instant now;
    private static Clock clock;

    private final InMemoryCrls crls = new InMemoryCrls()
            .serve(A_ROOT_CRL, rootACrl).serve(A_CA_CRL, caACrl).serve(B_ROOT_CRL, rootBCrl).serve(B_CA_CRL, caBCrl);
    private final RecordingWarnings warnings = new RecordingWarnings();
    private final Replay replay = new Replay();

    /** Single-use store fake: remembers keys, records every key and lifespan it is asked about. */
    static final class Replay implements ReplayGuard {
        final Set<String> used = new HashSet<>();
        final List<String> keys = new ArrayList<>();
        final List<Long> lifespans = new ArrayList<>();

        @Override
        public synchronized boolean firstUse(String key, long lifespanSeconds) {
            keys.add(key);
            lifespans.add(lifespanSeconds);
            return used.add(key);
        }

        int calls() {
            return keys.size();
        }
    }

    @BeforeAll
    static void pki() {
        CertificateAuthority rootA = CertificateAuthority.newRoot("Client Auth Community A Root", KeyAlgorithm.EC_P256);
        caA = rootA.newIntermediate("Client Auth Community A CA", KeyAlgorithm.EC_P256,
                IntermediateSpec.defaults().withCrlUrl(A_ROOT_CRL));
        CertificateAuthority rootB = CertificateAuthority.newRoot("Client Auth Community B Root", KeyAlgorithm.EC_P256);
        CertificateAuthority caB = rootB.newIntermediate("Client Auth Community B CA", KeyAlgorithm.EC_P256,
                IntermediateSpec.defaults().withCrlUrl(B_ROOT_CRL));
        rsaApp = caA.issue(LeafSpec.builder("B2B App (RSA)").sanUri(ISS).crlUrl(A_CA_CRL).build());
        ec256App = caA.issue(LeafSpec.builder("B2B App (P-256)").sanUri(ISS).crlUrl(A_CA_CRL)
                .keyAlgorithm(KeyAlgorithm.EC_P256).build());
        ec384App = caA.issue(LeafSpec.builder("B2B App (P-384)").sanUri(ISS).crlUrl(A_CA_CRL)
                .keyAlgorithm(KeyAlgorithm.EC_P384).build());
        renewedApp = caA.issue(LeafSpec.builder("B2B App (renewed)").sanUri(ISS).crlUrl(A_CA_CRL)
                .keyAlgorithm(KeyAlgorithm.EC_P256).build());
        otherSanApp = caA.issue(LeafSpec.builder("Another App").sanUri(ISS_OTHER).crlUrl(A_CA_CRL)
                .keyAlgorithm(KeyAlgorithm.EC_P256).build());
        Instant issuedAt = Instant.now();
        expiredApp = caA.issue(LeafSpec.builder("B2B App (expired)").sanUri(ISS).crlUrl(A_CA_CRL)
                .keyAlgorithm(KeyAlgorithm.EC_P256)
                .validity(issuedAt.minus(Duration.ofDays(30)), issuedAt.minus(Duration.ofDays(1))).build());
        revokedApp = caA.issue(LeafSpec.builder("B2B App (revoked)").sanUri(ISS).crlUrl(A_CA_CRL)
                .keyAlgorithm(KeyAlgorithm.EC_P256).build());
        caA.revoke(revokedApp.certificate().getSerialNumber());
        // same SAN as the registered app, but issued in community B
        communityBApp = caB.issue(LeafSpec.builder("B2B App (community B)").sanUri(ISS).crlUrl(B_CA_CRL)
                .keyAlgorithm(KeyAlgorithm.EC_P256).build());
        rootACrl = rootA.crl();
        caACrl = caA.crl();
        rootBCrl = rootB.crl();
        caBCrl = caB.crl();
        communityA = TestSupport.community(A, rootA.certificate());
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock = TestSupport.fixedClock(now);
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, Object> minimalB2b() {
        Map<String, Object> b2b = new LinkedHashMap<>();
        b2b.put("version", "1");
        b2b.put("organization_id", ORG);
        b2b.put("purpose_of_use", List.of("SYSDEV"));
        return b2b;
    }

    /** Valid client_credentials assertion claims: iss = sub = client_id, aud = token endpoint, 5 minutes, hl7-b2b. */
    private static Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", CLIENT_ID);
        claims.put("sub", CLIENT_ID);
        claims.put("aud", TOKEN);
        claims.put("exp", now.plus(Duration.ofMinutes(5)).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("extensions", new LinkedHashMap<>(Map.of(org.payerauth.b2b.AuthorizationExtensions.HL7_B2B, minimalB2b())));
        return claims;
    }

    private static Map<String, Object> claims(Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = claims();
        change.accept(claims);
        return claims;
    }

    private static JWSAlgorithm algorithmFor(IssuedCertificate issued) {
        return switch (KeyAlgorithm.of(issued.privateKey())) {
            case EC_P256 -> JWSAlgorithm.ES256;
            case EC_P384 -> JWSAlgorithm.ES384;
            default -> JWSAlgorithm.RS256;
        };
    }

    /** The claims signed exactly as given (JSON types kept) by {@code issued}, its chain in {@code x5c}. */
    private static String sign(Map<String, Object> claims, IssuedCertificate issued) {
        return TestSupport.signClaims(claims, issued.privateKey(), algorithmFor(issued), issued.x5c());
    }

    private static String sign(Map<String, Object> claims) {
        return sign(claims, rsaApp);
    }

    private static TokenRequest cc(String assertion) {
        return new TokenRequest(assertion, JWT_BEARER, CLIENT_ID, false, false, "1", CC, SCOPE);
    }

    private static TokenRequest ccWithScope(String assertion, String scope) {
        return new TokenRequest(assertion, JWT_BEARER, CLIENT_ID, false, false, "1", CC, scope);
    }

    private static TokenRequest ac(String assertion) {
        return new TokenRequest(assertion, JWT_BEARER, CLIENT_ID, false, false, "1", AC, null);
    }

    private static Registration registration() {
        return new Registration(CLIENT_ID, ISS, communityA, true);
    }

    private Authenticated authenticate(TokenRequest request, Registration registration, RegistrationSettings settings,
                                       ReplayGuard guard) throws UdapException {
        ClientAssertionValidator validator =
                new ClientAssertionValidator(new CertificateChainValidator(clock, Duration.ofMinutes(10)), clock);
        return validator.validate(request, registration, TOKEN, settings, guard, crls, warnings);
    }

    private Authenticated authenticate(TokenRequest request, Registration registration, RegistrationSettings settings)
            throws UdapException {
        return authenticate(request, registration, settings, replay);
    }

    private Authenticated authenticate(TokenRequest request, Registration registration) throws UdapException {
        return authenticate(request, registration, RegistrationSettings.defaults());
    }

    private Authenticated authenticate(TokenRequest request) throws UdapException {
        return authenticate(request, registration());
    }

    private UdapException rejected(String expectedError, TokenRequest request, Registration registration,
                                   RegistrationSettings settings, ReplayGuard guard) {
        UdapException e = assertThrows(UdapException.class, () -> authenticate(request, registration, settings, guard));
        assertEquals(expectedError, e.error(), () -> "description: " + e.description());
        assertFalse(e.description() == null || e.description().isBlank());
        return e;
    }

    private UdapException rejected(String expectedError, TokenRequest request, Registration registration,
                                   RegistrationSettings settings) {
        return rejected(expectedError, request, registration, settings, replay);
    }

    private UdapException rejected(String expectedError, TokenRequest request, Registration registration) {
        return rejected(expectedError, request, registration, RegistrationSettings.defaults());
    }

    private UdapException rejected(String expectedError, TokenRequest request) {
        return rejected(expectedError, request, registration());
    }

    /** Rejected, and the jti was not consumed. */
    private UdapException rejectedWithoutRecordingJti(String expectedError, TokenRequest request) {
        UdapException e = rejected(expectedError, request);
        assertEquals(0, replay.calls(), "the replay guard must only be called for an otherwise valid request");
        return e;
    }

    /** Accepted assertions. */
    @Nested
    class AcceptedAssertions {

        static Stream<Arguments> signingKeys() {
            return Stream.of(arguments(named("RS256 / RSA 2048", (Supplier<IssuedCertificate>) () -> rsaApp)),
                    arguments(named("ES256 / P-256", (Supplier<IssuedCertificate>) () -> ec256App)),
                    arguments(named("ES384 / P-384", (Supplier<IssuedCertificate>) () -> ec384App)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("signingKeys")
        void client_auth_accepts_RS256_ES256_ES384_assertions_chaining_to_the_registered_community(
                Supplier<IssuedCertificate> signer) throws Exception {
            IssuedCertificate issued = signer.get();
            Map<String, Object> claims = claims();
            String assertion = sign(claims, issued);
            assertEquals(algorithmFor(issued), SignedJWT.parse(assertion).getHeader().getAlgorithm());

            Authenticated authenticated = authenticate(cc(assertion));

            assertEquals(issued.certificate(), authenticated.certificate());
            assertEquals(issued.sha256Thumbprint(), authenticated.thumbprint());
            assertEquals(Certificates.sha256Thumbprint(issued.certificate()), authenticated.thumbprint());
            assertEquals(minimalB2b(), authenticated.hl7B2b());
            assertEquals(List.of("udap-ant:" + CLIENT_ID + ":" + claims.get("jti")), replay.keys);
            assertEquals(List.of(), warnings.messages);
            assertTrue(crls.fetched.stream().anyMatch(u -> u.toString().equals(A_CA_CRL)),
                    "revocation is checked at the certificate's distribution point: " + crls.fetched);
        }

        @Test
        void client_auth_accepts_a_renewed_certificate_with_the_same_SAN_from_the_same_community() throws Exception {
            assertFalse(renewedApp.certificate().getPublicKey().equals(rsaApp.certificate().getPublicKey()));
            Authenticated authenticated = authenticate(cc(sign(claims(), renewedApp)));
            assertEquals(renewedApp.certificate(), authenticated.certificate());
            assertEquals(renewedApp.sha256Thumbprint(), authenticated.thumbprint());
        }

        @Test
        void client_auth_accepts_the_assertion_as_the_caller_parsed_it_already() throws Exception {
            String assertion = sign(claims());
            TokenRequest request = new TokenRequest(assertion, JWT_BEARER, CLIENT_ID, false, false, "1", CC, SCOPE,
                    SignedJWT.parse(assertion));
            assertEquals(rsaApp.certificate(), authenticate(request).certificate());
        }

        @Test
        void client_auth_accepts_a_request_without_the_client_id_parameter() throws Exception {
            TokenRequest request = new TokenRequest(sign(claims()), JWT_BEARER, null, false, false, "1", CC, SCOPE);
            assertEquals(rsaApp.certificate(), authenticate(request).certificate());
        }

        @Test
        void client_auth_keeps_the_jti_at_least_until_the_assertion_expires_plus_the_clock_skew() throws Exception {
            authenticate(cc(sign(claims())));
            RegistrationSettings settings = RegistrationSettings.defaults();
            assertEquals(List.of(Duration.ofMinutes(5).plus(settings.clockSkew()).toSeconds()), replay.lifespans);
        }

        @Test
        void client_auth_tolerates_exp_just_past_within_the_clock_skew() throws Exception {
            Instant iat = now.minus(Duration.ofMinutes(5)).minusSeconds(30);
            authenticate(cc(sign(claims(c -> {
                c.put("iat", iat.getEpochSecond());
                c.put("exp", iat.plus(Duration.ofMinutes(5)).getEpochSecond());
            }))));
            assertTrue(replay.lifespans.get(0) >= 1, replay.lifespans.toString());
        }

        @Test
        void client_auth_accepts_exp_exactly_300_seconds_after_iat() throws Exception {
            authenticate(cc(sign(claims(c -> c.put("exp", now.plusSeconds(300).getEpochSecond())))));
        }
    }

    /** Request shape. */
    @Nested
    class RequestShape {

        static Stream<Arguments> malformedRequests() {
            return Stream.of(
                    arguments(named("Authorization header present",
                            (Function<String, TokenRequest>) a -> new TokenRequest(a, JWT_BEARER, CLIENT_ID, true, false, "1", CC, SCOPE))),
                    arguments(named("client_secret present",
                            (Function<String, TokenRequest>) a -> new TokenRequest(a, JWT_BEARER, CLIENT_ID, false, true, "1", CC, SCOPE))),
                    arguments(named("client_assertion_type missing",
                            (Function<String, TokenRequest>) a -> new TokenRequest(a, null, CLIENT_ID, false, false, "1", CC, SCOPE))),
                    arguments(named("client_assertion_type saml2-bearer",
                            (Function<String, TokenRequest>) a -> new TokenRequest(a,
                                    "urn:ietf:params:oauth:client-assertion-type:saml2-bearer", CLIENT_ID, false, false, "1", CC, SCOPE))),
                    arguments(named("client_assertion_type with a trailing space",
                            (Function<String, TokenRequest>) a -> new TokenRequest(a, JWT_BEARER + " ", CLIENT_ID, false, false, "1", CC, SCOPE))),
                    arguments(named("udap missing",
                            (Function<String, TokenRequest>) a -> new TokenRequest(a, JWT_BEARER, CLIENT_ID, false, false, null, CC, SCOPE))),
                    arguments(named("udap \"2\"",
                            (Function<String, TokenRequest>) a -> new TokenRequest(a, JWT_BEARER, CLIENT_ID, false, false, "2", CC, SCOPE))),
                    arguments(named("udap \"true\"",
                            (Function<String, TokenRequest>) a -> new TokenRequest(a, JWT_BEARER, CLIENT_ID, false, false, "true", CC, SCOPE))),
                    arguments(named("udap empty",
                            (Function<String, TokenRequest>) a -> new TokenRequest(a, JWT_BEARER, CLIENT_ID, false, false, "", CC, SCOPE))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("malformedRequests")
        void client_auth_rejects_a_malformed_token_request__invalid_client(Function<String, TokenRequest> request) {
            rejectedWithoutRecordingJti(INVALID_CLIENT, request.apply(sign(claims())));
            assertEquals(0, crls.fetchCount(), "nothing is fetched for a malformed request");
        }
    }

    /** JWS header and signature. */
    @Nested
    class JWSHeaderAndSignature {

        @Test
        void client_auth_rejects_a_missing_assertion__invalid_client() {
            rejectedWithoutRecordingJti(INVALID_CLIENT, cc(null));
            rejectedWithoutRecordingJti(INVALID_CLIENT, cc(""));
        }

        @Test
        void client_auth_rejects_an_assertion_that_is_not_a_JWS__invalid_client() {
            rejectedWithoutRecordingJti(INVALID_CLIENT, cc("not-a-jwt"));
        }

        @Test
        void client_auth_rejects_alg_none__invalid_client() {
            String header = "{\"alg\":\"none\",\"x5c\":[\"" + rsaApp.x5c().get(0) + "\",\"" + rsaApp.x5c().get(1) + "\"]}";
            rejectedWithoutRecordingJti(INVALID_CLIENT, cc(TestSupport.unsecured(header, JSONObjectUtils.toJSONString(claims()))));
        }

        @Test
        void client_auth_rejects_HS256_keyed_with_the_certificates_public_key__invalid_client() throws Exception {
            SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).x509CertChain(rsaApp.x5c()).build(),
                    JWTClaimsSet.parse(claims()));
            hmac.sign(new MACSigner(rsaApp.certificate().getPublicKey().getEncoded()));
            UdapException e = rejectedWithoutRecordingJti(INVALID_CLIENT, cc(hmac.serialize()));
            assertTrue(e.description().contains("algorithm"), e.description());
        }

        @ParameterizedTest
        @ValueSource(strings = {"PS256", "RS512"})
        void client_auth_rejects_an_algorithm_outside_the_allow_list__invalid_client(String alg) {
            String assertion = TestSupport.signClaims(claims(), rsaApp.privateKey(), JWSAlgorithm.parse(alg), rsaApp.x5c());
            UdapException e = rejectedWithoutRecordingJti(INVALID_CLIENT, cc(assertion));
            assertTrue(e.description().contains("algorithm"), e.description());
        }

        @Test
        void client_auth_rejects_an_algorithm_the_realm_settings_do_not_list__invalid_client() throws Exception {
            RegistrationSettings d = RegistrationSettings.defaults();
            RegistrationSettings rs256Only = new RegistrationSettings(d.mode(), d.clientSecretBasicAllowed(),
                    d.localhostRedirectsAllowed(), d.maxRequestBytes(), d.maxX5cCount(), d.maxX5cEntryBytes(),
                    Set.of("RS256"), d.maxStatementLifetime(), d.clockSkew());
            rejected(INVALID_CLIENT, cc(sign(claims(), ec256App)), registration(), rs256Only);
            authenticate(cc(sign(claims(), rsaApp)), registration(), rs256Only);
        }

        @Test
        void client_auth_rejects_a_signature_by_another_key_than_the_x5c_certificate__invalid_client() {
            // signed with the renewed certificate's key, but presenting the original certificate
            String assertion = TestSupport.signClaims(claims(), renewedApp.privateKey(), JWSAlgorithm.ES256, ec256App.x5c());
            UdapException e = rejectedWithoutRecordingJti(INVALID_CLIENT, cc(assertion));
            assertTrue(e.description().contains("signature"), e.description());
            assertEquals(0, crls.fetchCount(), "nothing is fetched for an assertion whose signature fails");
        }

        @Test
        void client_auth_rejects_a_tampered_payload__invalid_client() {
            String[] parts = sign(claims()).split("\\.");
            String forged = com.nimbusds.jose.util.Base64URL.encode(JSONObjectUtils.toJSONString(
                    claims(c -> c.put("iss", OTHER_CLIENT_ID)))).toString();
            rejectedWithoutRecordingJti(INVALID_CLIENT, cc(parts[0] + "." + forged + "." + parts[2]));
        }

        @Test
        void client_auth_rejects_a_jku_header_even_with_a_valid_x5c_signature__invalid_client() throws Exception {
            SignedJWT withJku = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).x509CertChain(rsaApp.x5c())
                    .jwkURL(java.net.URI.create("https://apps.example.org/b2b-app/jwks.json")).build(), JWTClaimsSet.parse(claims()));
            withJku.sign(new com.nimbusds.jose.crypto.RSASSASigner(rsaApp.privateKey()));
            UdapException e = rejectedWithoutRecordingJti(INVALID_CLIENT, cc(withJku.serialize()));
            assertTrue(e.description().contains("jku"), e.description());
            assertEquals(0, crls.fetchCount(), "nothing is fetched for an assertion with a jku");
        }

        @Test
        void client_auth_rejects_an_assertion_without_x5c__invalid_client() {
            String assertion = TestSupport.signClaims(claims(), rsaApp.privateKey(), JWSAlgorithm.RS256, null);
            UdapException e = rejectedWithoutRecordingJti(INVALID_CLIENT, cc(assertion));
            assertTrue(e.description().contains("x5c"), e.description());
        }
    }

    /** Trust. */
    @Nested
    class Trust {

        @Test
        void client_auth_rejects_a_client_whose_registration_community_no_longer_exists__invalid_client() {
            rejected(INVALID_CLIENT, cc(sign(claims())), new Registration(CLIENT_ID, ISS, null, true));
            assertEquals(0, replay.calls());
        }

        @Test
        void client_auth_rejects_a_certificate_from_another_communitys_CA__invalid_client() {
            UdapException e = rejectedWithoutRecordingJti(INVALID_CLIENT, cc(sign(claims(), communityBApp)));
            assertTrue(e.description().contains(A), e.description());
        }

        @Test
        void client_auth_rejects_an_expired_certificate__invalid_client() {
            UdapException e = rejectedWithoutRecordingJti(INVALID_CLIENT, cc(sign(claims(), expiredApp)));
            assertTrue(e.description().contains("expired"), e.description());
        }

        @Test
        void client_auth_rejects_a_revoked_certificate__invalid_client() {
            assertTrue(caACrl.isRevoked(revokedApp.certificate()), "fixture: the CA's CRL lists the certificate");
            UdapException e = rejectedWithoutRecordingJti(INVALID_CLIENT, cc(sign(claims(), revokedApp)));
            assertTrue(e.description().contains("revoked"), e.description());
            assertTrue(crls.fetched.stream().anyMatch(u -> u.toString().equals(A_CA_CRL)), crls.fetched.toString());
        }

        @Test
        void client_auth_rejects_a_certificate_whose_SAN_is_not_the_registered_iss__invalid_client() {
            // trusted certificate of the same community, but for another app
            UdapException e = rejectedWithoutRecordingJti(INVALID_CLIENT, cc(sign(claims(), otherSanApp)));
            assertTrue(e.description().contains("iss"), e.description());
        }

        @Test
        void client_auth_rejects_a_registered_iss_that_only_differs_from_the_SAN_by_a_trailing_slash__invalid_client() {
            rejected(INVALID_CLIENT, cc(sign(claims())), new Registration(CLIENT_ID, ISS + "/", communityA, true));
        }
    }

    /** Claims. */
    @Nested
    class Claims {

        static Stream<Arguments> invalidClaims() {
            return Stream.of(
                    arguments(named("iss = the app URI instead of the client_id",
                            (Consumer<Map<String, Object>>) c -> c.put("iss", ISS))),
                    arguments(named("iss another client_id", (Consumer<Map<String, Object>>) c -> c.put("iss", OTHER_CLIENT_ID))),
                    arguments(named("iss missing", (Consumer<Map<String, Object>>) c -> c.remove("iss"))),
                    arguments(named("sub another client_id", (Consumer<Map<String, Object>>) c -> c.put("sub", OTHER_CLIENT_ID))),
                    arguments(named("sub = the app URI", (Consumer<Map<String, Object>>) c -> c.put("sub", ISS))),
                    arguments(named("sub missing", (Consumer<Map<String, Object>>) c -> c.remove("sub"))),
                    arguments(named("iss and sub another client_id", (Consumer<Map<String, Object>>) c -> {
                        c.put("iss", OTHER_CLIENT_ID);
                        c.put("sub", OTHER_CLIENT_ID);
                    })),
                    arguments(named("aud another realm's token endpoint", (Consumer<Map<String, Object>>) c ->
                            c.put("aud", "https://auth.example.org/realms/other/protocol/openid-connect/token"))),
                    arguments(named("aud with a trailing slash", (Consumer<Map<String, Object>>) c -> c.put("aud", TOKEN + "/"))),
                    arguments(named("aud a one-element array", (Consumer<Map<String, Object>>) c -> c.put("aud", List.of(TOKEN)))),
                    arguments(named("aud an array with other audiences",
                            (Consumer<Map<String, Object>>) c -> c.put("aud", List.of(TOKEN, "https://other.example.org")))),
                    arguments(named("aud missing", (Consumer<Map<String, Object>>) c -> c.remove("aud"))),
                    arguments(named("exp in the past", (Consumer<Map<String, Object>>) c -> {
                        c.put("iat", now.minus(Duration.ofMinutes(10)).getEpochSecond());
                        c.put("exp", now.minus(Duration.ofMinutes(5)).getEpochSecond());
                    })),
                    arguments(named("iat in the future", (Consumer<Map<String, Object>>) c -> {
                        c.put("iat", now.plus(Duration.ofMinutes(2)).getEpochSecond());
                        c.put("exp", now.plus(Duration.ofMinutes(5)).getEpochSecond());
                    })),
                    arguments(named("exp - iat = 301 s", (Consumer<Map<String, Object>>) c -> c.put("exp", now.plusSeconds(301).getEpochSecond()))),
                    arguments(named("exp - iat = 1 hour", (Consumer<Map<String, Object>>) c -> c.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond()))),
                    arguments(named("exp = iat", (Consumer<Map<String, Object>>) c -> c.put("exp", now.getEpochSecond()))),
                    arguments(named("exp before iat", (Consumer<Map<String, Object>>) c -> c.put("exp", now.minusSeconds(10).getEpochSecond()))),
                    arguments(named("exp missing", (Consumer<Map<String, Object>>) c -> c.remove("exp"))),
                    arguments(named("iat missing", (Consumer<Map<String, Object>>) c -> c.remove("iat"))),
                    arguments(named("exp a string",
                            (Consumer<Map<String, Object>>) c -> c.put("exp", String.valueOf(now.plusSeconds(60).getEpochSecond())))),
                    arguments(named("iat a string", (Consumer<Map<String, Object>>) c -> c.put("iat", "now"))),
                    arguments(named("exp beyond the representable time range",
                            (Consumer<Map<String, Object>>) c -> c.put("exp", Long.MAX_VALUE))),
                    arguments(named("jti missing", (Consumer<Map<String, Object>>) c -> c.remove("jti"))),
                    arguments(named("jti blank", (Consumer<Map<String, Object>>) c -> c.put("jti", " "))),
                    arguments(named("jti a number", (Consumer<Map<String, Object>>) c -> c.put("jti", 12345))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidClaims")
        void client_auth_rejects_invalid_assertion_claims__invalid_client(Consumer<Map<String, Object>> change) {
            rejectedWithoutRecordingJti(INVALID_CLIENT, cc(sign(claims(change))));
        }

        @Test
        void client_auth_rejects_aud_array__invalid_client() {
            Map<String, Object> claims = claims(c -> c.put("aud", List.of(TOKEN)));
            String assertion = sign(claims);
            assertTrue(assertion.split("\\.").length == 3);
            UdapException e = rejectedWithoutRecordingJti(INVALID_CLIENT, cc(assertion));
            assertTrue(e.description().contains("aud"), e.description());
        }

        @Test
        void client_auth_rejects_a_client_id_parameter_other_than_the_client_id__invalid_client() {
            TokenRequest request = new TokenRequest(sign(claims()), JWT_BEARER, OTHER_CLIENT_ID, false, false, "1", CC, SCOPE);
            UdapException e = rejectedWithoutRecordingJti(INVALID_CLIENT, request);
            assertTrue(e.description().contains("client_id"), e.description());
        }

        @Test
        void client_auth_rejects_an_assertion_for_another_registration__invalid_client() {
            // iss = sub = this client, but the server looked up another registration with the same app URI
            rejected(INVALID_CLIENT, new TokenRequest(sign(claims()), JWT_BEARER, null, false, false, "1", CC, SCOPE),
                    new Registration(OTHER_CLIENT_ID, ISS, communityA, true));
            assertEquals(0, replay.calls());
        }
    }

    /** Replay. */
    @Nested
    class SingleUseJti {

        @Test
        void client_auth_rejects_a_jti_the_replay_guard_has_seen__invalid_client() {
            UdapException e = rejected(INVALID_CLIENT, cc(sign(claims())), registration(), RegistrationSettings.defaults(),
                    (key, lifespan) -> false);
            assertTrue(e.description().contains("jti"), e.description());
        }

        @Test
        void client_auth_rejects_an_assertion_signed_before_the_replay_record_began__invalid_client() throws Exception {
            String assertion = sign(claims());
            ReplayGuard restarted = new ReplayGuard() {
                @Override
                public boolean firstUse(String key, long lifespanSeconds) {
                    throw new AssertionError("an assertion older than the record must not reach the store");
                }

                @Override
                public Instant recordedSince() {
                    return now.plusSeconds(1);
                }
            };
            UdapException e = rejected(INVALID_CLIENT, cc(assertion), registration(), RegistrationSettings.defaults(), restarted);
            assertTrue(e.description().contains("replay record"), e.description());
        }

        @Test
        void client_auth_rejects_a_replayed_assertion__invalid_client() throws Exception {
            String assertion = sign(claims());
            authenticate(cc(assertion));
            UdapException e = rejected(INVALID_CLIENT, cc(assertion));
            assertTrue(e.description().contains("jti"), e.description());
            assertEquals(2, replay.calls());
        }

        @Test
        void client_auth_namespaces_the_replay_key_per_client() throws Exception {
            String jti = "shared-jti-1";
            authenticate(cc(sign(claims(c -> c.put("jti", jti)))));
            assertEquals(List.of("udap-ant:" + CLIENT_ID + ":" + jti), replay.keys);

            // the same jti from another client is a different key, so it is accepted
            Map<String, Object> other = claims(c -> {
                c.put("jti", jti);
                c.put("iss", OTHER_CLIENT_ID);
                c.put("sub", OTHER_CLIENT_ID);
            });
            authenticate(new TokenRequest(sign(other), JWT_BEARER, OTHER_CLIENT_ID, false, false, "1", CC, SCOPE),
                    new Registration(OTHER_CLIENT_ID, ISS, communityA, true));
            assertEquals(List.of("udap-ant:" + CLIENT_ID + ":" + jti, "udap-ant:" + OTHER_CLIENT_ID + ":" + jti), replay.keys);
        }
    }

    /** Client_credentials: hl7-b2b and scope. */
    @Nested
    class ClientCredentialsHl7B2bAndScope {

        @Test
        void client_credentials_without_hl7_b2b_is_rejected_when_required__invalid_grant() {
            UdapException e = rejectedWithoutRecordingJti(INVALID_GRANT, cc(sign(claims(c -> c.remove("extensions")))));
            assertTrue(e.description().contains("hl7-b2b"), e.description());
            rejectedWithoutRecordingJti(INVALID_GRANT, cc(sign(claims(c -> c.put("extensions", Map.of())))));
        }

        @Test
        void client_credentials_without_hl7_b2b_is_accepted_when_not_required() throws Exception {
            Authenticated authenticated = authenticate(cc(sign(claims(c -> c.remove("extensions")))),
                    new Registration(CLIENT_ID, ISS, communityA, false));
            assertNull(authenticated.hl7B2b());
            assertEquals(rsaApp.certificate(), authenticated.certificate());
            assertEquals(1, replay.calls());
        }

        @Test
        void client_credentials_with_hl7_b2b_when_not_required_returns_the_extension() throws Exception {
            Authenticated authenticated = authenticate(cc(sign(claims())), new Registration(CLIENT_ID, ISS, communityA, false));
            assertEquals(minimalB2b(), authenticated.hl7B2b());
        }

        static Stream<Arguments> malformedB2b() {
            return Stream.of(
                    arguments(named("extensions a string", (Consumer<Map<String, Object>>) c -> c.put("extensions", "hl7-b2b"))),
                    arguments(named("hl7-b2b a string",
                            (Consumer<Map<String, Object>>) c -> c.put("extensions", Map.of(org.payerauth.b2b.AuthorizationExtensions.HL7_B2B, "v1")))),
                    arguments(named("version \"2\"", (Consumer<Map<String, Object>>) c -> b2b(c).put("version", "2"))),
                    arguments(named("organization_id missing", (Consumer<Map<String, Object>>) c -> b2b(c).remove("organization_id"))),
                    arguments(named("purpose_of_use empty", (Consumer<Map<String, Object>>) c -> b2b(c).put("purpose_of_use", List.of()))));
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> b2b(Map<String, Object> claims) {
            return (Map<String, Object>) ((Map<String, Object>) claims.get("extensions")).get(org.payerauth.b2b.AuthorizationExtensions.HL7_B2B);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("malformedB2b")
        void client_credentials_with_a_malformed_hl7_b2b_is_rejected__invalid_grant(Consumer<Map<String, Object>> change) {
            String assertion = sign(claims(change));
            rejectedWithoutRecordingJti(INVALID_GRANT, cc(assertion));
            // malformed is refused even when the extension is optional
            rejected(INVALID_GRANT, cc(assertion), new Registration(CLIENT_ID, ISS, communityA, false));
            assertEquals(0, replay.calls());
        }

        @Test
        void client_credentials_returns_the_accepted_hl7_b2b_with_only_its_known_members() throws Exception {
            Map<String, Object> sent = minimalB2b();
            sent.put("subject_name", "Dr. Jane Smith");
            sent.put("organization_name", "Example Payer");
            sent.put("consent_reference", List.of("https://fhir.example.org/Consent/123"));
            sent.put("x_vendor", "dropped");
            Map<String, Object> expected = new LinkedHashMap<>(sent);
            expected.remove("x_vendor");

            Authenticated authenticated = authenticate(cc(sign(claims(c -> c.put("extensions",
                    Map.of(org.payerauth.b2b.AuthorizationExtensions.HL7_B2B, sent, "other-extension", Map.of("a", "b")))))));

            assertEquals(expected, authenticated.hl7B2b());
            assertFalse(authenticated.hl7B2b().containsKey("x_vendor"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void client_credentials_without_scope_is_rejected_in_STU2__invalid_request(String blank) {
            String assertion = sign(claims());
            UdapException e = rejectedWithoutRecordingJti(INVALID_REQUEST, ccWithScope(assertion, null));
            assertTrue(e.description().contains("scope"), e.description());
            rejectedWithoutRecordingJti(INVALID_REQUEST, ccWithScope(assertion, blank));
        }

        @Test
        void client_credentials_without_scope_is_accepted_in_STU1_1() throws Exception {
            Authenticated authenticated = authenticate(ccWithScope(sign(claims()), null), registration(),
                    RegistrationSettings.defaults().withMode(RegistrationSettings.Mode.STU1_1));
            assertEquals(minimalB2b(), authenticated.hl7B2b());
            assertEquals(1, replay.calls());
        }

        @Test
        void a_request_rejected_for_hl7_b2b_or_scope_does_not_consume_the_jti() throws Exception {
            String jti = "retry-after-fixing-the-request";
            rejected(INVALID_GRANT, cc(sign(claims(c -> {
                c.put("jti", jti);
                c.remove("extensions");
            }))));
            rejected(INVALID_GRANT, cc(sign(claims(c -> {
                c.put("jti", jti);
                b2b(c).put("version", "2");
            }))));
            rejected(INVALID_REQUEST, ccWithScope(sign(claims(c -> c.put("jti", jti))), null));
            assertEquals(0, replay.calls(), "the replay guard must only be called for an otherwise valid request");

            authenticate(cc(sign(claims(c -> c.put("jti", jti)))));
            assertEquals(List.of("udap-ant:" + CLIENT_ID + ":" + jti), replay.keys);
        }
    }

    /** Authorization_code. */
    @Nested
    class AuthorizationCode {

        @Test
        void authorization_code_does_not_require_hl7_b2b() throws Exception {
            Authenticated authenticated = authenticate(ac(sign(claims(c -> c.remove("extensions")))));
            assertNull(authenticated.hl7B2b());
            assertEquals(rsaApp.sha256Thumbprint(), authenticated.thumbprint());
            assertEquals(1, replay.calls());
        }

        @Test
        void authorization_code_authentication_applies_the_same_client_checks__invalid_client() {
            rejectedWithoutRecordingJti(INVALID_CLIENT, ac(sign(claims(c -> c.put("aud", List.of(TOKEN))))));
            rejectedWithoutRecordingJti(INVALID_CLIENT, ac(sign(claims(), otherSanApp)));
        }
    }
    /** The core's own builder (what the dev tool and Tiered OAuth sign with) against the validator. */
    @Nested
    class BuiltByClientAssertionBuilder {

        @Test
        void a_b2b_assertion_from_the_builder_is_accepted_for_rsa_and_ec_keys() throws UdapException {
            for (IssuedCertificate app : List.of(rsaApp, ec256App, ec384App)) {
                String assertion = ClientAssertionBuilder.of(CLIENT_ID, TOKEN)
                        .hl7B2b(ClientAssertionBuilder.hl7B2b(ORG, List.of("SYSDEV")))
                        .sign(app.privateKey(), app.chain());
                Authenticated authenticated = authenticate(cc(assertion));
                assertEquals(app.certificate(), authenticated.certificate());
                assertEquals(ORG, authenticated.hl7B2b().get("organization_id"));
            }
        }

        @Test
        void the_builder_signs_iss_sub_aud_a_five_minute_window_and_a_fresh_jti() {
            Map<String, Object> first = ClientAssertionBuilder.of(CLIENT_ID, TOKEN).claims();
            Map<String, Object> second = ClientAssertionBuilder.of(CLIENT_ID, TOKEN).claims();
            assertEquals(CLIENT_ID, first.get("iss"));
            assertEquals(CLIENT_ID, first.get("sub"));
            assertEquals(TOKEN, first.get("aud"));
            assertEquals(300L, ((Number) first.get("exp")).longValue() - ((Number) first.get("iat")).longValue());
            assertFalse(first.get("jti").equals(second.get("jti")));
        }
    }
}
