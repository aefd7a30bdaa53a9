package org.payerauth.udap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.pki.TrustCommunity;
import org.payerauth.udap.registration.ClientMetadata;

/** The value types: registration settings, client metadata, trust community, UDAP errors. */
class UdapModelTest {

    private static CertificateAuthority root;

    @BeforeAll
    static void pki() {
        root = CertificateAuthority.newRoot("Model Root", KeyAlgorithm.EC_P256);
    }

    // ------------------------------------------------------------------ RegistrationSettings

    @Test
    void default_settings_are_STU2_strict_with_5_minute_statements() {
        RegistrationSettings d = RegistrationSettings.defaults();
        assertEquals(RegistrationSettings.Mode.STU2, d.mode());
        assertTrue(d.clientSecretBasicAllowed());
        assertFalse(d.localhostRedirectsAllowed());
        assertEquals(64 * 1024, d.maxRequestBytes());
        assertEquals(5, d.maxX5cCount());
        assertEquals(8 * 1024, d.maxX5cEntryBytes());
        assertEquals(Set.of("RS256", "ES256", "RS384", "ES384"), d.algorithms());
        assertEquals(Duration.ofSeconds(300), d.maxStatementLifetime());
        assertEquals(Duration.ofSeconds(60), d.clockSkew());
    }

    @Test
    void supported_algorithms_never_include_none_or_HMAC_and_RS256_comes_first() {
        assertEquals("RS256", RegistrationSettings.SUPPORTED_ALGORITHMS.get(0));
        for (String alg : RegistrationSettings.SUPPORTED_ALGORITHMS) {
            assertFalse(alg.equalsIgnoreCase("none") || alg.startsWith("HS"), alg);
        }
    }

    @Test
    void each_wither_changes_only_its_own_field() {
        RegistrationSettings d = RegistrationSettings.defaults();
        assertEquals(new RegistrationSettings(RegistrationSettings.Mode.STU1_1, true, false, 64 * 1024, 5, 8 * 1024,
                d.algorithms(), d.maxStatementLifetime(), d.clockSkew()), d.withMode(RegistrationSettings.Mode.STU1_1));
        assertEquals(new RegistrationSettings(d.mode(), false, false, 64 * 1024, 5, 8 * 1024, d.algorithms(),
                d.maxStatementLifetime(), d.clockSkew()), d.withClientSecretBasicAllowed(false));
        assertEquals(new RegistrationSettings(d.mode(), true, true, 64 * 1024, 5, 8 * 1024, d.algorithms(),
                d.maxStatementLifetime(), d.clockSkew()), d.withLocalhostRedirectsAllowed(true));
        assertEquals(new RegistrationSettings(d.mode(), true, false, 1, 2, 3, d.algorithms(), d.maxStatementLifetime(),
                d.clockSkew()), d.withLimits(1, 2, 3));
    }

    // ------------------------------------------------------------------ ClientMetadata

    @Test
    void client_metadata_derives_its_flags_from_grant_types_and_auth_method() {
        ClientMetadata cancel = new ClientMetadata("App", List.of(), List.of(), List.of(), null, List.of("mailto:a@b.org"),
                null, ClientMetadata.PRIVATE_KEY_JWT);
        assertTrue(cancel.isCancel());
        assertFalse(cancel.isAuthorizationCode());
        assertFalse(cancel.isClientCredentials());

        ClientMetadata ac = new ClientMetadata("App", List.of("authorization_code", "refresh_token"), List.of("code"),
                List.of("https://example.org/cb"), "https://example.org/logo.png", List.of("mailto:a@b.org"), "openid",
                ClientMetadata.CLIENT_SECRET_BASIC);
        assertFalse(ac.isCancel());
        assertTrue(ac.isAuthorizationCode());
        assertTrue(ac.wantsRefreshTokens());
        assertTrue(ac.usesClientSecret());
    }

    @Test
    void client_metadata_lists_are_immutable_copies() {
        List<String> grants = new ArrayList<>(List.of("client_credentials"));
        ClientMetadata metadata = new ClientMetadata("App", grants, List.of(), List.of(), null, List.of("mailto:a@b.org"),
                "system/*.read", ClientMetadata.PRIVATE_KEY_JWT);
        grants.clear();
        assertEquals(List.of("client_credentials"), metadata.grantTypes());
        assertThrows(UnsupportedOperationException.class, () -> metadata.grantTypes().add("x"));
    }

    // ------------------------------------------------------------------ TrustCommunity

    @Test
    void trust_community_needs_at_least_one_anchor() {
        assertThrows(IllegalArgumentException.class, () -> new TrustCommunity("https://c.example.org", true, List.of(),
                List.of(), TrustCommunity.Revocation.FAIL_CLOSED_DISTRIBUTION_POINTS, List.of(), Optional.empty(), "1"));
    }

    @Test
    void trust_community_requires_uri_revocation_identity_and_version() {
        List<X509Certificate> anchors = List.of(root.certificate());
        TrustCommunity.Revocation fc = TrustCommunity.Revocation.FAIL_CLOSED_DISTRIBUTION_POINTS;
        assertThrows(NullPointerException.class,
                () -> new TrustCommunity(null, true, anchors, List.of(), fc, List.of(), Optional.empty(), "1"));
        assertThrows(NullPointerException.class,
                () -> new TrustCommunity("u", true, anchors, List.of(), null, List.of(), Optional.empty(), "1"));
        assertThrows(NullPointerException.class,
                () -> new TrustCommunity("u", true, anchors, List.of(), fc, List.of(), null, "1"));
        assertThrows(NullPointerException.class,
                () -> new TrustCommunity("u", true, anchors, List.of(), fc, List.of(), Optional.empty(), null));
    }

    @Test
    void trust_community_copies_its_lists() {
        List<X509Certificate> anchors = new ArrayList<>(List.of(root.certificate()));
        TrustCommunity community = new TrustCommunity("u", true, anchors, List.of(),
                TrustCommunity.Revocation.FAIL_CLOSED_DISTRIBUTION_POINTS, List.of(), Optional.empty(), "1");
        anchors.clear();
        assertEquals(List.of(root.certificate()), community.anchors());
    }

    @Test
    void fail_closed_distribution_points_is_the_strict_policy() {
        TrustCommunity.Revocation policy = TrustCommunity.Revocation.FAIL_CLOSED_DISTRIBUTION_POINTS;
        assertEquals(TrustCommunity.RevocationSource.DISTRIBUTION_POINTS, policy.source());
        assertFalse(policy.softFail());
    }

    @Test
    void server_identity_needs_a_key_and_a_non_empty_chain_and_exposes_the_leaf() {
        assertThrows(IllegalArgumentException.class, () -> new TrustCommunity.ServerIdentity(root.privateKey(), List.of()));
        assertThrows(NullPointerException.class, () -> new TrustCommunity.ServerIdentity(null, List.of(root.certificate())));
        assertSame(root.certificate(),
                new TrustCommunity.ServerIdentity(root.privateKey(), List.of(root.certificate())).certificate());
    }

    // ------------------------------------------------------------------ UdapException

    @Test
    void every_reason_maps_to_one_rfc6749_rfc7591_or_udap_error_code() {
        java.util.Map<Reason, String> expected = new java.util.EnumMap<>(Reason.class);
        expected.put(Reason.MALFORMED_REGISTRATION_REQUEST, "invalid_client_metadata");
        expected.put(Reason.INVALID_SOFTWARE_STATEMENT, "invalid_software_statement");
        expected.put(Reason.UNTRUSTED_CERTIFICATE, "unapproved_software_statement");
        expected.put(Reason.REJECTED_CERTIFICATE, "unapproved_software_statement");
        expected.put(Reason.UNAPPROVED_CERTIFICATION, "unapproved_software_statement");
        expected.put(Reason.INVALID_CLIENT_METADATA, "invalid_client_metadata");
        expected.put(Reason.INVALID_REDIRECT_URI, "invalid_redirect_uri");
        expected.put(Reason.REGISTRATION_BLOCKED, "unapproved_software_statement");
        expected.put(Reason.REGISTRATION_LIMIT_REACHED, "unapproved_software_statement");
        expected.put(Reason.REGISTRATION_THROTTLED, "temporarily_unavailable");
        expected.put(Reason.CLIENT_AUTHENTICATION_FAILED, "invalid_client");
        expected.put(Reason.INVALID_AUTHORIZATION_EXTENSION, "invalid_grant");
        expected.put(Reason.MISSING_TOKEN_PARAMETER, "invalid_request");
        expected.put(Reason.UNTRUSTED_IDENTITY_PROVIDER, "invalid_idp");
        expected.put(Reason.IDENTITY_PROVIDER_CHECKS_BUSY, "invalid_idp");
        expected.put(Reason.TIERED_SETUP_INCOMPLETE, "invalid_idp");
        expected.put(Reason.IDENTITY_PROVIDER_LIMIT_REACHED, "invalid_idp");
        expected.put(Reason.INVALID_IDP_PARAMETER, "invalid_request");
        expected.put(Reason.UDAP_SCOPE_NOT_REGISTERED, "invalid_scope");
        expected.put(Reason.IDP_STATE_MISMATCH, "server_error");
        expected.put(Reason.IDP_AUTHENTICATION_DENIED, "access_denied");
        expected.put(Reason.INVALID_ID_TOKEN, "invalid_idp");
        expected.put(Reason.MEMBER_NOT_FOUND, "access_denied");
        assertEquals(java.util.EnumSet.allOf(Reason.class), expected.keySet(), "a new reason needs its code here");
        for (Reason reason : Reason.values()) {
            assertEquals(expected.get(reason), new UdapException(reason, "d").error(), reason.name());
        }
    }

    @Test
    void an_exception_keeps_its_reason_and_description_and_can_be_restated_for_another_step() {
        UdapException e = UdapException.untrusted("desc");
        assertEquals(Reason.UNTRUSTED_CERTIFICATE, e.reason());
        assertEquals("desc", e.description());
        assertEquals("desc", e.getMessage());
        UdapException restated = e.as(Reason.CLIENT_AUTHENTICATION_FAILED);
        assertEquals("invalid_client", restated.error());
        assertEquals("desc", restated.description());
        assertEquals(Reason.INVALID_SOFTWARE_STATEMENT, UdapException.invalidStatement("d").reason());
        assertEquals(Reason.INVALID_CLIENT_METADATA, UdapException.invalidMetadata("d").reason());
        assertEquals("desc", e.detail(), "without an operator-only detail, operators read the description");
    }

    @Test
    void an_operator_only_detail_is_not_part_of_the_description_and_survives_a_restatement() {
        UdapException e = new UdapException(Reason.UNTRUSTED_IDENTITY_PROVIDER, "generic", "host h resolves to 10.0.0.7");
        assertEquals("generic", e.description());
        assertEquals("generic", e.getMessage());
        assertEquals("generic (host h resolves to 10.0.0.7)", e.detail());
        assertEquals("generic (host h resolves to 10.0.0.7)", e.as(Reason.INVALID_ID_TOKEN).detail());
        assertEquals("generic", e.as(Reason.INVALID_ID_TOKEN).description());
    }
}
