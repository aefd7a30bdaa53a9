package org.payerauth.udap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.payerauth.udap.Reason;
import org.payerauth.udap.ReplayGuard;
import org.payerauth.oauth.OAuthErrorCodes;
import org.payerauth.udap.pki.CertificateChainValidator.ValidatedChain;
import org.payerauth.udap.TestSupport.InMemoryCrls;
import org.payerauth.udap.TestSupport.MutableClock;
import org.payerauth.udap.TestSupport.RecordingWarnings;
import org.payerauth.udap.pki.TrustCommunity.Revocation;
import org.payerauth.udap.pki.TrustCommunity.RevocationSource;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IntermediateSpec;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.TestSupport;
import org.payerauth.udap.UdapException;

/**
 * Certificate chain validation against a trust community (UDAP DCR §4 / HL7 UDAP Security IG §3.2.3 "validation of
 * the X.509 certificate chain"): path to an anchor, validity at "now", end-entity constraints, CRL revocation
 * (distribution points or uploaded CRLs, fail-closed or soft-fail) and the validation cache.
 */
class CertificateChainValidatorTest {

    private static final String A = "https://community-a.example.org";
    private static final String B = "https://community-b.example.org";
    private static final String A_ROOT_CRL = "http://crl.community-a.example.org/root.crl";
    private static final String A_CA_CRL = "http://crl.community-a.example.org/issuing-ca.crl";
    private static final String A_REVOKED_CA_CRL = "http://crl.community-a.example.org/revoked-ca.crl";
    private static final String A_SHORT_CA_CRL = "http://crl.community-a.example.org/short-lived-ca.crl";
    private static final String B_ROOT_CRL = "http://crl.community-b.example.org/root.crl";
    private static final String B_CA_CRL = "http://crl.community-b.example.org/issuing-ca.crl";

    private static CertificateAuthority rootA;
    private static CertificateAuthority caA;
    private static CertificateAuthority revokedCaA;
    private static CertificateAuthority shortLivedCaA;
    private static CertificateAuthority rootB;
    private static CertificateAuthority caB;

    private static final Map<KeyAlgorithm, IssuedCertificate> VALID = new EnumMap<>(KeyAlgorithm.class);
    private static IssuedCertificate rootIssuedLeaf;
    private static IssuedCertificate leafB;
    private static IssuedCertificate expired;
    private static IssuedCertificate notYetValid;
    private static IssuedCertificate caTrue;
    private static IssuedCertificate noDigitalSignature;
    private static IssuedCertificate revokedLeaf;
    private static IssuedCertificate leafOfRevokedCa;
    private static IssuedCertificate noCrlDistributionPoint;
    private static IssuedCertificate leafOfShortLivedCa;

    private static X509CRL rootACrl;
    private static X509CRL caACrl;
    private static X509CRL revokedCaACrl;
    private static X509CRL shortLivedCaACrl;
    private static X509CRL caACrlWrongKey;
    private static X509CRL rootBCrl;
    private static X509CRL caBCrl;

    private static Instant now;
    private static Clock clock;

    @BeforeAll
    static void pki() {
        rootA = CertificateAuthority.newRoot("Community A Root", KeyAlgorithm.RSA_2048);
        caA = rootA.newIntermediate("Community A Issuing CA", KeyAlgorithm.RSA_2048,
                IntermediateSpec.defaults().withCrlUrl(A_ROOT_CRL).withSanUri(A));
        revokedCaA = rootA.newIntermediate("Community A Revoked CA", KeyAlgorithm.EC_P256,
                IntermediateSpec.defaults().withCrlUrl(A_ROOT_CRL));
        Instant created = Instant.now();
        shortLivedCaA = rootA.newIntermediate("Community A Short-lived CA", KeyAlgorithm.EC_P256,
                IntermediateSpec.defaults().withCrlUrl(A_ROOT_CRL)
                        .withValidity(created.minus(Duration.ofHours(1)), created.plus(Duration.ofMinutes(3))));
        rootB = CertificateAuthority.newRoot("Community B Root", KeyAlgorithm.EC_P256);
        caB = rootB.newIntermediate("Community B Issuing CA", KeyAlgorithm.EC_P256,
                IntermediateSpec.defaults().withCrlUrl(B_ROOT_CRL));

        for (KeyAlgorithm alg : List.of(KeyAlgorithm.RSA_2048, KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P384)) {
            VALID.put(alg, caA.issue(leaf("Valid " + alg).keyAlgorithm(alg).build()));
        }
        rootIssuedLeaf = rootA.issue(LeafSpec.builder("Issued by the root").sanUri("https://apps.example.org/root-issued")
                .crlUrl(A_ROOT_CRL).keyAlgorithm(KeyAlgorithm.EC_P256).build());
        leafB = caB.issue(LeafSpec.builder("Community B App").sanUri("https://apps.example.org/b")
                .crlUrl(B_CA_CRL).keyAlgorithm(KeyAlgorithm.EC_P256).build());
        expired = caA.issue(leaf("Expired").keyAlgorithm(KeyAlgorithm.EC_P256)
                .validity(created.minus(Duration.ofDays(30)), created.minus(Duration.ofDays(1))).build());
        notYetValid = caA.issue(leaf("Not yet valid").keyAlgorithm(KeyAlgorithm.EC_P256)
                .validity(created.plus(Duration.ofDays(1)), created.plus(Duration.ofDays(30))).build());
        caTrue = caA.issue(leaf("CA true").keyAlgorithm(KeyAlgorithm.EC_P256).ca(true).build());
        noDigitalSignature = caA.issue(leaf("No digitalSignature").keyAlgorithm(KeyAlgorithm.EC_P256)
                .digitalSignature(false).build());
        revokedLeaf = caA.issue(leaf("Revoked").keyAlgorithm(KeyAlgorithm.EC_P256).build());
        caA.revoke(revokedLeaf.certificate().getSerialNumber());
        leafOfRevokedCa = revokedCaA.issue(LeafSpec.builder("Under a revoked CA").sanUri("https://apps.example.org/x")
                .crlUrl(A_REVOKED_CA_CRL).keyAlgorithm(KeyAlgorithm.EC_P256).build());
        rootA.revoke(revokedCaA.certificate().getSerialNumber());
        noCrlDistributionPoint = caA.issue(LeafSpec.builder("No CRL DP").sanUri("https://apps.example.org/no-dp")
                .keyAlgorithm(KeyAlgorithm.EC_P256).build());
        leafOfShortLivedCa = shortLivedCaA.issue(LeafSpec.builder("Under a short-lived CA")
                .sanUri("https://apps.example.org/short").crlUrl(A_SHORT_CA_CRL).keyAlgorithm(KeyAlgorithm.EC_P256)
                .build());

        rootACrl = rootA.crl();
        caACrl = caA.crl();
        revokedCaACrl = revokedCaA.crl();
        shortLivedCaACrl = shortLivedCaA.crl();
        caACrlWrongKey = caA.crlSignedBy(rootB.privateKey());
        rootBCrl = rootB.crl();
        caBCrl = caB.crl();

        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock = TestSupport.fixedClock(now);
    }

    private static LeafSpec.Builder leaf(String name) {
        return LeafSpec.builder(name).sanUri("https://apps.example.org/" + name.replace(' ', '-')).crlUrl(A_CA_CRL);
    }

    private static InMemoryCrls allCrls() {
        return new InMemoryCrls()
                .serve(A_ROOT_CRL, rootACrl)
                .serve(A_CA_CRL, caACrl)
                .serve(A_REVOKED_CA_CRL, revokedCaACrl)
                .serve(A_SHORT_CA_CRL, shortLivedCaACrl)
                .serve(B_ROOT_CRL, rootBCrl)
                .serve(B_CA_CRL, caBCrl);
    }

    private static TrustCommunity communityA(Revocation revocation) {
        return TestSupport.community(A, List.of(rootA.certificate()), List.of(), revocation, List.of(), "1");
    }

    private static TrustCommunity communityA() {
        return communityA(Revocation.FAIL_CLOSED_DISTRIBUTION_POINTS);
    }

    private static final Revocation SOFT_FAIL = new Revocation(RevocationSource.DISTRIBUTION_POINTS, true);

    private static List<X509Certificate> presented(IssuedCertificate issued) {
        return issued.chain().subList(1, issued.chain().size());
    }

    private static CertificateChainValidator validator() {
        return new CertificateChainValidator(clock, Duration.ofMinutes(10));
    }

    private static UdapException unapproved(IssuedCertificate issued, TrustCommunity community,
                                            CertificateChainValidator.CrlSource crls, RecordingWarnings warnings) {
        UdapException e = assertThrows(UdapException.class, () -> validator().validate(issued.certificate(),
                presented(issued), community, crls, warnings));
        assertEquals(OAuthErrorCodes.UNAPPROVED_SOFTWARE_STATEMENT, e.error());
        return e;
    }

    private static UdapException unapproved(IssuedCertificate issued, TrustCommunity community) {
        return unapproved(issued, community, allCrls(), new RecordingWarnings());
    }

    /** Chains that validate. */
    @Nested
    class ChainsThatValidate {

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = KeyAlgorithm.class, names = {"RSA_2048", "EC_P256", "EC_P384"})
        void client_certificate_chaining_to_a_community_anchor_is_approved(KeyAlgorithm alg) throws Exception {
            IssuedCertificate issued = VALID.get(alg);
            InMemoryCrls crls = allCrls();
            RecordingWarnings warnings = new RecordingWarnings();

            ValidatedChain chain = validator().validate(issued.certificate(), presented(issued), communityA(), crls, warnings);

            assertEquals(List.of(issued.certificate(), caA.certificate()), chain.path());
            assertEquals(issued.certificate(), chain.leaf());
            assertEquals(rootA.certificate(), chain.anchor());
            assertEquals(now.plus(Duration.ofMinutes(10)), chain.validUntil());
            assertEquals(List.of(URI.create(A_CA_CRL), URI.create(A_ROOT_CRL)), crls.fetched);
            assertEquals(List.of(), warnings.messages);
        }

        @Test
        void leaf_issued_directly_by_the_anchor_is_approved() throws Exception {
            ValidatedChain chain = validator().validate(rootIssuedLeaf.certificate(), List.of(), communityA(), allCrls(),
                    new RecordingWarnings());
            assertEquals(List.of(rootIssuedLeaf.certificate()), chain.path());
            assertEquals(rootA.certificate(), chain.anchor());
        }

        @Test
        void x5c_that_also_carries_the_root_still_ends_at_the_community_anchor() throws Exception {
            IssuedCertificate issued = VALID.get(KeyAlgorithm.EC_P256);
            ValidatedChain chain = validator().validate(issued.certificate(), List.of(rootA.certificate(), caA.certificate()),
                    communityA(), allCrls(), new RecordingWarnings());
            assertEquals(List.of(issued.certificate(), caA.certificate()), chain.path());
            assertEquals(rootA.certificate(), chain.anchor());
        }

        @Test
        void intermediates_configured_on_the_community_complete_a_chain_the_client_sent_without_them() throws Exception {
            IssuedCertificate issued = VALID.get(KeyAlgorithm.EC_P256);
            TrustCommunity withIntermediate = TestSupport.community(A, List.of(rootA.certificate()),
                    List.of(caA.certificate()), Revocation.FAIL_CLOSED_DISTRIBUTION_POINTS, List.of(), "1");

            ValidatedChain chain = validator().validate(issued.certificate(), List.of(), withIntermediate, allCrls(),
                    new RecordingWarnings());

            assertEquals(List.of(issued.certificate(), caA.certificate()), chain.path());
        }

        @Test
        void leaf_without_its_intermediate_anywhere_does_not_chain__unapproved() {
            UdapException e = assertThrows(UdapException.class, () -> validator().validate(
                    VALID.get(KeyAlgorithm.EC_P256).certificate(), List.of(), communityA(), allCrls(), new RecordingWarnings()));
            assertEquals(OAuthErrorCodes.UNAPPROVED_SOFTWARE_STATEMENT, e.error());
            assertTrue(e.description().startsWith("The certificate does not chain"), e.description());
        }
    }

    /** Trust and end-entity rules. */
    @Nested
    class TrustAndEndEntityRules {

        @Test
        void certificate_from_another_communitys_CA_is_unapproved() {
            UdapException e = unapproved(leafB, communityA());
            assertTrue(e.description().startsWith("The certificate does not chain"), e.description());
            assertTrue(e.description().contains(A), e.description());
        }

        @Test
        void certificate_from_community_B_is_approved_by_community_B() throws Exception {
            TrustCommunity communityB = TestSupport.community(B, rootB.certificate());
            ValidatedChain chain = validator().validate(leafB.certificate(), presented(leafB), communityB, allCrls(),
                    new RecordingWarnings());
            assertEquals(rootB.certificate(), chain.anchor());
        }

        @Test
        void expired_client_certificate_is_unapproved() {
            assertTrue(unapproved(expired, communityA()).description().contains("expired"));
        }

        @Test
        void not_yet_valid_client_certificate_is_unapproved() {
            assertTrue(unapproved(notYetValid, communityA()).description().contains("not yet valid"));
        }

        @Test
        void signing_certificate_with_basicConstraints_CA_true_is_unapproved() {
            assertTrue(unapproved(caTrue, communityA()).description().contains("CA certificate"));
        }

        @Test
        void a_CA_below_an_intermediate_with_pathLen_0_is_unapproved() {
            CertificateAuthority belowPathLen0 = caA.newIntermediate("Below a pathLen-0 CA", KeyAlgorithm.EC_P256,
                    IntermediateSpec.defaults().withCrlUrl(A_CA_CRL));
            IssuedCertificate leaf = belowPathLen0.issue(LeafSpec.builder("Too deep").sanUri("https://apps.example.org/deep")
                    .crlUrl(A_CA_CRL).keyAlgorithm(KeyAlgorithm.EC_P256).build());
            assertTrue(presented(leaf).containsAll(List.of(belowPathLen0.certificate(), caA.certificate())),
                    "the whole chain is presented");
            InMemoryCrls crls = allCrls();
            unapproved(leaf, communityA(), crls, new RecordingWarnings());
            assertEquals(List.of(), crls.fetched, "refused by the path rules, before any CRL");
        }

        @Test
        void an_issuer_without_keyCertSign_is_unapproved() throws Exception {
            java.security.KeyPair keys = KeyAlgorithm.EC_P256.generate();
            Instant from = Instant.now().minus(Duration.ofHours(1));
            org.bouncycastle.cert.X509v3CertificateBuilder builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                    rootA.certificate(), java.math.BigInteger.valueOf(System.nanoTime()), java.util.Date.from(from),
                    java.util.Date.from(from.plus(Duration.ofDays(30))), new javax.security.auth.x500.X500Principal("CN=No keyCertSign CA"),
                    keys.getPublic());
            builder.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true,
                    new org.bouncycastle.asn1.x509.BasicConstraints(0));
            builder.addExtension(org.bouncycastle.asn1.x509.Extension.keyUsage, true,
                    new org.bouncycastle.asn1.x509.KeyUsage(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature
                            | org.bouncycastle.asn1.x509.KeyUsage.cRLSign));
            X509Certificate noKeyCertSign = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                    builder.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(rootA.certificate().getSigAlgName())
                            .build(rootA.privateKey())));
            CertificateAuthority issuer = CertificateAuthority.of(noKeyCertSign, keys.getPrivate(), List.of(rootA.certificate()));
            IssuedCertificate leaf = issuer.issue(LeafSpec.builder("Issued without keyCertSign")
                    .sanUri("https://apps.example.org/no-kcs").crlUrl(A_CA_CRL).keyAlgorithm(KeyAlgorithm.EC_P256).build());
            InMemoryCrls crls = allCrls();
            unapproved(leaf, communityA(), crls, new RecordingWarnings());
            assertEquals(List.of(), crls.fetched, "refused by the path rules, before any CRL");
        }

        @Test
        void signing_certificate_without_digitalSignature_key_usage_is_unapproved() {
            assertTrue(unapproved(noDigitalSignature, communityA()).description().contains("digital signatures"));
        }

        @Test
        void end_entity_checks_run_before_any_CRL_is_fetched() {
            InMemoryCrls crls = allCrls();
            unapproved(expired, communityA(), crls, new RecordingWarnings());
            unapproved(leafB, communityA(), crls, new RecordingWarnings());
            assertEquals(List.of(), crls.fetched, "CRLs are only fetched for chains that already verified");
        }
    }

    /** Revocation. */
    @Nested
    class RevocationChecking {

        @Test
        void revoked_client_certificate_listed_in_the_CRL_at_its_distribution_point_is_unapproved_revoked() {
            UdapException e = unapproved(revokedLeaf, communityA());
            assertTrue(e.description().contains("revoked"), e.description());
        }

        @Test
        void revoked_intermediate_listed_in_the_root_CRL_is_unapproved_revoked() {
            InMemoryCrls crls = allCrls();
            UdapException e = unapproved(leafOfRevokedCa, communityA(), crls, new RecordingWarnings());
            assertTrue(e.description().contains("revoked"), e.description());
            assertEquals(List.of(URI.create(A_REVOKED_CA_CRL), URI.create(A_ROOT_CRL)), crls.fetched);
        }

        @Test
        void crl_signed_by_a_wrong_key_is_revocation_unknown__fail_closed_rejects() {
            InMemoryCrls crls = allCrls().serve(A_CA_CRL, caACrlWrongKey);
            UdapException e = unapproved(VALID.get(KeyAlgorithm.EC_P256), communityA(), crls, new RecordingWarnings());
            assertTrue(e.description().contains("revocation status"), e.description());
        }

        @Test
        void crl_signed_by_a_wrong_key_is_revocation_unknown__soft_fail_accepts_with_a_warning() throws Exception {
            InMemoryCrls crls = allCrls().serve(A_CA_CRL, caACrlWrongKey);
            RecordingWarnings warnings = new RecordingWarnings();
            IssuedCertificate issued = VALID.get(KeyAlgorithm.EC_P256);

            ValidatedChain chain = validator().validate(issued.certificate(), presented(issued), communityA(SOFT_FAIL),
                    crls, warnings);

            assertEquals(issued.certificate(), chain.leaf());
            assertEquals(1, warnings.messages.size(), warnings.messages.toString());
            assertTrue(warnings.messages.get(0).contains("not signed by the certificate's issuer"), warnings.messages.get(0));
            assertTrue(warnings.messages.get(0).contains(A), warnings.messages.get(0));
        }

        @Test
        void crl_signed_by_a_wrong_key_does_not_hide_a_revocation_under_soft_fail() {
            // soft-fail is about *unknown* status: a CRL that verifies and lists the certificate still rejects
            UdapException e = unapproved(revokedLeaf, communityA(SOFT_FAIL));
            assertTrue(e.description().contains("revoked"));
        }

        @Test
        void crl_fetch_failure_is_revocation_unknown__fail_closed_rejects() {
            InMemoryCrls crls = allCrls().fail(A_CA_CRL, new IOException("connection refused"));
            UdapException e = unapproved(VALID.get(KeyAlgorithm.EC_P256), communityA(), crls, new RecordingWarnings());
            assertTrue(e.description().contains("revocation status"), e.description());
        }

        @Test
        void crl_fetch_failure_is_revocation_unknown__soft_fail_accepts_with_a_warning() throws Exception {
            InMemoryCrls crls = allCrls().fail(A_CA_CRL, new IOException("connection refused"));
            RecordingWarnings warnings = new RecordingWarnings();
            IssuedCertificate issued = VALID.get(KeyAlgorithm.EC_P256);

            validator().validate(issued.certificate(), presented(issued), communityA(SOFT_FAIL), crls, warnings);

            assertEquals(1, warnings.messages.size(), warnings.messages.toString());
            assertTrue(warnings.messages.get(0).contains("could not be fetched (IOException)"), warnings.messages.get(0));
        }

        @Test
        void crl_source_returning_null_is_revocation_unknown__fail_closed_rejects() {
            CertificateChainValidator.CrlSource nothing = url -> null;
            unapproved(VALID.get(KeyAlgorithm.EC_P256), communityA(), nothing, new RecordingWarnings());
        }

        @Test
        void crl_source_throwing_a_runtime_exception_is_revocation_unknown__fail_closed_rejects() {
            CertificateChainValidator.CrlSource broken = url -> {
                throw new IllegalStateException("boom");
            };
            unapproved(VALID.get(KeyAlgorithm.EC_P256), communityA(), broken, new RecordingWarnings());
        }

        @Test
        void out_of_date_crl_is_revocation_unknown__fail_closed_rejects() {
            X509CRL stale = caA.crl(now.minus(Duration.ofDays(14)), now.minus(Duration.ofDays(7)));
            InMemoryCrls crls = allCrls().serve(A_CA_CRL, stale);
            unapproved(VALID.get(KeyAlgorithm.EC_P256), communityA(), crls, new RecordingWarnings());
        }

        @Test
        void certificate_without_a_crl_distribution_point__fail_closed_rejects() {
            InMemoryCrls crls = allCrls();
            UdapException e = unapproved(noCrlDistributionPoint, communityA(), crls, new RecordingWarnings());
            assertTrue(e.description().contains("revocation status"), e.description());
            assertEquals(List.of(), crls.fetched);
        }

        @Test
        void a_chain_accepted_under_soft_fail_is_checked_again_after_a_minute_not_cached_for_ten() throws Exception {
            TestSupport.MutableClock moving = new TestSupport.MutableClock(now);
            CertificateChainValidator validator = new CertificateChainValidator(moving, Duration.ofMinutes(10));
            RecordingWarnings warnings = new RecordingWarnings();
            validator.validate(noCrlDistributionPoint.certificate(), presented(noCrlDistributionPoint),
                    communityA(SOFT_FAIL), allCrls(), warnings);
            moving.advance(CertificateChainValidator.SOFT_FAIL_REUSE.minusSeconds(1));
            validator.validate(noCrlDistributionPoint.certificate(), presented(noCrlDistributionPoint),
                    communityA(SOFT_FAIL), allCrls(), warnings);
            assertEquals(1, warnings.messages.size(), "reused within the minute");
            moving.advance(Duration.ofSeconds(2));
            validator.validate(noCrlDistributionPoint.certificate(), presented(noCrlDistributionPoint),
                    communityA(SOFT_FAIL), allCrls(), warnings);
            assertEquals(2, warnings.messages.size(), "checked again after the minute");
        }

        @Test
        void certificate_without_a_crl_distribution_point__soft_fail_accepts_with_a_warning() throws Exception {
            RecordingWarnings warnings = new RecordingWarnings();
            validator().validate(noCrlDistributionPoint.certificate(), presented(noCrlDistributionPoint),
                    communityA(SOFT_FAIL), allCrls(), warnings);
            assertEquals(1, warnings.messages.size(), warnings.messages.toString());
            assertTrue(warnings.messages.get(0).contains("no CRL is available"), warnings.messages.get(0));
        }

        @Test
        void uploaded_crls_policy_uses_only_the_communitys_uploaded_crls_and_never_fetches() throws Exception {
            TrustCommunity uploaded = TestSupport.community(A, List.of(rootA.certificate()), List.of(),
                    new Revocation(RevocationSource.UPLOADED_CRLS, false), List.of(rootACrl, caACrl), "1");
            InMemoryCrls crls = allCrls();
            IssuedCertificate issued = VALID.get(KeyAlgorithm.RSA_2048);

            ValidatedChain chain = validator().validate(issued.certificate(), presented(issued), uploaded, crls,
                    new RecordingWarnings());
            assertEquals(rootA.certificate(), chain.anchor());

            UdapException revoked = unapproved(revokedLeaf, uploaded, crls, new RecordingWarnings());
            assertTrue(revoked.description().contains("revoked"), revoked.description());

            // no uploaded CRL for the issuing CA: unknown, fail-closed, still no fetch
            TrustCommunity rootCrlOnly = TestSupport.community(A, List.of(rootA.certificate()), List.of(),
                    new Revocation(RevocationSource.UPLOADED_CRLS, false), List.of(rootACrl), "1");
            unapproved(issued, rootCrlOnly, crls, new RecordingWarnings());

            // an uploaded CRL that does not verify with the issuer's key is ignored
            TrustCommunity forged = TestSupport.community(A, List.of(rootA.certificate()), List.of(),
                    new Revocation(RevocationSource.UPLOADED_CRLS, false), List.of(rootACrl, caACrlWrongKey), "1");
            unapproved(issued, forged, crls, new RecordingWarnings());

            assertEquals(List.of(), crls.fetched, "the UPLOADED_CRLS policy must never call the CRL source");
        }
    }

    /** Cache. */
    @Nested
    class Cache {

        @Test
        void second_validation_of_the_same_chain_is_served_from_the_cache_without_fetching_crls() throws Exception {
            CertificateChainValidator validator = validator();
            InMemoryCrls crls = allCrls();
            IssuedCertificate issued = VALID.get(KeyAlgorithm.EC_P256);

            ValidatedChain first = validator.validate(issued.certificate(), presented(issued), communityA(), crls,
                    new RecordingWarnings());
            int fetches = crls.fetchCount();
            ValidatedChain second = validator.validate(issued.certificate(), presented(issued), communityA(), crls,
                    new RecordingWarnings());

            assertEquals(2, fetches);
            assertEquals(fetches, crls.fetchCount());
            assertSame(first, second);
        }

        @Test
        void changing_the_community_version_invalidates_the_cache() throws Exception {
            CertificateChainValidator validator = validator();
            InMemoryCrls crls = allCrls();
            IssuedCertificate issued = VALID.get(KeyAlgorithm.EC_P256);
            TrustCommunity v1 = communityA();
            TrustCommunity v2 = TestSupport.community(A, List.of(rootA.certificate()), List.of(),
                    Revocation.FAIL_CLOSED_DISTRIBUTION_POINTS, List.of(), "2");

            validator.validate(issued.certificate(), presented(issued), v1, crls, new RecordingWarnings());
            validator.validate(issued.certificate(), presented(issued), v2, crls, new RecordingWarnings());

            assertEquals(4, crls.fetchCount());
        }

        @Test
        void a_new_version_that_drops_the_anchor_takes_effect_immediately() throws Exception {
            CertificateChainValidator validator = validator();
            IssuedCertificate issued = VALID.get(KeyAlgorithm.EC_P256);
            validator.validate(issued.certificate(), presented(issued), communityA(), allCrls(), new RecordingWarnings());

            TrustCommunity reconfigured = TestSupport.community(A, List.of(rootB.certificate()), List.of(),
                    Revocation.FAIL_CLOSED_DISTRIBUTION_POINTS, List.of(), "2");
            UdapException e = assertThrows(UdapException.class, () -> validator.validate(issued.certificate(),
                    presented(issued), reconfigured, allCrls(), new RecordingWarnings()));
            assertEquals(OAuthErrorCodes.UNAPPROVED_SOFTWARE_STATEMENT, e.error());
        }

        @Test
        void cached_result_is_not_reused_for_another_community() throws Exception {
            CertificateChainValidator validator = validator();
            IssuedCertificate issued = VALID.get(KeyAlgorithm.EC_P256);
            validator.validate(issued.certificate(), presented(issued), communityA(), allCrls(), new RecordingWarnings());

            TrustCommunity communityB = TestSupport.community(B, rootB.certificate());
            assertThrows(UdapException.class, () -> validator.validate(issued.certificate(), presented(issued), communityB,
                    allCrls(), new RecordingWarnings()));
        }

        @Test
        void cache_lifetime_is_shortened_to_the_next_update_of_a_crl_used() throws Exception {
            X509CRL shortCrl = caA.crl(now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofMinutes(2)));
            InMemoryCrls crls = allCrls().serve(A_CA_CRL, shortCrl);
            IssuedCertificate issued = VALID.get(KeyAlgorithm.EC_P256);

            ValidatedChain chain = validator().validate(issued.certificate(), presented(issued), communityA(), crls,
                    new RecordingWarnings());

            assertEquals(now.plus(Duration.ofMinutes(2)), chain.validUntil());
        }

        @Test
        void cache_entry_expires_after_its_lifetime_and_crls_are_fetched_again() throws Exception {
            MutableClock moving = new MutableClock(now);
            CertificateChainValidator validator = new CertificateChainValidator(moving, Duration.ofMinutes(10));
            InMemoryCrls crls = allCrls();
            IssuedCertificate issued = VALID.get(KeyAlgorithm.EC_P256);

            validator.validate(issued.certificate(), presented(issued), communityA(), crls, new RecordingWarnings());
            moving.advance(Duration.ofMinutes(9));
            validator.validate(issued.certificate(), presented(issued), communityA(), crls, new RecordingWarnings());
            assertEquals(2, crls.fetchCount());
            moving.advance(Duration.ofMinutes(2));
            validator.validate(issued.certificate(), presented(issued), communityA(), crls, new RecordingWarnings());
            assertEquals(4, crls.fetchCount());
        }

        @Test
        void chain_through_an_expired_intermediate_is_unapproved() throws Exception {
            Clock later = TestSupport.fixedClock(now.plus(Duration.ofMinutes(5)));
            assertTrue(shortLivedCaA.certificate().getNotAfter().toInstant().isBefore(later.instant()));
            CertificateChainValidator fresh = new CertificateChainValidator(later, Duration.ofMinutes(10));
            UdapException e = assertThrows(UdapException.class, () -> fresh.validate(leafOfShortLivedCa.certificate(),
                    presented(leafOfShortLivedCa), communityA(), allCrls(), new RecordingWarnings()));
            assertEquals(OAuthErrorCodes.UNAPPROVED_SOFTWARE_STATEMENT, e.error());
            // and the same chain is approved while the intermediate is still valid
            validator().validate(leafOfShortLivedCa.certificate(), presented(leafOfShortLivedCa), communityA(), allCrls(),
                    new RecordingWarnings());
        }

        /**
         * Validity periods are checked at "now" for the whole chain: a cached result must not keep an intermediate
         * that has expired since. The cache bound is min(lifetime, leaf notAfter, CRL nextUpdate) and ignores the
         * intermediates' (and anchor's) notAfter, so a chain through a CA that expired a few minutes ago is still
         * approved from the cache for up to the cache lifetime (10 minutes in the Keycloak glue).
         */
        @Test
        void cached_chain_is_not_approved_after_its_intermediate_has_expired() throws Exception {
            MutableClock moving = new MutableClock(now);
            CertificateChainValidator validator = new CertificateChainValidator(moving, Duration.ofMinutes(10));
            InMemoryCrls crls = allCrls();

            validator.validate(leafOfShortLivedCa.certificate(), presented(leafOfShortLivedCa), communityA(), crls,
                    new RecordingWarnings());
            moving.advance(Duration.ofMinutes(5)); // the issuing CA's notAfter is ~3 minutes after creation

            assertTrue(shortLivedCaA.certificate().getNotAfter().toInstant().isBefore(moving.instant()));
            UdapException e = assertThrows(UdapException.class, () -> validator.validate(leafOfShortLivedCa.certificate(),
                    presented(leafOfShortLivedCa), communityA(), crls, new RecordingWarnings()));
            assertEquals(OAuthErrorCodes.UNAPPROVED_SOFTWARE_STATEMENT, e.error());
        }

        @Test
        void cached_results_do_not_exceed_the_leaf_notAfter() throws Exception {
            Instant created = Instant.now();
            IssuedCertificate shortLeaf = caA.issue(leaf("Short leaf").keyAlgorithm(KeyAlgorithm.EC_P256)
                    .validity(created.minus(Duration.ofHours(1)), created.plus(Duration.ofMinutes(3))).build());
            ValidatedChain chain = validator().validate(shortLeaf.certificate(), presented(shortLeaf), communityA(),
                    allCrls(), new RecordingWarnings());
            assertEquals(shortLeaf.certificate().getNotAfter().toInstant(), chain.validUntil());
        }
    }

    /** Distribution points. */
    @Nested
    class DistributionPoints {

        @Test
        void distributionPoints_returns_the_http_crl_uris_of_a_certificate() {
            assertEquals(List.of(URI.create(A_CA_CRL)),
                    CertificateChainValidator.distributionPoints(VALID.get(KeyAlgorithm.RSA_2048).certificate()));
            assertEquals(List.of(URI.create(A_ROOT_CRL)), CertificateChainValidator.distributionPoints(caA.certificate()));
            assertEquals(List.of(), CertificateChainValidator.distributionPoints(noCrlDistributionPoint.certificate()));
            assertEquals(List.of(), CertificateChainValidator.distributionPoints(rootA.certificate()));
        }

        @Test
        void distributionPoints_keeps_https_and_skips_ldap() {
            IssuedCertificate https = caB.issue(LeafSpec.builder("https DP").crlUrl("https://crl.example.org/b.crl")
                    .keyAlgorithm(KeyAlgorithm.EC_P256).build());
            IssuedCertificate ldap = caB.issue(LeafSpec.builder("ldap DP")
                    .crlUrl("ldap://directory.example.org/cn=CA?certificateRevocationList").keyAlgorithm(KeyAlgorithm.EC_P256)
                    .build());
            assertEquals(List.of(URI.create("https://crl.example.org/b.crl")),
                    CertificateChainValidator.distributionPoints(https.certificate()));
            assertEquals(List.of(), CertificateChainValidator.distributionPoints(ldap.certificate()));
        }
    }
    /** Chain policy beyond PKIX (HL7 UDAP IG §1.2.3): current anchors, SHA-256 or better, accepted keys. */
    @Nested
    class ChainPolicy {

        @Test
        void a_sha1_signed_certificate_is_rejected() {
            IssuedCertificate sha1 = caA.issue(leaf("SHA-1 leaf").signatureAlgorithm("SHA1withRSA").build());
            UdapException e = assertThrows(UdapException.class, () -> validator().validate(sha1.certificate(),
                    presented(sha1), communityA(), allCrls(), new TestSupport.RecordingWarnings()));
            assertEquals(Reason.REJECTED_CERTIFICATE, e.reason());
            assertTrue(e.description().contains("SHA-1"), e.description());
        }

        @Test
        void an_expired_trust_anchor_is_rejected_although_pkix_accepts_it() {
            Instant past = Instant.now().minus(Duration.ofDays(400));
            CertificateAuthority expiredRoot = CertificateAuthority.newRoot("Expired root", KeyAlgorithm.RSA_2048, past,
                    past.plus(Duration.ofDays(30)));
            IssuedCertificate leaf = expiredRoot.issue(LeafSpec.builder("Under an expired root").sanUri("https://apps.example.org/x").build());
            TrustCommunity community = TestSupport.community("https://expired.example.org", List.of(expiredRoot.certificate()),
                    List.of(), new Revocation(RevocationSource.DISTRIBUTION_POINTS, true), List.of(), "1");
            UdapException e = assertThrows(UdapException.class, () -> validator().validate(leaf.certificate(),
                    presented(leaf), community, allCrls(), new TestSupport.RecordingWarnings()));
            assertEquals(Reason.REJECTED_CERTIFICATE, e.reason());
            assertTrue(e.description().contains("trust anchor"), e.description());
        }
    }
}
