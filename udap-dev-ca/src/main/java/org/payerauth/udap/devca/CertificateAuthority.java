package org.payerauth.udap.devca;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority of the dev PKI: a self-signed root or an intermediate, with its private key and an
 * in-memory revocation list.
 *
 * <p>Subject names are {@code CN=<name>, O=payer-auth dev PKI}; serial numbers are random positive 128-bit
 * integers. Certificates and CRLs are built with BouncyCastle and returned as JDK ({@code SUN} provider)
 * objects.
 */
public final class CertificateAuthority {

    /** Organization in every subject name. */
    public static final String ORGANIZATION = "payer-auth dev PKI";

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    /** This CA's certificate first, then its issuers, excluding the self-signed root. */
    private final List<X509Certificate> chain;
    private final X509Certificate root;
    private final Map<BigInteger, Instant> revoked = new LinkedHashMap<>();
    private BigInteger crlNumber = BigInteger.ZERO;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain,
            X509Certificate root) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.chain = List.copyOf(chain);
        this.root = root;
    }

    // ------------------------------------------------------------------ creation

    /** A new self-signed root CA valid from {@code notBefore} to {@code notAfter}. */
    public static CertificateAuthority newRoot(String commonName, KeyAlgorithm alg, Instant notBefore,
            Instant notAfter) {
        Objects.requireNonNull(alg, "alg");
        KeyPair keys = alg.generate();
        X500Name subject = name(commonName);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), date(notBefore),
                date(notAfter), subject, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        X509Certificate cert = sign(builder, keys.getPrivate());
        return new CertificateAuthority(cert, keys.getPrivate(), List.of(), cert);
    }

    /** A new self-signed root CA valid from now - 1 hour to now + 10 years. */
    public static CertificateAuthority newRoot(String commonName, KeyAlgorithm alg) {
        Instant now = Instant.now();
        return newRoot(commonName, alg, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(3650)));
    }

    /**
     * A CA from an existing certificate and key, for example one written earlier by {@link DevPkiCli}. Its
     * revocation list starts empty.
     *
     * @param issuers the certificates above {@code certificate}: its issuer first, up to and optionally including
     *        the self-signed root; empty when {@code certificate} is itself a self-signed root
     */
    public static CertificateAuthority of(X509Certificate certificate, PrivateKey privateKey,
            List<X509Certificate> issuers) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        requireMatchingKey(certificate, privateKey);
        List<X509Certificate> all = new ArrayList<>();
        all.add(certificate);
        all.addAll(issuers);
        List<X509Certificate> chain = new ArrayList<>();
        for (X509Certificate c : all) {
            if (!isSelfSigned(c)) {
                chain.add(c);
            }
        }
        return new CertificateAuthority(certificate, privateKey, chain, all.get(all.size() - 1));
    }

    /**
     * A new intermediate CA issued by this CA: BasicConstraints cA with pathLen 0 (critical), KeyUsage
     * keyCertSign and cRLSign (critical), subject and authority key identifiers, optional CRL distribution point
     * and SAN URI from {@code spec}.
     */
    public CertificateAuthority newIntermediate(String commonName, KeyAlgorithm alg, IntermediateSpec spec) {
        Objects.requireNonNull(alg, "alg");
        IntermediateSpec s = spec == null ? IntermediateSpec.defaults() : spec;
        Instant now = Instant.now();
        Instant from = s.notBefore() != null ? s.notBefore() : now.minus(Duration.ofHours(1));
        Instant until = s.notAfter() != null ? s.notAfter() : now.plus(Duration.ofDays(5 * 365 + 1));
        KeyPair keys = alg.generate();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName(), serial(), date(from),
                date(until), name(commonName), keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            addKeyIdentifiers(builder, keys.getPublic());
            if (s.sanUri() != null) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, s.sanUri())));
            }
            if (s.crlUrl() != null) {
                builder.addExtension(Extension.cRLDistributionPoints, false, crlDistPoint(s.crlUrl()));
            }
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        X509Certificate cert = sign(builder, privateKey);
        List<X509Certificate> newChain = new ArrayList<>();
        newChain.add(cert);
        newChain.addAll(chain);
        return new CertificateAuthority(cert, keys.getPrivate(), newChain, root);
    }

    /** A new intermediate CA with {@link IntermediateSpec#defaults()}. */
    public CertificateAuthority newIntermediate(String commonName, KeyAlgorithm alg) {
        return newIntermediate(commonName, alg, IntermediateSpec.defaults());
    }

    /** Issues an end-entity certificate (with a freshly generated key) as described by {@code spec}. */
    public IssuedCertificate issue(LeafSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Instant now = Instant.now();
        Instant from = spec.notBefore() != null ? spec.notBefore() : now.minus(Duration.ofHours(1));
        Instant until = spec.notAfter() != null ? spec.notAfter() : now.plus(Duration.ofDays(2 * 365));
        KeyPair keys = spec.keyAlgorithm().generate();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName(), serial(), date(from),
                date(until), name(spec.commonName()), keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(spec.ca()));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(spec.digitalSignature() ? KeyUsage.digitalSignature : KeyUsage.keyEncipherment));
            addKeyIdentifiers(builder, keys.getPublic());
            List<GeneralName> sans = new ArrayList<>();
            spec.sanUris().forEach(u -> sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
            spec.sanDns().forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            if (spec.crlUrl() != null) {
                builder.addExtension(Extension.cRLDistributionPoints, false, crlDistPoint(spec.crlUrl()));
            }
            if (spec.caIssuersUrl() != null) {
                builder.addExtension(Extension.authorityInfoAccess, false,
                        new AuthorityInformationAccess(AccessDescription.id_ad_caIssuers,
                                new GeneralName(GeneralName.uniformResourceIdentifier, spec.caIssuersUrl())));
            }
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        X509Certificate cert = spec.signatureAlgorithm() == null ? sign(builder, privateKey)
                : sign(builder, privateKey, spec.signatureAlgorithm());
        List<X509Certificate> leafChain = new ArrayList<>();
        leafChain.add(cert);
        leafChain.addAll(chain);
        return new IssuedCertificate(cert, keys.getPrivate(), leafChain);
    }

    // ------------------------------------------------------------------ accessors

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** This CA's certificate first, then its issuers up to but excluding the self-signed root; empty for a root. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The self-signed root certificate at the top of this CA's chain (this CA's own certificate for a root). */
    public X509Certificate root() {
        return root;
    }

    // ------------------------------------------------------------------ revocation

    /** Marks {@code serial} revoked (reason keyCompromise) in every CRL this CA produces from now on. */
    public synchronized void revoke(BigInteger serial) {
        revoked.putIfAbsent(Objects.requireNonNull(serial, "serial"), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** Serial numbers revoked so far, in revocation order. */
    public synchronized List<BigInteger> revokedSerials() {
        return List.copyOf(revoked.keySet());
    }

    /** A CRL of everything revoked so far, thisUpdate now - 1 minute, nextUpdate now + 7 days. */
    public X509CRL crl() {
        Instant now = Instant.now();
        return crl(now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(7)));
    }

    /** A CRL of everything revoked so far with the given update times; the CRL number increments on every call. */
    public X509CRL crl(Instant thisUpdate, Instant nextUpdate) {
        return buildCrl(thisUpdate, nextUpdate, privateKey);
    }

    /** Same content as {@link #crl()} but signed with another key, so it must fail verification (negative test). */
    public X509CRL crlSignedBy(PrivateKey wrongKey) {
        Instant now = Instant.now();
        return buildCrl(now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(7)),
                Objects.requireNonNull(wrongKey, "wrongKey"));
    }

    private synchronized X509CRL buildCrl(Instant thisUpdate, Instant nextUpdate, PrivateKey signingKey) {
        crlNumber = crlNumber.add(BigInteger.ONE);
        X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(certificate.getSubjectX500Principal(), date(thisUpdate));
        if (nextUpdate != null) {
            builder.setNextUpdate(date(nextUpdate));
        }
        for (Map.Entry<BigInteger, Instant> e : revoked.entrySet()) {
            Instant when = e.getValue().isAfter(thisUpdate) ? thisUpdate : e.getValue();
            builder.addCRLEntry(e.getKey(), date(when), CRLReason.keyCompromise);
        }
        try {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensionUtils().createAuthorityKeyIdentifier(certificate.getPublicKey()));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
            return new JcaX509CRLConverter().getCRL(builder.build(signer(signingKey)));
        } catch (CertIOException | CRLException e) {
            throw new IllegalStateException("Cannot build CRL", e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private X500Name issuerName() {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    private void addKeyIdentifiers(X509v3CertificateBuilder builder, PublicKey subjectKey) throws CertIOException {
        JcaX509ExtensionUtils utils = extensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                utils.createAuthorityKeyIdentifier(certificate.getPublicKey()));
    }

    /** {@code CN=<commonName>, O=payer-auth dev PKI} (DER order O then CN, as {@code X500Principal} parses it). */
    static X500Name name(String commonName) {
        Objects.requireNonNull(commonName, "commonName");
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static BigInteger serial() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, Bc.RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    private static Date date(Instant instant) {
        return Date.from(Objects.requireNonNull(instant, "validity instant"));
    }

    private static CRLDistPoint crlDistPoint(String url) {
        DistributionPointName name = new DistributionPointName(
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url)));
        return new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(name, null, null)});
    }

    private static JcaX509ExtensionUtils extensionUtils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContentSigner signer(PrivateKey key) {
        return signer(key, KeyAlgorithm.signatureAlgorithmFor(key));
    }

    private static ContentSigner signer(PrivateKey key, String algorithm) {
        try {
            return new JcaContentSignerBuilder(algorithm)
                    .setProvider(Bc.PROVIDER)
                    .build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot create signer", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        return sign(builder, key, KeyAlgorithm.signatureAlgorithmFor(key));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, String algorithm) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(key, algorithm)));
        } catch (CertificateException e) {
            throw new IllegalStateException("Cannot build certificate", e);
        }
    }

    private static void requireMatchingKey(X509Certificate certificate, PrivateKey privateKey) {
        byte[] probe = "payer-auth dev PKI key check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            String alg = KeyAlgorithm.signatureAlgorithmFor(privateKey);
            Signature signer = Signature.getInstance(alg);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(alg);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("Private key does not match certificate " + certificate.getSubjectX500Principal());
        }
    }

    private static boolean isSelfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
