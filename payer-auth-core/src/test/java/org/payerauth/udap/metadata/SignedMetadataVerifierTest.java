package org.payerauth.udap.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.payerauth.udap.Reason;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.TestSupport;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.jose.X5cJwtSigner;
import org.payerauth.udap.pki.CertificateChainValidator;
import org.payerauth.udap.pki.TrustCommunity;

/**
 * Verifying a peer's signed metadata (HL7 UDAP IG 2.0 §2.3; Tiered OAuth U4): what this server needs before it
 * trusts an identity provider it has never seen.
 */
class SignedMetadataVerifierTest {

    private static final String IDP = "https://idp.example.org/fhir";
    private static final Reason REASON = Reason.UNTRUSTED_IDENTITY_PROVIDER;
    private static final Set<String> ALGS = Set.copyOf(RegistrationSettings.SUPPORTED_ALGORITHMS);
    private static final UdapServerMetadata.Capabilities CAPABILITIES = new UdapServerMetadata.Capabilities(
            IDP + "/authorize", IDP + "/token", IDP + "/register", List.of("authorization_code", "refresh_token"),
            List.of("udap_dcr", "udap_authn", "udap_to"), List.of(), List.of(), List.of("openid", "udap"));

    private static CertificateAuthority ca;
    private static IssuedCertificate idp;
    private static TrustCommunity community;
    private static TrustCommunity otherCommunity;
    private static Instant now;

    @BeforeAll
    static void pki() {
        CertificateAuthority root = CertificateAuthority.newRoot("IdP community root", KeyAlgorithm.RSA_2048);
        ca = root.newIntermediate("IdP community CA", KeyAlgorithm.RSA_2048);
        idp = ca.issue(LeafSpec.builder("IdP").sanUri(IDP).build());
        community = TestSupport.community("udap://idps.example.org", List.of(root.certificate()), List.of(),
                new TrustCommunity.Revocation(TrustCommunity.RevocationSource.UPLOADED_CRLS, false),
                List.of(root.crl(), ca.crl()), "1");
        otherCommunity = TestSupport.community("udap://other.example.org",
                CertificateAuthority.newRoot("Other root", KeyAlgorithm.RSA_2048).certificate());
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static SignedMetadataVerifier verifier() {
        return new SignedMetadataVerifier(new CertificateChainValidator(TestSupport.fixedClock(now), Duration.ofMinutes(10)),
                TestSupport.fixedClock(now), Duration.ofSeconds(60));
    }

    /** The document as the IdP serves it, signed by {@code signer}, parsed back from JSON. */
    private static Map<String, Object> served(IssuedCertificate signer) throws Exception {
        return JSONObjectUtils.parse(JSONObjectUtils.toJSONString(UdapServerMetadata.document(CAPABILITIES, IDP,
                new TrustCommunity.ServerIdentity(signer.privateKey(), signer.chain()), now)));
    }

    private static SignedMetadataVerifier.Verified verify(Map<String, Object> metadata, List<TrustCommunity> communities)
            throws UdapException {
        return verifier().verify(metadata, IDP, communities, ALGS, new TestSupport.InMemoryCrls(),
                new TestSupport.RecordingWarnings(), REASON);
    }

    private static UdapException refused(Map<String, Object> metadata) {
        UdapException e = assertThrows(UdapException.class, () -> verify(metadata, List.of(community)));
        assertEquals(REASON, e.reason(), e.description());
        assertEquals("invalid_idp", e.error());
        return e;
    }

    /** Metadata whose signed_metadata carries exactly these claims. */
    private static Map<String, Object> withSignedClaims(Map<String, Object> claims) throws Exception {
        Map<String, Object> metadata = new LinkedHashMap<>(served(idp));
        metadata.put("signed_metadata", X5cJwtSigner.sign(claims, idp.privateKey(), JWSAlgorithm.RS256, idp.chain()));
        return metadata;
    }

    private static Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", IDP);
        claims.put("sub", IDP);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plusSeconds(3600).getEpochSecond());
        claims.put("jti", "j-1");
        claims.put("token_endpoint", IDP + "/token");
        claims.put("registration_endpoint", IDP + "/register");
        return claims;
    }

    @Nested
    class TrustedMetadata {

        @Test
        void metadata_signed_by_a_community_certificate_whose_san_is_the_idp_verifies() throws Exception {
            SignedMetadataVerifier.Verified verified = verify(served(idp), List.of(otherCommunity, community));
            assertSame(community, verified.community());
            assertEquals(IDP, verified.issuer());
            assertEquals(IDP + "/token", verified.string("token_endpoint"));
            assertEquals(now.plus(UdapServerMetadata.SIGNED_METADATA_LIFETIME), verified.expiresAt());
        }

        @Test
        void signed_endpoint_values_take_precedence_over_unsigned_ones() throws Exception {
            Map<String, Object> metadata = new LinkedHashMap<>(served(idp));
            metadata.put("token_endpoint", "https://attacker.example/token");
            metadata.put("authorization_endpoint", "https://attacker.example/authorize");
            SignedMetadataVerifier.Verified verified = verify(metadata, List.of(community));
            assertEquals(IDP + "/token", verified.string("token_endpoint"));
            assertEquals(IDP + "/authorize", verified.string("authorization_endpoint"));
        }
    }

    @Nested
    class SignedClaimsAlone {

        /** Security review 2 L2: callers can tell what the certificate vouches for from what the document merely says. */
        @Test
        void the_signed_claims_are_kept_apart_from_the_merged_document() throws Exception {
            Map<String, Object> metadata = withSignedClaims(claims()); // signs no authorization_endpoint
            SignedMetadataVerifier.Verified verified = verify(metadata, List.of(community));
            assertEquals(IDP + "/authorize", verified.string("authorization_endpoint"), "the unsigned document's");
            assertEquals(null, verified.signedString("authorization_endpoint"));
            assertEquals(IDP + "/token", verified.signedString("token_endpoint"));
            assertEquals(IDP, verified.signedString("iss"));
        }
    }

    @Nested
    class RefusedMetadata {

        @Test
        void metadata_without_signed_metadata_is_refused() throws Exception {
            Map<String, Object> metadata = new LinkedHashMap<>(served(idp));
            metadata.remove("signed_metadata");
            assertTrue(refused(metadata).description().contains("signed_metadata"));
        }

        @Test
        void a_certificate_of_no_trusted_community_is_refused() throws Exception {
            UdapException e = assertThrows(UdapException.class, () -> verify(served(idp), List.of(otherCommunity)));
            assertEquals(REASON, e.reason());
            assertTrue(e.description().contains("trust anchor"), e.description());
        }

        @Test
        void a_revoked_idp_certificate_is_refused() throws Exception {
            IssuedCertificate revoked = ca.issue(LeafSpec.builder("Revoked IdP").sanUri(IDP).build());
            ca.revoke(revoked.certificate().getSerialNumber());
            TrustCommunity withCrl = TestSupport.community("udap://idps.example.org", List.of(ca.root()), List.of(),
                    new TrustCommunity.Revocation(TrustCommunity.RevocationSource.UPLOADED_CRLS, false),
                    List.of(ca.crl()), "2");
            UdapException e = assertThrows(UdapException.class, () -> verify(served(revoked), List.of(withCrl)));
            assertEquals(REASON, e.reason());
            assertTrue(e.description().contains("revoked"), e.description());
        }

        @Test
        void metadata_for_another_base_url_is_refused() throws Exception {
            Map<String, Object> claims = claims();
            claims.put("iss", "https://other.example.org/fhir");
            assertTrue(refused(withSignedClaims(claims)).description().contains("iss"));
        }

        @Test
        void sub_must_equal_iss() throws Exception {
            Map<String, Object> claims = claims();
            claims.put("sub", "https://other.example.org/fhir");
            assertTrue(refused(withSignedClaims(claims)).description().contains("sub"));
        }

        @Test
        void a_signer_whose_san_is_not_the_idp_is_refused() throws Exception {
            IssuedCertificate elsewhere = ca.issue(LeafSpec.builder("Elsewhere").sanUri("https://elsewhere.example.org").build());
            Map<String, Object> metadata = new LinkedHashMap<>(served(idp));
            metadata.put("signed_metadata", X5cJwtSigner.sign(claims(), elsewhere.privateKey(), JWSAlgorithm.RS256,
                    elsewhere.chain()));
            assertTrue(refused(metadata).description().contains("subjectAltName"));
        }

        @Test
        void expired_signed_metadata_is_refused() throws Exception {
            Map<String, Object> claims = claims();
            claims.put("iat", now.minusSeconds(7200).getEpochSecond());
            claims.put("exp", now.minusSeconds(3600).getEpochSecond());
            assertTrue(refused(withSignedClaims(claims)).description().contains("expired"));
        }

        @Test
        void signed_metadata_valid_for_more_than_a_year_is_refused() throws Exception {
            Map<String, Object> claims = claims();
            claims.put("exp", now.plus(Duration.ofDays(400)).getEpochSecond());
            assertTrue(refused(withSignedClaims(claims)).description().contains("lives too long"));
        }

        @Test
        void jti_is_required() throws Exception {
            Map<String, Object> claims = claims();
            claims.remove("jti");
            assertTrue(refused(withSignedClaims(claims)).description().contains("jti"));
        }

        @Test
        void the_token_and_registration_endpoints_must_be_signed() throws Exception {
            for (String endpoint : List.of("token_endpoint", "registration_endpoint")) {
                Map<String, Object> claims = claims();
                claims.remove(endpoint);
                assertTrue(refused(withSignedClaims(claims)).description().contains(endpoint), endpoint);
            }
        }

        @Test
        void a_tampered_signature_is_refused() throws Exception {
            Map<String, Object> metadata = new LinkedHashMap<>(served(idp));
            String jwt = (String) metadata.get("signed_metadata");
            String[] parts = jwt.split("\\.");
            String forgedPayload = com.nimbusds.jose.util.Base64URL.encode(JSONObjectUtils.toJSONString(claims())
                    .replace(IDP + "/token", "https://attacker.example/token")).toString();
            metadata.put("signed_metadata", parts[0] + "." + forgedPayload + "." + parts[2]);
            assertTrue(refused(metadata).description().contains("signature"));
        }
    }
}
