package org.payerauth.it.udap;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.payerauth.it.support.CrlServer;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IntermediateSpec;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;

/**
 * The test PKI of the UDAP ITs, generated at test time (no committed keys): community A (root → intermediate →
 * leaves, CRLs served by a loopback {@link CrlServer}) with this server's metadata certificate (SAN = the FHIR base
 * URL), app certificates (RSA, EC P-256, P-384) and the negative set; community B, trusted as a second community
 * with its own server certificate; and an untrusted CA.
 */
final class UdapPki implements AutoCloseable {

    static final String COMMUNITY_A = "udap://payer-auth.test/community-a";
    static final String COMMUNITY_B = "udap://payer-auth.test/community-b";

    final CrlServer crls = new CrlServer();
    final CertificateAuthority rootA;
    final CertificateAuthority intermediateA;
    final CertificateAuthority revokedIntermediateA;
    final CertificateAuthority rootB;
    final CertificateAuthority intermediateB;
    final CertificateAuthority untrustedRoot;

    final IssuedCertificate serverA;
    final IssuedCertificate serverB;

    /** App certificates of community A; the SAN URIs are the apps' iss values. */
    final IssuedCertificate appRsa;
    final IssuedCertificate appEc256;
    final IssuedCertificate appEc384;
    final IssuedCertificate expired;
    final IssuedCertificate notYetValid;
    final IssuedCertificate revoked;
    final IssuedCertificate noSanUri;
    final IssuedCertificate caLeaf;
    final IssuedCertificate underRevokedIntermediate;
    /** Chain policy: signed with SHA-1 by a community intermediate; an RSA-1024 key; a P-521 key. */
    final IssuedCertificate sha1Signed;
    final IssuedCertificate rsa1024;
    final IssuedCertificate p521;
    /** Community B app (same iss as appRsa's first SAN: a separate registration). */
    final IssuedCertificate appRsaInB;
    final IssuedCertificate untrusted;
    /** Valid certificates with the SAN of {@link #revoked} / {@link #expired}: register with these, assert with those. */
    final IssuedCertificate revokedTwin;
    final IssuedCertificate expiredTwin;

    static final String APP_AC = "https://app-a.test/ac";
    static final String APP_CC = "https://app-a.test/cc";
    static final String APP_SECRET = "https://app-a.test/secret";
    static final String APP_EC256 = "https://app-ec.test/p256";
    static final String APP_EC384 = "https://app-ec.test/p384";

    UdapPki(String fhirBaseUrl) {
        Instant now = Instant.now();
        rootA = CertificateAuthority.newRoot("Community A Root", KeyAlgorithm.RSA_2048);
        intermediateA = rootA.newIntermediate("Community A Intermediate", KeyAlgorithm.RSA_2048,
                IntermediateSpec.defaults().withCrlUrl(crls.url("root-a")).withSanUri(COMMUNITY_A));
        revokedIntermediateA = rootA.newIntermediate("Community A Revoked Intermediate", KeyAlgorithm.RSA_2048,
                IntermediateSpec.defaults().withCrlUrl(crls.url("root-a")));
        rootA.revoke(revokedIntermediateA.certificate().getSerialNumber());
        crls.publish("root-a", rootA::crl);
        crls.publish("intermediate-a", intermediateA::crl);
        crls.publish("revoked-intermediate-a", revokedIntermediateA::crl);

        String crlA = crls.url("intermediate-a");
        serverA = intermediateA.issue(LeafSpec.builder("payer-auth server (A)").sanUri(fhirBaseUrl).crlUrl(crlA).build());
        appRsa = intermediateA.issue(LeafSpec.builder("App A").sanUri(APP_AC, APP_CC, APP_SECRET).crlUrl(crlA).build());
        appEc256 = intermediateA.issue(LeafSpec.builder("App EC256").sanUri(APP_EC256).keyAlgorithm(KeyAlgorithm.EC_P256).crlUrl(crlA).build());
        appEc384 = intermediateA.issue(LeafSpec.builder("App EC384").sanUri(APP_EC384).keyAlgorithm(KeyAlgorithm.EC_P384).crlUrl(crlA).build());
        expired = intermediateA.issue(LeafSpec.builder("Expired").sanUri("https://expired.test/app")
                .validity(now.minus(30, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS)).crlUrl(crlA).build());
        notYetValid = intermediateA.issue(LeafSpec.builder("Not yet valid").sanUri("https://future.test/app")
                .validity(now.plus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS)).crlUrl(crlA).build());
        revoked = intermediateA.issue(LeafSpec.builder("Revoked").sanUri("https://revoked.test/app").crlUrl(crlA).build());
        intermediateA.revoke(revoked.certificate().getSerialNumber());
        revokedTwin = intermediateA.issue(LeafSpec.builder("Revoked twin").sanUri("https://revoked.test/app").crlUrl(crlA).build());
        expiredTwin = intermediateA.issue(LeafSpec.builder("Expired twin").sanUri("https://expired.test/app").crlUrl(crlA).build());
        noSanUri = intermediateA.issue(LeafSpec.builder("No SAN URI").sanDns("nosan.test").crlUrl(crlA).build());
        caLeaf = intermediateA.issue(LeafSpec.builder("CA leaf").sanUri("https://ca-leaf.test/app").ca(true).crlUrl(crlA).build());
        sha1Signed = intermediateA.issue(LeafSpec.builder("SHA-1 signed").sanUri("https://sha1.test/app")
                .signatureAlgorithm("SHA1withRSA").crlUrl(crlA).build());
        rsa1024 = intermediateA.issue(LeafSpec.builder("RSA-1024").sanUri("https://rsa1024.test/app")
                .keyAlgorithm(KeyAlgorithm.RSA_1024).crlUrl(crlA).build());
        p521 = intermediateA.issue(LeafSpec.builder("P-521").sanUri("https://p521.test/app")
                .keyAlgorithm(KeyAlgorithm.EC_P521).crlUrl(crlA).build());
        underRevokedIntermediate = revokedIntermediateA.issue(LeafSpec.builder("Under revoked intermediate")
                .sanUri("https://under-revoked.test/app").crlUrl(crls.url("revoked-intermediate-a")).build());

        rootB = CertificateAuthority.newRoot("Community B Root", KeyAlgorithm.RSA_2048);
        intermediateB = rootB.newIntermediate("Community B Intermediate", KeyAlgorithm.RSA_2048,
                IntermediateSpec.defaults().withCrlUrl(crls.url("root-b")).withSanUri(COMMUNITY_B));
        crls.publish("root-b", rootB::crl);
        crls.publish("intermediate-b", intermediateB::crl);
        serverB = intermediateB.issue(LeafSpec.builder("payer-auth server (B)").sanUri(fhirBaseUrl).crlUrl(crls.url("intermediate-b")).build());
        appRsaInB = intermediateB.issue(LeafSpec.builder("App A in B").sanUri(APP_AC).crlUrl(crls.url("intermediate-b")).build());

        untrustedRoot = CertificateAuthority.newRoot("Untrusted Root", KeyAlgorithm.RSA_2048);
        CertificateAuthority untrustedIntermediate = untrustedRoot.newIntermediate("Untrusted Intermediate", KeyAlgorithm.RSA_2048);
        untrusted = untrustedIntermediate.issue(LeafSpec.builder("Untrusted").sanUri("https://untrusted.test/app").build());
    }

    @Override
    public void close() {
        crls.close();
    }
}
