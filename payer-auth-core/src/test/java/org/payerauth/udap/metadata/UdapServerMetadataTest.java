package org.payerauth.udap.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.pki.Certificates;
import org.payerauth.udap.pki.TrustCommunity;

/**
 * {@code /.well-known/udap} (HL7 UDAP Security IG §2.2 required metadata, §2.3 signed metadata), checked the way
 * the Inferno UDAP Security test kit checks it.
 */
class UdapServerMetadataTest {

    private static final String FHIR = "https://fhir.example.org/r4";
    private static final String AUTHZ = "https://auth.example.org/realms/payer/protocol/openid-connect/auth";
    private static final String TOKEN = "https://auth.example.org/realms/payer/protocol/openid-connect/token";
    private static final String REG = "https://auth.example.org/realms/payer/udap/register";

    private static final UdapServerMetadata.Capabilities AC_AND_CC = new UdapServerMetadata.Capabilities(AUTHZ, TOKEN,
            REG, List.of("authorization_code", "refresh_token", "client_credentials"),
            List.of("udap_dcr", "udap_authn", "udap_authz"), List.of(), List.of(),
            List.of("openid", "fhirUser", "patient/*.read", "system/*.read"));
    private static final UdapServerMetadata.Capabilities CC_ONLY = new UdapServerMetadata.Capabilities(AUTHZ, TOKEN,
            REG, List.of("client_credentials"), List.of("udap_dcr", "udap_authn", "udap_authz"), List.of("hl7-b2b"),
            List.of("hl7-b2b"), List.of("system/*.read"));

    private static CertificateAuthority ca;
    private static IssuedCertificate server;
    private static IssuedCertificate ecServer;
    private static TrustCommunity.ServerIdentity identity;
    private static Instant now;

    @BeforeAll
    static void pki() {
        CertificateAuthority root = CertificateAuthority.newRoot("Metadata Root", KeyAlgorithm.RSA_2048);
        ca = root.newIntermediate("Metadata CA", KeyAlgorithm.RSA_2048);
        server = ca.issue(LeafSpec.builder("FHIR server").sanUri(FHIR).build());
        ecServer = ca.issue(LeafSpec.builder("EC FHIR server").sanUri(FHIR).keyAlgorithm(KeyAlgorithm.EC_P256).build());
        identity = new TrustCommunity.ServerIdentity(server.privateKey(), server.chain());
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The document as a client sees it: serialized and parsed back. */
    private static Map<String, Object> served(UdapServerMetadata.Capabilities capabilities) throws Exception {
        return JSONObjectUtils.parse(JSONObjectUtils.toJSONString(UdapServerMetadata.document(capabilities, FHIR, identity, now)));
    }

    @Test
    void udap_versions_supported_is_exactly_the_array_1() throws Exception {
        assertEquals(List.of("1"), served(AC_AND_CC).get("udap_versions_supported"));
    }

    @Test
    void udap_profiles_supported_includes_udap_dcr_and_udap_authn() throws Exception {
        List<?> profiles = (List<?>) served(AC_AND_CC).get("udap_profiles_supported");
        assertTrue(profiles.contains("udap_dcr"));
        assertTrue(profiles.contains("udap_authn"));
        assertTrue(profiles.contains("udap_authz"), "client_credentials is offered: udap_authz is required too");
    }

    @Test
    void token_endpoint_auth_methods_supported_is_exactly_private_key_jwt() throws Exception {
        assertEquals(List.of("private_key_jwt"), served(AC_AND_CC).get("token_endpoint_auth_methods_supported"));
    }

    @Test
    void both_signing_alg_lists_include_RS256() throws Exception {
        Map<String, Object> json = served(AC_AND_CC);
        assertTrue(((List<?>) json.get("token_endpoint_auth_signing_alg_values_supported")).contains("RS256"));
        assertTrue(((List<?>) json.get("registration_endpoint_jwt_signing_alg_values_supported")).contains("RS256"));
    }

    @Test
    void udap_certifications_supported_is_an_empty_array() throws Exception {
        Map<String, Object> json = served(AC_AND_CC);
        assertEquals(List.of(), json.get("udap_certifications_supported"));
        assertFalse(json.containsKey("udap_certifications_required"));
    }

    @Test
    void no_udap_authorization_extensions_required_when_no_extensions_are_supported() throws Exception {
        Map<String, Object> json = served(AC_AND_CC);
        assertEquals(List.of(), json.get("udap_authorization_extensions_supported"));
        assertFalse(json.containsKey("udap_authorization_extensions_required"));
    }

    @Test
    void udap_authorization_extensions_required_is_present_when_extensions_are_supported() throws Exception {
        Map<String, Object> json = served(CC_ONLY);
        assertEquals(List.of("hl7-b2b"), json.get("udap_authorization_extensions_supported"));
        assertEquals(List.of("hl7-b2b"), json.get("udap_authorization_extensions_required"));
    }

    @Test
    void endpoints_grant_types_and_scopes_are_listed() throws Exception {
        Map<String, Object> json = served(AC_AND_CC);
        assertEquals(AUTHZ, json.get("authorization_endpoint"));
        assertEquals(TOKEN, json.get("token_endpoint"));
        assertEquals(REG, json.get("registration_endpoint"));
        assertEquals(List.of("authorization_code", "refresh_token", "client_credentials"), json.get("grant_types_supported"));
        assertEquals(List.of("openid", "fhirUser", "patient/*.read", "system/*.read"), json.get("scopes_supported"));
        assertInstanceOf(String.class, json.get("signed_metadata"));
    }

    @Test
    void authorization_endpoint_is_omitted_without_the_authorization_code_grant() throws Exception {
        Map<String, Object> json = served(CC_ONLY);
        assertFalse(json.containsKey("authorization_endpoint"));
        JWTClaimsSet claims = SignedJWT.parse((String) json.get("signed_metadata")).getJWTClaimsSet();
        assertFalse(claims.getClaims().containsKey("authorization_endpoint"));
    }

    // ------------------------------------------------------------------ signed_metadata

    @Test
    void signed_metadata_is_RS256_with_the_server_chain_as_x5c() throws Exception {
        SignedJWT jwt = SignedJWT.parse((String) served(AC_AND_CC).get("signed_metadata"));
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        List<X509Certificate> x5c = new ArrayList<>();
        for (com.nimbusds.jose.util.Base64 entry : jwt.getHeader().getX509CertChain()) {
            // RFC 7515 §4.1.6: standard base64 (not base64url) of the DER
            x5c.add(Certificates.fromDer(Base64.getDecoder().decode(entry.toString())));
        }
        assertEquals(server.chain(), x5c);
    }

    @Test
    void signed_metadata_signature_verifies_with_the_leaf_certificate_key() throws Exception {
        SignedJWT jwt = SignedJWT.parse((String) served(AC_AND_CC).get("signed_metadata"));
        X509Certificate leaf = Certificates.fromDer(jwt.getHeader().getX509CertChain().get(0).decode());
        assertTrue(jwt.verify(new RSASSAVerifier((RSAPublicKey) leaf.getPublicKey())));
    }

    @Test
    void signed_metadata_iss_and_sub_are_the_fhir_base_url_and_a_SAN_URI_of_the_leaf() throws Exception {
        SignedJWT jwt = SignedJWT.parse((String) served(AC_AND_CC).get("signed_metadata"));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(FHIR, claims.getIssuer());
        assertEquals(claims.getIssuer(), claims.getSubject());
        X509Certificate leaf = Certificates.fromDer(jwt.getHeader().getX509CertChain().get(0).decode());
        assertTrue(Certificates.sanUris(leaf).contains(claims.getIssuer()));
    }

    @Test
    void signed_metadata_times_are_numeric_and_exp_is_at_most_a_year_after_iat() throws Exception {
        SignedJWT jwt = SignedJWT.parse(UdapServerMetadata.sign(AC_AND_CC, FHIR, identity, now));
        Map<String, Object> raw = jwt.getPayload().toJSONObject();
        assertInstanceOf(Number.class, raw.get("iat"));
        assertInstanceOf(Number.class, raw.get("exp"));
        Instant iat = jwt.getJWTClaimsSet().getIssueTime().toInstant();
        Instant exp = jwt.getJWTClaimsSet().getExpirationTime().toInstant();
        assertEquals(now, iat);
        assertTrue(exp.isAfter(iat));
        assertFalse(exp.isAfter(iat.plus(Duration.ofDays(365))));
        assertEquals(iat.plus(UdapServerMetadata.SIGNED_METADATA_LIFETIME), exp);
    }

    @Test
    void signed_metadata_has_a_fresh_jti_on_every_call() throws Exception {
        String first = SignedJWT.parse(UdapServerMetadata.sign(AC_AND_CC, FHIR, identity, now)).getJWTClaimsSet().getJWTID();
        String second = SignedJWT.parse(UdapServerMetadata.sign(AC_AND_CC, FHIR, identity, now)).getJWTClaimsSet().getJWTID();
        assertNotNull(first);
        assertFalse(first.isBlank());
        assertNotEquals(first, second);
    }

    @Test
    void signed_metadata_endpoint_claims_equal_the_plain_json() throws Exception {
        Map<String, Object> json = served(AC_AND_CC);
        Map<String, Object> claims = SignedJWT.parse((String) json.get("signed_metadata")).getPayload().toJSONObject();
        for (String endpoint : List.of("authorization_endpoint", "token_endpoint", "registration_endpoint")) {
            assertInstanceOf(String.class, claims.get(endpoint), endpoint);
            assertEquals(json.get(endpoint), claims.get(endpoint), endpoint);
        }
    }

    @Test
    void an_EC_server_key_is_refused_because_signed_metadata_is_RS256() {
        TrustCommunity.ServerIdentity ec = new TrustCommunity.ServerIdentity(ecServer.privateKey(), ecServer.chain());
        assertThrows(IllegalStateException.class, () -> UdapServerMetadata.sign(AC_AND_CC, FHIR, ec, now));
        assertThrows(IllegalStateException.class, () -> UdapServerMetadata.document(AC_AND_CC, FHIR, ec, now));
    }
}
