package org.payerauth.udap.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.payerauth.udap.Reason;
import org.payerauth.udap.TestSupport;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.metadata.SignedMetadataVerifier;
import org.payerauth.udap.pki.TrustCommunity;

/**
 * What a Tiered login takes from an IdP's verified metadata (security review 2 L2): the endpoints only as signed, and
 * the JWKS only from the signed metadata or the issuer's own origin.
 */
class TieredIdpMetadataTest {

    private static final String IDP = "https://idp.example.org/fhir";
    private static final Instant EXP = Instant.parse("2026-12-01T13:00:00Z");
    private static TrustCommunity community;

    @BeforeAll
    static void community() {
        community = TestSupport.community("udap://idps.example.org",
                CertificateAuthority.newRoot("IdP community root", KeyAlgorithm.RSA_2048).certificate());
    }

    private static Map<String, Object> signedEndpoints() {
        Map<String, Object> signed = new LinkedHashMap<>();
        signed.put("iss", IDP);
        signed.put("authorization_endpoint", IDP + "/authorize");
        signed.put("token_endpoint", IDP + "/token");
        signed.put("registration_endpoint", IDP + "/register");
        return signed;
    }

    /** Verified metadata: the served document (signed values merged over it) and the signed claims alone. */
    private static SignedMetadataVerifier.Verified verified(Map<String, Object> unsigned, Map<String, Object> signed) {
        Map<String, Object> merged = new LinkedHashMap<>(unsigned);
        merged.put("scopes_supported", List.of("openid", "udap"));
        merged.putAll(signed);
        return new SignedMetadataVerifier.Verified(IDP, community, null, merged, signed, EXP);
    }

    private static TieredIdpMetadata of(Map<String, Object> unsigned, Map<String, Object> signed) throws UdapException {
        return TieredIdpMetadata.of(verified(unsigned, signed), false);
    }

    @Test
    void the_endpoints_are_the_signed_ones() throws UdapException {
        TieredIdpMetadata metadata = of(Map.of("authorization_endpoint", "https://attacker.example/authorize"),
                signedEndpoints());
        assertEquals(IDP + "/authorize", metadata.authorizationEndpoint());
        assertEquals(IDP + "/token", metadata.tokenEndpoint());
        assertEquals(IDP + "/register", metadata.registrationEndpoint());
        assertEquals("udap://idps.example.org", metadata.communityUri());
        assertNull(metadata.signedJwksUri());
    }

    @Test
    void an_authorization_endpoint_only_in_the_unsigned_metadata_is_invalid_idp() {
        Map<String, Object> signed = signedEndpoints();
        signed.remove("authorization_endpoint");
        UdapException e = assertThrows(UdapException.class,
                () -> of(Map.of("authorization_endpoint", IDP + "/authorize"), signed));
        assertEquals(Reason.UNTRUSTED_IDENTITY_PROVIDER, e.reason());
        assertEquals("invalid_idp", e.error());
        assertTrue(e.description().contains("authorization_endpoint"), e.description());
    }

    @Test
    void a_signed_jwks_uri_is_used_on_any_origin_and_the_openid_configurations_is_then_ignored() throws UdapException {
        Map<String, Object> signed = signedEndpoints();
        signed.put("jwks_uri", "https://keys.idp-cdn.example/jwks");
        TieredIdpMetadata metadata = of(Map.of(), signed);
        assertEquals("https://keys.idp-cdn.example/jwks", metadata.jwksUri("https://attacker.example/jwks", false));
        assertEquals("https://keys.idp-cdn.example/jwks", metadata.jwksUri(null, false));
        assertTrue(metadata.allowsJwksUri("https://keys.idp-cdn.example/jwks", false));
        assertFalse(metadata.allowsJwksUri(IDP + "/jwks", false), "a registration kept with another JWKS is redone");
    }

    @Test
    void a_jwks_uri_only_in_the_unsigned_metadata_does_not_count_as_signed() throws UdapException {
        TieredIdpMetadata metadata = of(Map.of("jwks_uri", "https://keys.idp-cdn.example/jwks"), signedEndpoints());
        assertNull(metadata.signedJwksUri());
        assertThrows(UdapException.class, () -> metadata.jwksUri("https://keys.idp-cdn.example/jwks", false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "https://idp.example.org/jwks, true",
            "https://idp.example.org/fhir/protocol/openid-connect/certs, true",
            "https://IDP.example.org:443/keys, true",
            "https://idp.example.org:8443/jwks, false",
            "http://idp.example.org/jwks, false",
            "https://keys.idp.example.org/jwks, false",
            "https://idp.example.org.attacker.example/jwks, false",
            "https://attacker.example/jwks, false",
            "/jwks, false",
    })
    void an_unsigned_jwks_uri_is_accepted_only_on_the_issuers_own_origin(String jwks, boolean accepted) throws UdapException {
        TieredIdpMetadata metadata = of(Map.of(), signedEndpoints());
        if (accepted) {
            assertEquals(jwks, metadata.jwksUri(jwks, false));
            assertTrue(metadata.allowsJwksUri(jwks, false));
        } else {
            UdapException e = assertThrows(UdapException.class, () -> metadata.jwksUri(jwks, false));
            assertEquals("invalid_idp", e.error());
            assertFalse(metadata.allowsJwksUri(jwks, false));
        }
    }

    @Test
    void no_jwks_uri_at_all_is_invalid_idp() throws UdapException {
        TieredIdpMetadata metadata = of(Map.of(), signedEndpoints());
        assertEquals("invalid_idp", assertThrows(UdapException.class, () -> metadata.jwksUri(null, false)).error());
        assertFalse(metadata.allowsJwksUri(null, false));
    }

    @Test
    void the_development_switch_allows_http_on_the_issuers_origin_only() throws UdapException {
        String issuer = "http://localhost:8080/realms/member-idp";
        Map<String, Object> signed = new LinkedHashMap<>();
        signed.put("authorization_endpoint", issuer + "/protocol/openid-connect/auth");
        signed.put("token_endpoint", issuer + "/protocol/openid-connect/token");
        signed.put("registration_endpoint", issuer + "/udap/register");
        Map<String, Object> merged = new LinkedHashMap<>(signed);
        merged.put("scopes_supported", List.of("openid", "udap"));
        TieredIdpMetadata metadata = TieredIdpMetadata.of(
                new SignedMetadataVerifier.Verified(issuer, community, null, merged, signed, EXP), true);
        assertEquals(issuer + "/protocol/openid-connect/certs", metadata.jwksUri(issuer + "/protocol/openid-connect/certs", true));
        assertThrows(UdapException.class, () -> metadata.jwksUri("http://127.0.0.1:8080/realms/member-idp/certs", true));
    }
}
