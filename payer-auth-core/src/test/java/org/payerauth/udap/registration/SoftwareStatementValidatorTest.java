package org.payerauth.udap.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.payerauth.oauth.OAuthErrorCodes.INVALID_CLIENT_METADATA;
import static org.payerauth.oauth.OAuthErrorCodes.INVALID_REDIRECT_URI;
import static org.payerauth.oauth.OAuthErrorCodes.INVALID_SOFTWARE_STATEMENT;
import static org.payerauth.oauth.OAuthErrorCodes.UNAPPROVED_SOFTWARE_STATEMENT;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64;
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
import org.payerauth.udap.TestSupport.InMemoryCrls;
import org.payerauth.udap.TestSupport.RecordingWarnings;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IntermediateSpec;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.registration.SoftwareStatementBuilder;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.TestSupport;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.pki.CertificateChainValidator;
import org.payerauth.udap.pki.TrustCommunity;

/**
 * UDAP Dynamic Client Registration request validation (udap.org DCR §4 as required by HL7 UDAP Security IG §3.1 -
 * §3.2): request shape, software statement JWT and its x5c signature, trust, claims, registration parameters and
 * replay, each with the RFC 7591 / UDAP error code the spec names.
 */
class SoftwareStatementValidatorTest {

    private static final String REG = "https://auth.example.org/realms/payer/udap/register";
    private static final String ISS = "https://apps.example.org/app-a";
    private static final String ISS_ALT = "urn:example:app-a";
    private static final String ISS_B = "https://apps.example.org/app-b";
    private static final String A = "https://community-a.example.org";
    private static final String B = "https://community-b.example.org";
    private static final String A_ROOT_CRL = "http://crl.community-a.example.org/root.crl";
    private static final String A_CA_CRL = "http://crl.community-a.example.org/ca.crl";
    private static final String B_ROOT_CRL = "http://crl.community-b.example.org/root.crl";
    private static final String B_CA_CRL = "http://crl.community-b.example.org/ca.crl";

    private static CertificateAuthority rootA;
    private static CertificateAuthority caA;
    private static CertificateAuthority rootB;
    private static IssuedCertificate rsaApp;
    private static IssuedCertificate ec256App;
    private static IssuedCertificate ec384App;
    private static IssuedCertificate revokedApp;
    private static IssuedCertificate appB;
    private static X509CRL rootACrl;
    private static X509CRL caACrl;
    private static X509CRL rootBCrl;
    private static X509CRL caBCrl;
    private static TrustCommunity communityA;
    private static TrustCommunity communityB;

    private static Instant now;
    private static Clock clock;

    private final InMemoryCrls crls = new InMemoryCrls()
            .serve(A_ROOT_CRL, rootACrl).serve(A_CA_CRL, caACrl).serve(B_ROOT_CRL, rootBCrl).serve(B_CA_CRL, caBCrl);
    private final RecordingWarnings warnings = new RecordingWarnings();
    private final Replay replay = new Replay();

    /** Single-use store fake: remembers keys, counts calls. */
    static final class Replay implements ReplayGuard {
        final Set<String> used = ConcurrentHashMap.newKeySet();
        final List<Long> lifespans = new ArrayList<>();
        int calls;
        java.time.Instant since = java.time.Instant.MIN;

        @Override
        public synchronized boolean firstUse(String key, long lifespanSeconds) {
            calls++;
            lifespans.add(lifespanSeconds);
            return used.add(key);
        }

        @Override
        public java.time.Instant recordedSince() {
            return since;
        }
    }

    @BeforeAll
    static void pki() {
        rootA = CertificateAuthority.newRoot("DCR Community A Root", KeyAlgorithm.RSA_2048);
        caA = rootA.newIntermediate("DCR Community A CA", KeyAlgorithm.RSA_2048,
                IntermediateSpec.defaults().withCrlUrl(A_ROOT_CRL));
        rootB = CertificateAuthority.newRoot("DCR Community B Root", KeyAlgorithm.EC_P256);
        CertificateAuthority caB = rootB.newIntermediate("DCR Community B CA", KeyAlgorithm.EC_P256,
                IntermediateSpec.defaults().withCrlUrl(B_ROOT_CRL));
        rsaApp = caA.issue(LeafSpec.builder("App A (RSA)").sanUri(ISS, ISS_ALT).crlUrl(A_CA_CRL).build());
        ec256App = caA.issue(LeafSpec.builder("App A (P-256)").sanUri(ISS).crlUrl(A_CA_CRL)
                .keyAlgorithm(KeyAlgorithm.EC_P256).build());
        ec384App = caA.issue(LeafSpec.builder("App A (P-384)").sanUri(ISS).crlUrl(A_CA_CRL)
                .keyAlgorithm(KeyAlgorithm.EC_P384).build());
        revokedApp = caA.issue(LeafSpec.builder("App A (revoked)").sanUri(ISS).crlUrl(A_CA_CRL)
                .keyAlgorithm(KeyAlgorithm.EC_P256).build());
        caA.revoke(revokedApp.certificate().getSerialNumber());
        appB = caB.issue(LeafSpec.builder("App B").sanUri(ISS_B).crlUrl(B_CA_CRL).keyAlgorithm(KeyAlgorithm.EC_P256)
                .build());
        rootACrl = rootA.crl();
        caACrl = caA.crl();
        rootBCrl = rootB.crl();
        caBCrl = caB.crl();
        communityA = new TrustCommunity(A, true, List.of(rootA.certificate()), List.of(),
                TrustCommunity.Revocation.FAIL_CLOSED_DISTRIBUTION_POINTS, List.of(), java.util.Optional.empty(), "1");
        communityB = TestSupport.community(B, rootB.certificate());
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock = TestSupport.fixedClock(now);
    }

    // ------------------------------------------------------------------ helpers

    private static SoftwareStatementBuilder ac() {
        return SoftwareStatementBuilder.authorizationCode(ISS, REG).issuedAt(now);
    }

    private static SoftwareStatementBuilder cc() {
        return SoftwareStatementBuilder.clientCredentials(ISS, REG).issuedAt(now);
    }

    private static String request(SoftwareStatementBuilder statement) {
        return SoftwareStatementBuilder.registrationRequest(statement.sign(rsaApp.privateKey(), rsaApp.chain()));
    }

    private static String requestWithStatement(String softwareStatement) {
        return SoftwareStatementBuilder.registrationRequest(softwareStatement);
    }

    private ValidatedRegistration register(String body, RegistrationSettings settings, List<TrustCommunity> communities)
            throws UdapException {
        SoftwareStatementValidator validator =
                new SoftwareStatementValidator(new CertificateChainValidator(clock, Duration.ofMinutes(10)), clock);
        return validator.validate(body, REG, communities, settings, replay, crls, warnings);
    }

    private ValidatedRegistration register(String body, RegistrationSettings settings) throws UdapException {
        return register(body, settings, List.of(communityA));
    }

    private ValidatedRegistration register(String body) throws UdapException {
        return register(body, RegistrationSettings.defaults());
    }

    private UdapException rejected(String expectedError, String body, RegistrationSettings settings,
                                   List<TrustCommunity> communities) {
        UdapException e = assertThrows(UdapException.class, () -> register(body, settings, communities));
        assertEquals(expectedError, e.error(), () -> "description: " + e.description());
        assertFalse(e.description() == null || e.description().isBlank());
        return e;
    }

    private UdapException rejected(String expectedError, String body, RegistrationSettings settings) {
        return rejected(expectedError, body, settings, List.of(communityA));
    }

    private UdapException rejected(String expectedError, String body) {
        return rejected(expectedError, body, RegistrationSettings.defaults());
    }

    /** Accepted registrations (udap.org DCR §4, HL7 UDAP IG §3.1). */
    @Nested
    class AcceptedRegistrations {

        @Test
        void registration_with_an_authorization_code_statement_is_validated() throws Exception {
            SoftwareStatementBuilder statement = ac().jti("jti-ac-1");
            String signed = statement.sign(rsaApp.privateKey(), rsaApp.chain());

            ValidatedRegistration registration = register(requestWithStatement(signed));

            assertEquals(signed, registration.softwareStatement());
            assertEquals(ISS, registration.iss());
            assertSame(communityA, registration.community());
            assertEquals(rsaApp.certificate(), registration.certificate());
            assertEquals(rsaApp.sha256Thumbprint(), registration.certificateThumbprint());
            assertEquals("jti-ac-1", registration.jti());
            assertEquals(now.plus(Duration.ofMinutes(5)), registration.expiresAt());
            ClientMetadata metadata = registration.metadata();
            assertEquals("Dev App", metadata.clientName());
            assertEquals(List.of("authorization_code"), metadata.grantTypes());
            assertEquals(List.of("code"), metadata.responseTypes());
            assertEquals(List.of("https://example.org/callback"), metadata.redirectUris());
            assertEquals("https://example.org/logo.png", metadata.logoUri());
            assertEquals(List.of("mailto:dev@example.org"), metadata.contacts());
            assertEquals("openid fhirUser launch/patient patient/*.read", metadata.scope());
            assertEquals(ClientMetadata.PRIVATE_KEY_JWT, metadata.tokenEndpointAuthMethod());
            assertTrue(metadata.isAuthorizationCode());
            assertFalse(metadata.isClientCredentials());
            assertFalse(metadata.isCancel());
            assertFalse(metadata.wantsRefreshTokens());
            assertFalse(metadata.usesClientSecret());
            assertEquals(1, replay.calls);
            assertTrue(replay.used.contains("udap-dcr:" + ISS + ":jti-ac-1"));
            assertEquals(List.of(), warnings.messages);
        }

        @Test
        void registration_with_a_client_credentials_statement_is_validated() throws Exception {
            String signed = cc().sign(ec256App.privateKey(), ec256App.chain());

            ValidatedRegistration registration = register(requestWithStatement(signed));

            assertEquals(signed, registration.softwareStatement());
            assertEquals(ec256App.sha256Thumbprint(), registration.certificateThumbprint());
            ClientMetadata metadata = registration.metadata();
            assertEquals(List.of("client_credentials"), metadata.grantTypes());
            assertTrue(metadata.isClientCredentials());
            assertEquals(List.of(), metadata.responseTypes());
            assertEquals(List.of(), metadata.redirectUris());
            assertNull(metadata.logoUri());
            assertEquals("system/*.read", metadata.scope());
        }

        static Stream<Arguments> signingKeys() {
            return Stream.of(arguments(named("RS256 / RSA 2048", (Supplier<IssuedCertificate>) () -> rsaApp)),
                    arguments(named("ES256 / P-256", (Supplier<IssuedCertificate>) () -> ec256App)),
                    arguments(named("ES384 / P-384", (Supplier<IssuedCertificate>) () -> ec384App)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("signingKeys")
        void registration_accepts_the_RS256_ES256_ES384_signature_algorithms(Supplier<IssuedCertificate> signer)
                throws Exception {
            IssuedCertificate issued = signer.get();
            ValidatedRegistration registration = register(requestWithStatement(cc().sign(issued.privateKey(), issued.chain())));
            assertEquals(issued.certificate(), registration.certificate());
        }

        @Test
        void software_statement_is_returned_byte_identical_even_with_surrounding_whitespace() throws Exception {
            String signed = " " + ac().sign(rsaApp.privateKey(), rsaApp.chain()) + "\n";
            assertEquals(signed, register(requestWithStatement(signed)).softwareStatement());
        }

        @Test
        void iss_may_be_any_SAN_URI_of_the_signing_certificate() throws Exception {
            SoftwareStatementBuilder statement = SoftwareStatementBuilder.clientCredentials(ISS_ALT, REG).issuedAt(now);
            assertEquals(ISS_ALT, register(request(statement)).iss());
        }

        @Test
        void registration_ignores_certifications() throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("software_statement", cc().sign(rsaApp.privateKey(), rsaApp.chain()));
            body.put("certifications", List.of("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
            body.put("udap", "1");
            register(JSONObjectUtils.toJSONString(body));
        }

        @Test
        void registration_accepts_x5c_entries_in_base64url_as_Inferno_sends_them() throws Exception {
            List<Base64> urlSafe = TestSupport.urlSafe(rsaApp.x5c());
            assertTrue(urlSafe.stream().anyMatch(b -> b.toString().contains("-") || b.toString().contains("_")),
                    "fixture: the URL-safe alphabet must actually differ from the standard one");
            String signed = TestSupport.signClaims(ac().claims(), rsaApp.privateKey(), JWSAlgorithm.RS256, urlSafe);

            assertEquals(rsaApp.certificate(), register(requestWithStatement(signed)).certificate());
        }

        @Test
        void client_credentials_statement_with_a_logo_uri_is_accepted_and_the_logo_ignored() throws Exception {
            // Inferno's software statement builder sends logo_uri for client_credentials too
            ValidatedRegistration registration = register(request(cc().logoUri("https://example.org/logo.png")));
            assertNull(registration.metadata().logoUri());
        }

        @Test
        void authorization_code_with_refresh_token_is_accepted() throws Exception {
            ClientMetadata metadata = register(request(ac().grantTypes(List.of("authorization_code", "refresh_token"))))
                    .metadata();
            assertTrue(metadata.wantsRefreshTokens());
            assertTrue(metadata.isAuthorizationCode());
        }

        @Test
        void scope_is_trimmed() throws Exception {
            assertEquals("system/*.read", register(request(cc().scope("  system/*.read "))).metadata().scope());
        }

        @Test
        void client_secret_basic_is_accepted_by_default_for_authorization_code() throws Exception {
            ClientMetadata metadata = register(request(ac().tokenEndpointAuthMethod("client_secret_basic"))).metadata();
            assertTrue(metadata.usesClientSecret());
        }

        @Test
        void values_at_keycloaks_column_limits_are_accepted() throws Exception {
            String redirect = "https://example.org/" + "p".repeat(235);
            ClientMetadata metadata = register(request(ac().clientName("n".repeat(255)).redirectUris(List.of(redirect)))).metadata();
            assertEquals(255, metadata.clientName().length());
            assertEquals(List.of(redirect), metadata.redirectUris());
        }

        @Test
        void client_secret_basic_is_refused_for_client_credentials__b2b_apps_sign_assertions() {
            UdapException e = rejected(INVALID_CLIENT_METADATA, request(cc().tokenEndpointAuthMethod("client_secret_basic")));
            assertTrue(e.description().contains("private_key_jwt"), e.description());
        }

        @Test
        void client_secret_basic_is_refused_when_the_realm_disallows_it__invalid_client_metadata() {
            rejected(INVALID_CLIENT_METADATA, request(ac().tokenEndpointAuthMethod("client_secret_basic")),
                    RegistrationSettings.defaults().withClientSecretBasicAllowed(false));
        }

        @Test
        void private_key_jwt_is_accepted_when_client_secret_basic_is_disallowed() throws Exception {
            register(request(cc()), RegistrationSettings.defaults().withClientSecretBasicAllowed(false));
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://localhost/callback", "http://localhost:8080/callback", "http://127.0.0.1:9000/cb"})
        void http_loopback_redirect_is_accepted_only_with_the_localhost_switch(String redirect) throws Exception {
            String body = request(ac().redirectUris(List.of(redirect)));
            rejected(INVALID_REDIRECT_URI, body);
            assertEquals(List.of(redirect),
                    register(body, RegistrationSettings.defaults().withLocalhostRedirectsAllowed(true)).metadata().redirectUris());
        }

        @Test
        void http_non_loopback_redirect_is_refused_even_with_the_localhost_switch__invalid_redirect_uri() {
            rejected(INVALID_REDIRECT_URI, request(ac().redirectUris(List.of("http://app.example.org/callback"))),
                    RegistrationSettings.defaults().withLocalhostRedirectsAllowed(true));
        }

        @Test
        void several_https_redirect_uris_are_accepted() throws Exception {
            List<String> redirects = List.of("https://example.org/callback", "https://example.org/other?x=1");
            assertEquals(redirects, register(request(ac().redirectUris(redirects))).metadata().redirectUris());
        }

        @Test
        void cancel_with_empty_grant_types_is_accepted_without_scope_or_redirects() throws Exception {
            SoftwareStatementBuilder cancel = cc().grantTypes(List.of()).scope(null);
            assertEquals(List.of(), cancel.claims().get("grant_types"));

            ClientMetadata metadata = register(request(cancel)).metadata();

            assertTrue(metadata.isCancel());
            assertEquals(List.of(), metadata.grantTypes());
            assertEquals(List.of(), metadata.redirectUris());
            assertNull(metadata.scope());
        }

        @Test
        void cancel_of_an_authorization_code_client_ignores_its_redirects_and_response_types() throws Exception {
            ClientMetadata metadata = register(request(ac().grantTypes(List.of()).redirectUris(null).scope(null)))
                    .metadata();
            assertTrue(metadata.isCancel());
            assertNull(metadata.logoUri());
            assertEquals(List.of(), metadata.responseTypes());
        }
    }

    /** Request body (RFC 7591 §3.1, udap.org DCR §3). */
    @Nested
    class RequestBody {

        static Stream<Arguments> malformedBodies() {
            return Stream.of(
                    arguments(named("null body", null), INVALID_CLIENT_METADATA),
                    arguments(named("empty body", ""), INVALID_CLIENT_METADATA),
                    arguments(named("blank body", "  \n"), INVALID_CLIENT_METADATA),
                    arguments(named("form-encoded body", "software_statement=abc&udap=1"), INVALID_CLIENT_METADATA),
                    arguments(named("JSON array", "[\"abc\"]"), INVALID_CLIENT_METADATA),
                    arguments(named("truncated JSON", "{\"udap\":\"1\",\"software_statement\":"), INVALID_CLIENT_METADATA),
                    arguments(named("missing udap", "{\"software_statement\":\"a.b.c\"}"), INVALID_CLIENT_METADATA),
                    arguments(named("udap \"2\"", "{\"software_statement\":\"a.b.c\",\"udap\":\"2\"}"), INVALID_CLIENT_METADATA),
                    arguments(named("udap as a number", "{\"software_statement\":\"a.b.c\",\"udap\":1}"), INVALID_CLIENT_METADATA),
                    arguments(named("missing software_statement", "{\"udap\":\"1\"}"), INVALID_SOFTWARE_STATEMENT),
                    arguments(named("software_statement not a string", "{\"udap\":\"1\",\"software_statement\":{}}"),
                            INVALID_SOFTWARE_STATEMENT),
                    arguments(named("software_statement empty", "{\"udap\":\"1\",\"software_statement\":\"\"}"),
                            INVALID_SOFTWARE_STATEMENT),
                    arguments(named("software_statement not a JWT", "{\"udap\":\"1\",\"software_statement\":\"not-a-jwt\"}"),
                            INVALID_SOFTWARE_STATEMENT),
                    arguments(named("software_statement with garbage segments",
                            "{\"udap\":\"1\",\"software_statement\":\"abc.def.ghi\"}"), INVALID_SOFTWARE_STATEMENT));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("malformedBodies")
        void registration_rejects_a_malformed_request_body_with_the_spec_error(String body, String error) {
            rejected(error, body);
            assertEquals(0, replay.calls);
        }

        @Test
        void registration_rejects_deeply_nested_JSON_with_a_registration_error_not_a_crash() {
            int depth = 30_000; // stays under the 64 KiB body limit
            String body = "{\"udap\":\"1\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            assertTrue(body.length() < RegistrationSettings.defaults().maxRequestBytes());
            UdapException e = assertThrows(UdapException.class, () -> register(body));
            assertTrue(Set.of(INVALID_CLIENT_METADATA, INVALID_SOFTWARE_STATEMENT).contains(e.error()), e.error());
        }

        @Test
        void registration_rejects_an_oversize_body__invalid_client_metadata() throws Exception {
            String body = request(cc());
            int size = body.getBytes(StandardCharsets.UTF_8).length;
            rejected(INVALID_CLIENT_METADATA, body, RegistrationSettings.defaults().withLimits(size - 1, 5, 8 * 1024));
            register(body, RegistrationSettings.defaults().withLimits(size, 5, 8 * 1024));
        }
    }

    /** JWS header and signature (HL7 UDAP IG §1.2.3 and §3.1.1). */
    @Nested
    class JWSHeaderAndSignature {

        @Test
        void registration_rejects_an_unsigned_alg_none_statement__invalid_software_statement() throws Exception {
            String header = "{\"alg\":\"none\",\"x5c\":[\"" + rsaApp.x5c().get(0) + "\",\"" + rsaApp.x5c().get(1) + "\"]}";
            String unsigned = TestSupport.unsecured(header, JSONObjectUtils.toJSONString(ac().claims()));
            rejected(INVALID_SOFTWARE_STATEMENT, requestWithStatement(unsigned));
        }

        @Test
        void registration_rejects_HS256_keyed_with_the_certificates_public_key__invalid_software_statement()
                throws Exception {
            SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).x509CertChain(rsaApp.x5c()).build(),
                    JWTClaimsSet.parse(ac().claims()));
            hmac.sign(new MACSigner(rsaApp.certificate().getPublicKey().getEncoded()));
            UdapException e = rejected(INVALID_SOFTWARE_STATEMENT, requestWithStatement(hmac.serialize()));
            assertTrue(e.description().contains("algorithm"), e.description());
        }

        @Test
        void registration_rejects_an_algorithm_outside_the_allow_list__invalid_software_statement() {
            UdapException e = rejected(INVALID_SOFTWARE_STATEMENT, requestWithStatement(ac().sign(rsaApp.privateKey(), rsaApp.chain(), JWSAlgorithm.PS256)));
            assertTrue(e.description().contains("RS256"), e.description());
        }

        @Test
        void registration_rejects_an_algorithm_the_realm_settings_do_not_list__invalid_software_statement() throws Exception {
            RegistrationSettings d = RegistrationSettings.defaults();
            RegistrationSettings rs256Only = new RegistrationSettings(d.mode(), d.clientSecretBasicAllowed(),
                    d.localhostRedirectsAllowed(), d.maxRequestBytes(), d.maxX5cCount(), d.maxX5cEntryBytes(),
                    Set.of("RS256"), d.maxStatementLifetime(), d.clockSkew());
            rejected(INVALID_SOFTWARE_STATEMENT, requestWithStatement(cc().sign(ec256App.privateKey(), ec256App.chain())), rs256Only);
            register(request(cc()), rs256Only);
        }

        @Test
        void registration_rejects_a_statement_without_x5c__invalid_software_statement() {
            String signed = TestSupport.signClaims(ac().claims(), rsaApp.privateKey(), JWSAlgorithm.RS256, null);
            UdapException e = rejected(INVALID_SOFTWARE_STATEMENT, requestWithStatement(signed));
            assertTrue(e.description().contains("x5c"), e.description());
        }

        @Test
        void registration_rejects_an_empty_x5c__invalid_software_statement() {
            String signed = TestSupport.signClaims(ac().claims(), rsaApp.privateKey(), JWSAlgorithm.RS256, List.of());
            rejected(INVALID_SOFTWARE_STATEMENT, requestWithStatement(signed));
        }

        @Test
        void registration_rejects_more_x5c_certificates_than_the_limit__invalid_software_statement() throws Exception {
            String body = request(cc());
            rejected(INVALID_SOFTWARE_STATEMENT, body, RegistrationSettings.defaults().withLimits(64 * 1024, 1, 8 * 1024));
            register(body, RegistrationSettings.defaults().withLimits(64 * 1024, 2, 8 * 1024));
        }

        @Test
        void registration_rejects_an_x5c_entry_larger_than_the_limit__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc()), RegistrationSettings.defaults().withLimits(64 * 1024, 5, 100));
        }

        @Test
        void registration_rejects_garbage_in_x5c__invalid_software_statement() {
            List<Base64> x5c = List.of(Base64.encode("not a certificate"));
            String signed = TestSupport.signClaims(ac().claims(), rsaApp.privateKey(), JWSAlgorithm.RS256, x5c);
            rejected(INVALID_SOFTWARE_STATEMENT, requestWithStatement(signed));
        }

        @Test
        void registration_rejects_a_signature_by_another_key_than_the_x5c_certificate__invalid_software_statement() {
            String signed = ac().signWith(caA.privateKey(), JWSAlgorithm.RS256, rsaApp.chain());
            UdapException e = rejected(INVALID_SOFTWARE_STATEMENT, requestWithStatement(signed));
            assertTrue(e.description().contains("signature"), e.description());
            assertEquals(0, crls.fetchCount(), "nothing is fetched for a statement whose signature fails");
        }

        @Test
        void registration_rejects_an_EC_signature_presented_with_an_RSA_certificate__invalid_software_statement() {
            String signed = ac().signWith(ec256App.privateKey(), JWSAlgorithm.ES256, rsaApp.chain());
            rejected(INVALID_SOFTWARE_STATEMENT, requestWithStatement(signed));
        }

        @Test
        void registration_rejects_a_tampered_payload__invalid_software_statement() {
            String[] parts = ac().sign(rsaApp.privateKey(), rsaApp.chain()).split("\\.");
            String forgedPayload = com.nimbusds.jose.util.Base64URL.encode(
                    JSONObjectUtils.toJSONString(ac().scope("system/*.*").claims())).toString();
            rejected(INVALID_SOFTWARE_STATEMENT, requestWithStatement(parts[0] + "." + forgedPayload + "." + parts[2]));
        }

        @Test
        void registration_rejects_a_payload_that_is_not_a_JSON_object__invalid_software_statement() {
            String signed = TestSupport.signPayload("hello", rsaApp.privateKey(), JWSAlgorithm.RS256, rsaApp.x5c());
            rejected(INVALID_SOFTWARE_STATEMENT, requestWithStatement(signed));
        }
    }

    /** Trust (HL7 UDAP IG §1.2.3: certificate chains, revocation). */
    @Nested
    class Trust {

        @Test
        void registration_rejects_a_certificate_that_does_not_chain_to_the_community__unapproved_software_statement() {
            String signed = SoftwareStatementBuilder.clientCredentials(ISS_B, REG).issuedAt(now).sign(appB.privateKey(), appB.chain());
            UdapException e = rejected(UNAPPROVED_SOFTWARE_STATEMENT, requestWithStatement(signed));
            assertTrue(e.description().contains(A), e.description());
        }

        @Test
        void registration_checks_trust_before_the_claims__unapproved_software_statement() {
            // wrong iss and aud, but the certificate is not trusted: trust is reported first
            String signed = SoftwareStatementBuilder.clientCredentials("https://elsewhere.example.org", "https://x.example.org")
                    .issuedAt(now).sign(appB.privateKey(), appB.chain());
            rejected(UNAPPROVED_SOFTWARE_STATEMENT, requestWithStatement(signed));
        }

        @Test
        void registration_rejects_a_revoked_certificate__unapproved_software_statement() {
            UdapException e = rejected(UNAPPROVED_SOFTWARE_STATEMENT, requestWithStatement(cc().sign(revokedApp.privateKey(), revokedApp.chain())));
            assertTrue(e.description().contains("revoked"), e.description());
            assertEquals(0, replay.calls);
        }

        @Test
        void registration_without_any_trust_community_is_unapproved() {
            rejected(UNAPPROVED_SOFTWARE_STATEMENT, request(cc()), RegistrationSettings.defaults(), List.of());
        }

        @Test
        void registration_picks_the_community_whose_anchor_validates_the_chain() throws Exception {
            List<TrustCommunity> both = List.of(communityA, communityB);
            String fromB = requestWithStatement(SoftwareStatementBuilder.clientCredentials(ISS_B, REG).issuedAt(now).sign(appB.privateKey(), appB.chain()));
            assertSame(communityB, register(fromB, RegistrationSettings.defaults(), both).community());
            assertSame(communityA, register(request(cc()), RegistrationSettings.defaults(), both).community());
        }

        @Test
        void registration_picks_the_first_matching_community_in_the_callers_order() throws Exception {
            TrustCommunity alsoA = TestSupport.community("https://community-a-mirror.example.org", rootA.certificate());
            assertSame(alsoA, register(request(cc()), RegistrationSettings.defaults(), List.of(alsoA, communityA)).community());
            assertSame(communityA,
                    register(request(cc().jti("other")), RegistrationSettings.defaults(), List.of(communityA, alsoA)).community());
        }

        @Test
        void registration_trusted_by_no_community_names_none_of_them__unapproved_software_statement() {
            TrustCommunity onlyB = TestSupport.community("https://community-c.example.org", rootB.certificate());
            UdapException e = rejected(UNAPPROVED_SOFTWARE_STATEMENT, request(cc()), RegistrationSettings.defaults(),
                    List.of(communityB, onlyB));
            assertTrue(e.description().contains("any trust community"), e.description());
        }

        @Test
        void registration_reports_the_revocation_rather_than_the_other_communitys_chain_failure() {
            UdapException e = rejected(UNAPPROVED_SOFTWARE_STATEMENT, requestWithStatement(cc().sign(revokedApp.privateKey(), revokedApp.chain())),
                    RegistrationSettings.defaults(), List.of(communityB, communityA));
            assertTrue(e.description().contains("revoked"), e.description());
        }
    }

    /** Claims (udap.org DCR §2: iss, sub, aud, exp, iat, jti). */
    @Nested
    class Claims {

        @Test
        void registration_rejects_iss_not_matching_a_SAN_URI__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT,
                    request(SoftwareStatementBuilder.clientCredentials("https://apps.example.org/someone-else", REG).issuedAt(now)));
        }

        @Test
        void registration_rejects_iss_that_only_differs_from_the_SAN_by_a_trailing_slash__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(SoftwareStatementBuilder.clientCredentials(ISS + "/", REG).issuedAt(now)));
        }

        @Test
        void registration_rejects_missing_iss__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().claim("iss", null)));
        }

        @Test
        void registration_rejects_non_string_iss__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().claim("iss", List.of(ISS))));
        }

        @Test
        void registration_rejects_sub_not_equal_to_iss__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().sub(ISS_ALT)));
        }

        @Test
        void registration_rejects_missing_sub__invalid_software_statement() {
            UdapException e = rejected(INVALID_SOFTWARE_STATEMENT, request(cc().sub(null)));
            assertTrue(e.description().contains("sub"), e.description());
        }

        @Test
        void registration_rejects_aud_other_than_this_registration_endpoint__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().aud("https://auth.example.org/realms/other/udap/register")));
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().aud(REG + "/")));
        }

        @Test
        void registration_rejects_aud_as_a_one_element_array__invalid_software_statement() {
            Map<String, Object> claims = new LinkedHashMap<>(cc().claims());
            claims.put("aud", List.of(REG));
            String signed = TestSupport.signClaims(claims, rsaApp.privateKey(), JWSAlgorithm.RS256, rsaApp.x5c());
            assertTrue(signed.split("\\.").length == 3);
            rejected(INVALID_SOFTWARE_STATEMENT, requestWithStatement(signed));
        }

        @Test
        void registration_rejects_aud_as_an_array_with_other_audiences__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().claim("aud", List.of(REG, "https://other.example.org"))));
        }

        @Test
        void registration_rejects_missing_aud__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().aud(null)));
        }

        @Test
        void registration_rejects_an_expired_statement__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().issuedAt(now.minus(Duration.ofMinutes(10)))));
        }

        @Test
        void registration_tolerates_exp_just_past_within_the_clock_skew() throws Exception {
            register(request(cc().issuedAt(now.minus(Duration.ofMinutes(5)).minusSeconds(30))));
        }

        @Test
        void registration_rejects_iat_in_the_future__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().issuedAt(now.plus(Duration.ofMinutes(10)))));
        }

        @Test
        void registration_rejects_exp_more_than_300_seconds_after_iat__invalid_software_statement() throws Exception {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().lifetime(Duration.ofSeconds(301))));
            register(request(cc().lifetime(Duration.ofSeconds(300))));
        }

        @Test
        void registration_rejects_exp_not_after_iat__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().claim("exp", now)));
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().claim("exp", now.minusSeconds(10))));
        }

        @ParameterizedTest
        @ValueSource(strings = {"exp", "iat", "jti"})
        void registration_rejects_a_missing_required_claim__invalid_software_statement(String claim) {
            UdapException e = rejected(INVALID_SOFTWARE_STATEMENT, request(cc().claim(claim, null)));
            assertTrue(e.description().contains(claim), e.description());
        }

        @Test
        void registration_rejects_a_blank_jti__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().jti(" ")));
        }

        @Test
        void registration_rejects_exp_and_iat_that_are_not_numbers__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().claim("exp", String.valueOf(now.plusSeconds(60).getEpochSecond()))));
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().claim("iat", "yesterday")));
        }

        @ParameterizedTest
        @ValueSource(longs = {99_999_999_999_999_999L, Long.MAX_VALUE, -99_999_999_999_999_999L})
        void registration_rejects_exp_beyond_the_representable_time_range__invalid_software_statement(long exp) {
            // a signed statement from a trusted certificate must get a 400 error, not an unchecked exception (HTTP 500)
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().claim("exp", exp)));
        }

        @Test
        void registration_rejects_iat_beyond_the_representable_time_range__invalid_software_statement() {
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().claim("iat", 99_999_999_999_999_999L)));
        }
    }

    /** Replay (udap.org DCR §4: jti single use). */
    @Nested
    class SingleUseJti {

        @Test
        void registration_rejects_a_replayed_jti__invalid_software_statement() throws Exception {
            String body = request(cc().jti("once"));
            register(body);
            UdapException e = rejected(INVALID_SOFTWARE_STATEMENT, body);
            assertTrue(e.description().contains("jti"), e.description());
            assertEquals(2, replay.calls);
        }

        @Test
        void a_statement_signed_before_the_replay_record_began_is_refused_and_its_jti_stays_unused() throws Exception {
            replay.since = now.plusSeconds(1);
            UdapException e = rejected(INVALID_SOFTWARE_STATEMENT, request(cc().jti("before-restart")));
            assertTrue(e.description().contains("replay record"), e.description());
            assertEquals(0, replay.calls);
            replay.since = now;
            register(request(cc().jti("before-restart")));
            assertEquals(1, replay.calls, "signed in the second the record began: accepted");
        }

        @Test
        void replay_guard_keeps_the_jti_at_least_until_the_statement_expires() throws Exception {
            register(request(cc()));
            long untilExp = Duration.between(now, now.plus(Duration.ofMinutes(5))).toSeconds();
            assertTrue(replay.lifespans.get(0) >= untilExp, replay.lifespans.toString());
            assertTrue(replay.lifespans.get(0) <= untilExp + 60, replay.lifespans.toString());
        }

        @Test
        void a_request_rejected_for_its_metadata_does_not_consume_the_jti() throws Exception {
            rejected(INVALID_CLIENT_METADATA, request(cc().jti("reused").clientName(null)));
            rejected(INVALID_REDIRECT_URI, request(ac().jti("reused").redirectUris(List.of("http://app.example.org/cb"))));
            rejected(INVALID_SOFTWARE_STATEMENT, request(cc().jti("reused").sub(ISS_ALT)));
            assertEquals(0, replay.calls, "the replay guard must only be called for an otherwise valid request");

            register(request(cc().jti("reused")));
            assertEquals(1, replay.calls);
        }

        @Test
        void the_servers_gate_is_asked_after_every_check_and_a_refusal_there_leaves_the_jti_unused() throws Exception {
            SoftwareStatementValidator validator =
                    new SoftwareStatementValidator(new CertificateChainValidator(clock, Duration.ofMinutes(10)), clock);
            List<String> asked = new ArrayList<>();
            RegistrationGate blocked = (iss, community, metadata) -> {
                asked.add(iss + " " + community.uri() + " " + metadata.clientName());
                throw new UdapException(Reason.REGISTRATION_BLOCKED, "blocked by the administrator");
            };
            String body = request(cc().jti("gated"));
            UdapException e = assertThrows(UdapException.class, () -> validator.validate(body, REG, List.of(communityA),
                    RegistrationSettings.defaults(), replay, blocked, crls, warnings));
            assertEquals("unapproved_software_statement", e.error());
            assertEquals(List.of(ISS + " " + A + " Dev App"), asked);
            assertEquals(0, replay.calls, "a gate refusal records nothing");

            RegistrationGate neverAsked = (iss, community, metadata) -> asked.add("invalid statements never reach the gate");
            assertThrows(UdapException.class, () -> validator.validate(request(cc().jti("x").sub(ISS_ALT)), REG,
                    List.of(communityA), RegistrationSettings.defaults(), replay, neverAsked, crls, warnings));
            assertEquals(1, asked.size());
            register(body);
            assertEquals(1, replay.calls, "the same statement registers once admitted");
        }
    }

    /** Registration parameters (HL7 UDAP IG §3.1, RFC 7591 §2). */
    @Nested
    class RegistrationParameters {

        static Stream<Arguments> invalidClientMetadata() {
            return Stream.of(
                    arguments(named("grant_types missing", (Supplier<SoftwareStatementBuilder>) () -> ac().grantTypes(null))),
                    arguments(named("grant_types not an array",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().claim("grant_types", "authorization_code"))),
                    arguments(named("grant_types with a non-string",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().claim("grant_types", List.of(1)))),
                    arguments(named("unknown grant implicit",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().grantTypes(List.of("implicit")))),
                    arguments(named("unknown grant password",
                            (Supplier<SoftwareStatementBuilder>) () -> cc().grantTypes(List.of("client_credentials", "password")))),
                    arguments(named("both authorization_code and client_credentials",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().grantTypes(List.of("authorization_code", "client_credentials")))),
                    arguments(named("duplicate grant",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().grantTypes(List.of("authorization_code", "authorization_code")))),
                    arguments(named("refresh_token alone",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().grantTypes(List.of("refresh_token")))),
                    arguments(named("refresh_token with client_credentials",
                            (Supplier<SoftwareStatementBuilder>) () -> cc().grantTypes(List.of("client_credentials", "refresh_token")))),
                    arguments(named("client_name missing", (Supplier<SoftwareStatementBuilder>) () -> ac().clientName(null))),
                    arguments(named("client_name blank", (Supplier<SoftwareStatementBuilder>) () -> cc().clientName(" "))),
                    arguments(named("client_name not a string", (Supplier<SoftwareStatementBuilder>) () -> cc().claim("client_name", 7))),
                    arguments(named("client_name of 256 characters (Keycloak's column holds 255)",
                            (Supplier<SoftwareStatementBuilder>) () -> cc().clientName("n".repeat(256)))),
                    arguments(named("eleven contacts",
                            (Supplier<SoftwareStatementBuilder>) () -> cc().contacts(java.util.Collections.nCopies(11, "mailto:a@b.org")))),
                    arguments(named("a contact of 256 characters",
                            (Supplier<SoftwareStatementBuilder>) () -> cc().contacts(List.of("mailto:" + "a".repeat(243) + "@b.org")))),
                    arguments(named("a logo_uri of 2049 characters",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().logoUri("https://example.org/" + "l".repeat(2029)))),
                    arguments(named("contacts missing", (Supplier<SoftwareStatementBuilder>) () -> cc().contacts(null))),
                    arguments(named("contacts empty", (Supplier<SoftwareStatementBuilder>) () -> cc().contacts(List.of()))),
                    arguments(named("contacts without mailto",
                            (Supplier<SoftwareStatementBuilder>) () -> cc().contacts(List.of("https://example.org/support", "tel:+15551234")))),
                    arguments(named("contacts with an empty mailto",
                            (Supplier<SoftwareStatementBuilder>) () -> cc().contacts(List.of("mailto:")))),
                    arguments(named("contacts a string", (Supplier<SoftwareStatementBuilder>) () -> cc().claim("contacts", "mailto:a@b.org"))),
                    arguments(named("token_endpoint_auth_method missing",
                            (Supplier<SoftwareStatementBuilder>) () -> cc().tokenEndpointAuthMethod(null))),
                    arguments(named("token_endpoint_auth_method client_secret_post",
                            (Supplier<SoftwareStatementBuilder>) () -> cc().tokenEndpointAuthMethod("client_secret_post"))),
                    arguments(named("token_endpoint_auth_method none",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().tokenEndpointAuthMethod("none"))),
                    arguments(named("authorization_code: response_types missing",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().responseTypes(null))),
                    arguments(named("authorization_code: response_types [token]",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().responseTypes(List.of("token")))),
                    arguments(named("authorization_code: response_types [code, token]",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().responseTypes(List.of("code", "token")))),
                    arguments(named("authorization_code: logo_uri missing", (Supplier<SoftwareStatementBuilder>) () -> ac().logoUri(null))),
                    arguments(named("authorization_code: http logo_uri",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().logoUri("http://example.org/logo.png"))),
                    arguments(named("authorization_code: relative logo_uri",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().logoUri("/logo.png"))),
                    arguments(named("client_credentials: response_types present",
                            (Supplier<SoftwareStatementBuilder>) () -> cc().responseTypes(List.of("code")))),
                    arguments(named("authorization_code: scope missing", (Supplier<SoftwareStatementBuilder>) () -> ac().scope(null))),
                    arguments(named("client_credentials: scope missing", (Supplier<SoftwareStatementBuilder>) () -> cc().scope(null))),
                    arguments(named("client_credentials: scope blank", (Supplier<SoftwareStatementBuilder>) () -> cc().scope("  "))),
                    arguments(named("scope an array", (Supplier<SoftwareStatementBuilder>) () -> cc().claim("scope", List.of("system/*.read")))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidClientMetadata")
        void registration_rejects_invalid_registration_parameters__invalid_client_metadata(Supplier<SoftwareStatementBuilder> statement) {
            rejected(INVALID_CLIENT_METADATA, request(statement.get()));
            assertEquals(0, replay.calls);
        }

        static Stream<Arguments> invalidRedirectUris() {
            return Stream.of(
                    arguments(named("authorization_code: redirect_uris missing",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(null))),
                    arguments(named("authorization_code: redirect_uris empty",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(List.of()))),
                    arguments(named("http redirect", (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(List.of("http://example.org/cb")))),
                    arguments(named("http://localhost without the dev switch",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(List.of("http://localhost:8080/cb")))),
                    arguments(named("redirect with a fragment",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(List.of("https://example.org/cb#section")))),
                    arguments(named("one good and one http redirect",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(List.of("https://example.org/cb", "http://example.org/cb")))),
                    arguments(named("relative redirect", (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(List.of("/cb")))),
                    arguments(named("custom scheme redirect",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(List.of("com.example.app:/callback")))),
                    arguments(named("unparseable redirect",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(List.of("https://exa mple.org/cb")))),
                    arguments(named("client_credentials with redirect_uris",
                            (Supplier<SoftwareStatementBuilder>) () -> cc().redirectUris(List.of("https://example.org/callback")))),
                    arguments(named("client_credentials with empty redirect_uris",
                            (Supplier<SoftwareStatementBuilder>) () -> cc().redirectUris(List.of()))),
                    arguments(named("a wildcard path (Keycloak would match anything under it)",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(List.of("https://app.example/*")))),
                    arguments(named("a wildcard in the host",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(List.of("https://*.example.org/cb")))),
                    arguments(named("user info in the redirect",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(List.of("https://user:pw@example.org/cb")))),
                    arguments(named("a redirect of 256 characters (Keycloak's column holds 255)",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(List.of("https://example.org/" + "p".repeat(236))))),
                    arguments(named("twenty-one redirects",
                            (Supplier<SoftwareStatementBuilder>) () -> ac().redirectUris(java.util.stream.IntStream.range(0, 21)
                                    .mapToObj(i -> "https://example.org/cb" + i).toList()))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidRedirectUris")
        void registration_rejects_bad_redirect_uris__invalid_redirect_uri(Supplier<SoftwareStatementBuilder> statement) {
            rejected(INVALID_REDIRECT_URI, request(statement.get()));
            assertEquals(0, replay.calls);
        }
    }
}
