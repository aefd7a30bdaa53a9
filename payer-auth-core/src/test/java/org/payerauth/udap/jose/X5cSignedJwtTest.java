package org.payerauth.udap.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.payerauth.udap.Reason;
import org.payerauth.udap.ReplayGuard;
import org.payerauth.oauth.OAuthErrorCodes;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.registration.SoftwareStatementBuilder;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.TestSupport;
import org.payerauth.udap.UdapException;

/**
 * The x5c-signed JWS shared by software statements and client assertions (HL7 UDAP Security IG §1.2 JWT
 * requirements): algorithm allow-list, x5c header limits, signature by the first x5c certificate's key, raw claims.
 */
class X5cSignedJwtTest {

    private static final Set<String> ALGS = Set.copyOf(RegistrationSettings.SUPPORTED_ALGORITHMS);
    private static final String ISS = "https://apps.example.org/x5c";
    private static final String AUD = "https://auth.example.org/token";

    private static CertificateAuthority ca;
    private static IssuedCertificate rsa;
    private static IssuedCertificate ec256;
    private static IssuedCertificate ec384;

    @BeforeAll
    static void pki() {
        CertificateAuthority root = CertificateAuthority.newRoot("X5c Root", KeyAlgorithm.EC_P256);
        ca = root.newIntermediate("X5c CA", KeyAlgorithm.EC_P256);
        rsa = ca.issue(LeafSpec.builder("RSA").sanUri(ISS).keyAlgorithm(KeyAlgorithm.RSA_2048).build());
        ec256 = ca.issue(LeafSpec.builder("P-256").sanUri(ISS).keyAlgorithm(KeyAlgorithm.EC_P256).build());
        ec384 = ca.issue(LeafSpec.builder("P-384").sanUri(ISS).keyAlgorithm(KeyAlgorithm.EC_P384).build());
    }

    private static X5cSignedJwt verify(String compact) throws UdapException {
        return X5cSignedJwt.verify(compact, ALGS, 5, 8 * 1024, Reason.CLIENT_AUTHENTICATION_FAILED, "client assertion");
    }

    private static UdapException refused(String compact) {
        UdapException e = assertThrows(UdapException.class, () -> verify(compact));
        assertEquals("invalid_client", e.error(), "the caller's error code is used for every failure");
        assertTrue(e.description().contains("client assertion"), e.description());
        return e;
    }

    @Test
    void verified_jwt_exposes_leaf_other_certificates_and_raw_claims() throws Exception {
        String compact = SoftwareStatementBuilder.clientCredentials(ISS, AUD).jti("j1").sign(rsa.privateKey(), rsa.chain());

        X5cSignedJwt jwt = verify(compact);

        assertEquals(rsa.certificate(), jwt.leaf());
        assertEquals(List.of(ca.certificate()), jwt.others());
        assertEquals(ISS, jwt.claims().get("iss"));
        assertEquals("j1", jwt.claims().get("jti"));
        assertEquals(List.of("client_credentials"), jwt.claims().get("grant_types"));
        assertEquals(compact, jwt.jwt().serialize());
    }

    @Test
    void raw_claims_keep_json_types_exactly_as_sent() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>(SoftwareStatementBuilder.clientCredentials(ISS, AUD).claims());
        claims.put("aud", List.of(AUD));
        claims.put("grant_types", List.of());
        String compact = TestSupport.signClaims(claims, rsa.privateKey(), JWSAlgorithm.RS256, rsa.x5c());

        X5cSignedJwt jwt = verify(compact);

        assertEquals(List.of(AUD), jwt.claims().get("aud"));
        assertEquals(List.of(), jwt.claims().get("grant_types"));
    }

    @Test
    void leaf_only_x5c_has_no_other_certificates() throws Exception {
        String compact = SoftwareStatementBuilder.clientCredentials(ISS, AUD)
                .signWith(ec256.privateKey(), JWSAlgorithm.ES256, List.of(ec256.certificate()));
        assertEquals(List.of(), verify(compact).others());
    }

    @Test
    void es384_with_a_P384_certificate_verifies() throws Exception {
        assertEquals(ec384.certificate(), verify(SoftwareStatementBuilder.clientCredentials(ISS, AUD).sign(ec384.privateKey(), ec384.chain())).leaf());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a", "a.b", "a.b.c.d.e"})
    void missing_or_malformed_compact_serialization_is_refused(String compact) {
        refused(compact);
    }

    @Test
    void null_is_refused() {
        refused(null);
    }

    @Test
    void alg_none_is_refused() {
        String header = "{\"alg\":\"none\",\"x5c\":[\"" + rsa.x5c().get(0) + "\"]}";
        refused(TestSupport.unsecured(header, "{\"iss\":\"" + ISS + "\"}"));
    }

    @Test
    void alg_none_with_a_signature_segment_is_refused() {
        String header = "{\"alg\":\"none\",\"x5c\":[\"" + rsa.x5c().get(0) + "\"]}";
        refused(TestSupport.unsecured(header, "{\"iss\":\"" + ISS + "\"}") + "c2lnbmF0dXJl");
    }

    @Test
    void es256_header_on_a_P384_certificate_is_refused() {
        // the curve must match the algorithm (P-256 for ES256)
        String compact = SoftwareStatementBuilder.clientCredentials(ISS, AUD)
                .signWith(ec256.privateKey(), JWSAlgorithm.ES256, ec384.chain());
        refused(compact);
    }

    @Test
    void rs256_header_on_an_EC_certificate_is_refused() {
        String compact = SoftwareStatementBuilder.clientCredentials(ISS, AUD)
                .signWith(rsa.privateKey(), JWSAlgorithm.RS256, ec256.chain());
        refused(compact);
    }

    @Test
    void x5c_entry_limit_counts_base64_characters() throws Exception {
        String compact = SoftwareStatementBuilder.clientCredentials(ISS, AUD).sign(rsa.privateKey(), rsa.chain());
        int leafChars = rsa.x5c().get(0).toString().length();
        int caChars = rsa.x5c().get(1).toString().length();
        int largest = Math.max(leafChars, caChars);
        X5cSignedJwt.verify(compact, ALGS, 2, largest, Reason.CLIENT_AUTHENTICATION_FAILED, "client assertion");
        UdapException e = assertThrows(UdapException.class,
                () -> X5cSignedJwt.verify(compact, ALGS, 2, largest - 1, Reason.CLIENT_AUTHENTICATION_FAILED, "client assertion"));
        assertTrue(e.description().contains(String.valueOf(largest - 1)), e.description());
    }

    @Test
    void x5c_count_limit_is_inclusive() throws Exception {
        String compact = SoftwareStatementBuilder.clientCredentials(ISS, AUD).sign(rsa.privateKey(), rsa.chain());
        X5cSignedJwt.verify(compact, ALGS, 2, 8 * 1024, Reason.CLIENT_AUTHENTICATION_FAILED, "client assertion");
        assertThrows(UdapException.class,
                () -> X5cSignedJwt.verify(compact, ALGS, 1, 8 * 1024, Reason.CLIENT_AUTHENTICATION_FAILED, "client assertion"));
    }

    @Test
    void x5c_entry_that_is_not_a_certificate_is_refused() {
        List<Base64> x5c = List.of(Base64.encode(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}));
        refused(TestSupport.signClaims(Map.of("iss", ISS), rsa.privateKey(), JWSAlgorithm.RS256, x5c));
    }

    @Test
    void x5c_that_is_not_an_array_of_strings_is_refused() {
        String header = "{\"alg\":\"RS256\",\"x5c\":\"" + rsa.x5c().get(0) + "\"}";
        refused(TestSupport.unsecured(header, "{}") + "c2ln");
    }
    /** Key policy, applied to every x5c certificate before any signature is verified with it (IG §1.2.3). */
    @org.junit.jupiter.api.Nested
    class KeyPolicyBeforeSignatures {

        @Test
        void an_rsa_1024_signer_is_refused_before_its_signature_is_checked() {
            IssuedCertificate weak = ca.issue(LeafSpec.builder("RSA-1024").sanUri(ISS).keyAlgorithm(KeyAlgorithm.RSA_1024).build());
            // signed by another key: the policy refuses the advertised certificate before any signature is checked
            String compact = SoftwareStatementBuilder.clientCredentials(ISS, AUD)
                    .signWith(rsa.privateKey(), com.nimbusds.jose.JWSAlgorithm.RS256, weak.chain());
            assertTrue(refused(compact).description().contains("RSA key of 1024 bits"));
        }

        @Test
        void an_x5c_intermediate_on_p521_is_refused() {
            CertificateAuthority p521 = ca.newIntermediate("P-521 CA", KeyAlgorithm.EC_P521);
            IssuedCertificate leaf = p521.issue(LeafSpec.builder("Under P-521").sanUri(ISS).keyAlgorithm(KeyAlgorithm.EC_P256).build());
            String compact = SoftwareStatementBuilder.clientCredentials(ISS, AUD).sign(leaf.privateKey(), leaf.chain());
            assertTrue(refused(compact).description().contains("P-256 or P-384"));
        }

        @Test
        void rsa_2048_to_4096_and_p256_p384_signers_pass_the_policy() throws Exception {
            IssuedCertificate rsa4096 = ca.issue(LeafSpec.builder("RSA-4096").sanUri(ISS).keyAlgorithm(KeyAlgorithm.RSA_4096).build());
            for (IssuedCertificate signer : List.of(rsa, rsa4096, ec256, ec384)) {
                verify(SoftwareStatementBuilder.clientCredentials(ISS, AUD).sign(signer.privateKey(), signer.chain()));
            }
        }
    }
    /** Headers that must never be dereferenced or honoured (reliability-security.md §1 row 9). */
    @org.junit.jupiter.api.Nested
    class HeadersNeverHonoured {

        private String signed(com.nimbusds.jose.JWSHeader header, java.security.PrivateKey key) throws Exception {
            com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(header,
                    com.nimbusds.jwt.JWTClaimsSet.parse(SoftwareStatementBuilder.clientCredentials(ISS, AUD).claims()));
            jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
            return jwt.serialize();
        }

        @Test
        void an_unknown_critical_header_is_refused() throws Exception {
            com.nimbusds.jose.JWSHeader header = new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                    .x509CertChain(rsa.x5c()).criticalParams(java.util.Set.of("exp")).customParam("exp", 1).build();
            refused(signed(header, rsa.privateKey()));
        }

        @Test
        void an_embedded_jwk_jku_or_x5u_is_never_used_to_verify() throws Exception {
            IssuedCertificate attacker = ca.issue(LeafSpec.builder("Attacker").sanUri(ISS).keyAlgorithm(KeyAlgorithm.RSA_2048).build());
            com.nimbusds.jose.JWSHeader header = new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                    .x509CertChain(rsa.x5c())
                    .jwk(new com.nimbusds.jose.jwk.RSAKey.Builder((java.security.interfaces.RSAPublicKey) attacker.certificate().getPublicKey()).build())
                    .jwkURL(java.net.URI.create("http://127.0.0.1:1/jwks"))
                    .x509CertURL(java.net.URI.create("http://169.254.169.254/cert"))
                    .build();
            // signed by the attacker's key: only the x5c certificate's key counts, so the signature does not verify
            assertTrue(refused(signed(header, attacker.privateKey())).description().contains("signature"));
        }
    }
}
