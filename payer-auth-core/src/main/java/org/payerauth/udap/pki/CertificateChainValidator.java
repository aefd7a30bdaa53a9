package org.payerauth.udap.pki;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.payerauth.udap.UdapException;

/**
 * Validates a client (or IdP) certificate against a {@link TrustCommunity}: the chain is built from the certificate,
 * the intermediates the client presented ({@code x5c}) and the community's own intermediates, up to one of the
 * community's anchors, with validity periods checked at "now"; only after the chain verifies are CRLs fetched (from
 * its distribution points, or the uploaded ones) and revocation checked, fail-closed unless the community says
 * soft-fail.
 *
 * <p>Validated chains are cached per (community version, certificate, presented chain) until the earliest of: the
 * cache lifetime, the certificate's notAfter, and the next update of a CRL used. This is a node-local performance
 * cache of a pure function of its key; it holds no state that must survive or be shared.
 */
public final class CertificateChainValidator {

    /** Fetches a CRL (the glue goes through Keycloak's CRL cache); only called for chains that already verified. */
    @FunctionalInterface
    public interface CrlSource {
        X509CRL fetch(URI url) throws IOException, GeneralSecurityException;
    }

    /** Receives soft-fail warnings (the glue logs them). */
    @FunctionalInterface
    public interface Warnings {
        void warn(String message);
    }

    /**
     * A chain that validated.
     *
     * @param path     the certificates from the leaf up to (excluding) the anchor
     * @param anchor   the community anchor the chain ends at
     * @param validUntil until when this result may be reused
     */
    public record ValidatedChain(List<X509Certificate> path, X509Certificate anchor, Instant validUntil) {
        public X509Certificate leaf() {
            return path.get(0);
        }
    }

    private static final int MAX_CACHE_ENTRIES = 10_000;

    /** How long a chain accepted under soft-fail (revocation status unknown) is reused before it is checked again. */
    public static final Duration SOFT_FAIL_REUSE = Duration.ofMinutes(1);

    private final Clock clock;
    private final Duration cacheLifetime;
    private final Map<String, ValidatedChain> cache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ValidatedChain> eldest) {
            return size() > MAX_CACHE_ENTRIES;
        }
    };

    private final org.payerauth.cache.CacheCounts counts = new org.payerauth.cache.CacheCounts();

    /** Hits (a validated chain reused) and misses (a chain validated, with its revocation checks). */
    public org.payerauth.cache.CacheCounts counts() {
        return counts;
    }

    /** How many validated chains are held. */
    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }

    public CertificateChainValidator(Clock clock, Duration cacheLifetime) {
        this.clock = clock;
        this.cacheLifetime = cacheLifetime;
    }

    /**
     * @param leaf      the end-entity certificate (first {@code x5c} entry)
     * @param presented the other {@code x5c} entries, in any order
     * @throws UdapException {@link org.payerauth.udap.Reason#UNTRUSTED_CERTIFICATE} when no path reaches an anchor,
     *                      {@link org.payerauth.udap.Reason#REJECTED_CERTIFICATE} when the path is unusable
     */
    public ValidatedChain validate(X509Certificate leaf, List<X509Certificate> presented, TrustCommunity community,
                                   CrlSource crlSource, Warnings warnings) throws UdapException {
        Instant now = clock.instant();
        String key = cacheKey(leaf, presented, community);
        synchronized (cache) {
            ValidatedChain cached = cache.get(key);
            if (cached != null && now.isBefore(cached.validUntil())) {
                counts.hit();
                return cached;
            }
        }
        counts.miss();
        checkEndEntity(leaf, now);
        PKIXCertPathBuilderResult built = buildPath(leaf, presented, community, now);
        List<X509Certificate> path = new ArrayList<>();
        built.getCertPath().getCertificates().forEach(c -> path.add((X509Certificate) c));
        X509Certificate anchor = built.getTrustAnchor().getTrustedCert();
        checkPath(path, anchor, now);
        Instant validUntil = min(now.plus(cacheLifetime), anchor.getNotAfter().toInstant());
        for (X509Certificate certificate : path) {
            validUntil = min(validUntil, certificate.getNotAfter().toInstant());
        }
        validUntil = checkRevocation(path, anchor, community, now, validUntil, crlSource, warnings);
        ValidatedChain result = new ValidatedChain(List.copyOf(path), anchor, validUntil);
        synchronized (cache) {
            cache.put(key, result);
        }
        return result;
    }

    private static void checkEndEntity(X509Certificate leaf, Instant now) throws UdapException {
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw UdapException.rejectedCertificate("The certificate has expired");
        } catch (CertificateNotYetValidException e) {
            throw UdapException.rejectedCertificate("The certificate is not yet valid");
        }
        if (leaf.getBasicConstraints() != -1) {
            throw UdapException.rejectedCertificate("The signing certificate is a CA certificate; an end-entity certificate is required");
        }
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage != null && !keyUsage[0]) {
            throw UdapException.rejectedCertificate("The signing certificate's key usage does not allow digital signatures");
        }
    }

    /** The anchor is current; no certificate of the path is signed with SHA-1 or MD5 or carries a refused key. */
    private static void checkPath(List<X509Certificate> path, X509Certificate anchor, Instant now) throws UdapException {
        try {
            anchor.checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw UdapException.rejectedCertificate("The trust anchor the certificate chains to has expired or is not yet valid");
        }
        for (X509Certificate certificate : path) {
            if (KeyPolicy.weakSignature(certificate)) {
                throw UdapException.rejectedCertificate("A certificate in the chain is signed with SHA-1 or MD5; SHA-256 or better is required");
            }
            java.util.Optional<String> problem = KeyPolicy.keyProblem(certificate.getPublicKey());
            if (problem.isPresent()) {
                throw UdapException.rejectedCertificate("A certificate in the chain has " + problem.get());
            }
        }
    }

    private static PKIXCertPathBuilderResult buildPath(X509Certificate leaf, List<X509Certificate> presented,
                                                      TrustCommunity community, Instant now) throws UdapException {
        try {
            Set<TrustAnchor> anchors = community.anchors().stream().map(a -> new TrustAnchor(a, null)).collect(Collectors.toSet());
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            List<X509Certificate> pool = new ArrayList<>();
            pool.add(leaf);
            pool.addAll(presented);
            pool.addAll(community.intermediates());
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            params.setMaxPathLength(5);
            return (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
        } catch (CertPathBuilderException e) {
            throw UdapException.untrusted("The certificate does not chain to a trust anchor of the trust community "
                    + community.uri() + " (or a certificate in the chain is expired or not yet valid)");
        } catch (InvalidAlgorithmParameterException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("PKIX is not available", e);
        }
    }

    /** Checks every certificate of the path except the anchor; returns the (possibly shortened) cache lifetime. */
    private Instant checkRevocation(List<X509Certificate> path, X509Certificate anchor, TrustCommunity community,
                                    Instant now, Instant validUntil, CrlSource crlSource, Warnings warnings)
            throws UdapException {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate certificate = path.get(i);
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : anchor;
            String unknown;
            try {
                X509CRL crl = findCrl(certificate, issuer, community, now, crlSource);
                if (crl == null) {
                    unknown = "no CRL is available for " + certificate.getSubjectX500Principal().getName();
                } else if (crl.isRevoked(certificate)) {
                    throw UdapException.rejectedCertificate("A certificate in the chain has been revoked");
                } else {
                    if (crl.getNextUpdate() != null) {
                        validUntil = min(validUntil, crl.getNextUpdate().toInstant());
                    }
                    continue;
                }
            } catch (RevocationUnknown e) {
                unknown = e.getMessage();
            }
            if (community.revocation().softFail()) {
                warnings.warn("Revocation status unknown (soft-fail accepted by the community policy of "
                        + community.uri() + "): " + unknown);
                // an accepted unknown is asked again soon, not trusted for the whole cache lifetime
                validUntil = min(validUntil, now.plus(SOFT_FAIL_REUSE));
            } else {
                throw UdapException.rejectedCertificate("The revocation status of the certificate chain could not be determined");
            }
        }
        return validUntil;
    }

    private static X509CRL findCrl(X509Certificate certificate, X509Certificate issuer, TrustCommunity community,
                                   Instant now, CrlSource crlSource) throws RevocationUnknown {
        if (community.revocation().source() == TrustCommunity.RevocationSource.UPLOADED_CRLS) {
            for (X509CRL crl : community.uploadedCrls()) {
                if (crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal()) && verifies(crl, issuer)
                        && current(crl, now)) {
                    return crl;
                }
            }
            return null;
        }
        List<URI> points = distributionPoints(certificate);
        if (points.isEmpty()) {
            return null;
        }
        String lastProblem = null;
        for (URI point : points) {
            try {
                X509CRL crl = crlSource.fetch(point);
                if (crl == null) {
                    lastProblem = "no CRL at " + point;
                } else if (!crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal()) || !verifies(crl, issuer)) {
                    lastProblem = "the CRL at " + point + " is not signed by the certificate's issuer";
                } else if (!current(crl, now)) {
                    lastProblem = "the CRL at " + point + " is out of date";
                } else {
                    return crl;
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                lastProblem = "the CRL at " + point + " could not be fetched (" + e.getClass().getSimpleName() + ")";
            }
        }
        throw new RevocationUnknown(lastProblem);
    }

    private static boolean verifies(X509CRL crl, X509Certificate issuer) {
        try {
            crl.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean current(X509CRL crl, Instant now) {
        return !crl.getThisUpdate().toInstant().isAfter(now.plusSeconds(300))
                && (crl.getNextUpdate() == null || crl.getNextUpdate().toInstant().isAfter(now));
    }

    /** The http(s) CRL distribution point URIs of a certificate. */
    public static List<URI> distributionPoints(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (extension == null) {
            return List.of();
        }
        List<URI> uris = new ArrayList<>();
        try {
            ASN1Primitive value = JcaX509ExtensionUtils.parseExtensionValue(extension);
            for (DistributionPoint point : CRLDistPoint.getInstance(value).getDistributionPoints()) {
                DistributionPointName name = point.getDistributionPoint();
                if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                    continue;
                }
                for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
                    if (general.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        String uri = general.getName().toString();
                        if (uri.startsWith("http://") || uri.startsWith("https://")) {
                            uris.add(URI.create(uri));
                        }
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
        return uris;
    }

    private static String cacheKey(X509Certificate leaf, List<X509Certificate> presented, TrustCommunity community) {
        Set<String> others = new HashSet<>();
        presented.forEach(c -> others.add(Certificates.sha256Thumbprint(c)));
        return community.uri() + "|" + community.version() + "|" + Certificates.sha256Thumbprint(leaf) + "|"
                + others.stream().sorted().collect(Collectors.joining(","));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Revocation status cannot be determined. */
    private static final class RevocationUnknown extends Exception {
        private static final long serialVersionUID = 1L;

        RevocationUnknown(String message) {
            super(message);
        }
    }
}
