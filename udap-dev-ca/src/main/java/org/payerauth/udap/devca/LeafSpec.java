package org.payerauth.udap.devca;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Immutable description of an end-entity certificate for {@link CertificateAuthority#issue(LeafSpec)};
 * create one with {@link #builder(String)}.
 */
public final class LeafSpec {
    private final String commonName;
    private final List<String> sanUris;
    private final List<String> sanDns;
    private final KeyAlgorithm keyAlgorithm;
    private final Instant notBefore;
    private final Instant notAfter;
    private final String crlUrl;
    private final String caIssuersUrl;
    private final boolean ca;
    private final boolean digitalSignature;
    private final String signatureAlgorithm;

    private LeafSpec(Builder b) {
        this.commonName = b.commonName;
        this.sanUris = List.copyOf(b.sanUris);
        this.sanDns = List.copyOf(b.sanDns);
        this.keyAlgorithm = b.keyAlgorithm;
        this.notBefore = b.notBefore;
        this.notAfter = b.notAfter;
        this.crlUrl = b.crlUrl;
        this.caIssuersUrl = b.caIssuersUrl;
        this.ca = b.ca;
        this.digitalSignature = b.digitalSignature;
        this.signatureAlgorithm = b.signatureAlgorithm;
    }

    /** The JCA algorithm the CA signs this certificate with, or {@code null} for the one that fits the CA's key. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public static Builder builder(String commonName) {
        return new Builder(commonName);
    }

    public String commonName() {
        return commonName;
    }

    public List<String> sanUris() {
        return sanUris;
    }

    public List<String> sanDns() {
        return sanDns;
    }

    public KeyAlgorithm keyAlgorithm() {
        return keyAlgorithm;
    }

    /** Start of validity, or {@code null} for "now - 1 hour" at issue time. */
    public Instant notBefore() {
        return notBefore;
    }

    /** End of validity, or {@code null} for "now + 2 years" at issue time. */
    public Instant notAfter() {
        return notAfter;
    }

    public String crlUrl() {
        return crlUrl;
    }

    public String caIssuersUrl() {
        return caIssuersUrl;
    }

    public boolean ca() {
        return ca;
    }

    public boolean digitalSignature() {
        return digitalSignature;
    }

    /** Fluent builder; every setter returns this builder. */
    public static final class Builder {
        private final String commonName;
        private final List<String> sanUris = new ArrayList<>();
        private final List<String> sanDns = new ArrayList<>();
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.RSA_2048;
        private Instant notBefore;
        private Instant notAfter;
        private String crlUrl;
        private String caIssuersUrl;
        private boolean ca;
        private boolean digitalSignature = true;
        private String signatureAlgorithm;

        private Builder(String commonName) {
            this.commonName = Objects.requireNonNull(commonName, "commonName");
        }

        /** Adds subjectAltName uniformResourceIdentifier entries (the UDAP {@code iss} values). */
        public Builder sanUri(String... uris) {
            sanUris.addAll(Arrays.asList(uris));
            return this;
        }

        /** Adds subjectAltName dNSName entries. */
        public Builder sanDns(String... names) {
            sanDns.addAll(Arrays.asList(names));
            return this;
        }

        /** Key type of the certified key; default {@link KeyAlgorithm#RSA_2048}. */
        public Builder keyAlgorithm(KeyAlgorithm alg) {
            this.keyAlgorithm = Objects.requireNonNull(alg, "keyAlgorithm");
            return this;
        }

        /** Validity period; default now - 1 hour .. now + 2 years. Past or future periods are allowed (negative tests). */
        public Builder validity(Instant from, Instant until) {
            this.notBefore = Objects.requireNonNull(from, "notBefore");
            this.notAfter = Objects.requireNonNull(until, "notAfter");
            return this;
        }

        /** CRL distribution point URI; default none. */
        public Builder crlUrl(String url) {
            this.crlUrl = url;
            return this;
        }

        /** Authority information access caIssuers URI; default none. */
        public Builder caIssuersUrl(String url) {
            this.caIssuersUrl = url;
            return this;
        }

        /** BasicConstraints cA flag (always critical); default false. {@code true} is for negative tests. */
        public Builder ca(boolean ca) {
            this.ca = ca;
            return this;
        }

        /** Critical KeyUsage digitalSignature (default true); false gives keyEncipherment only. */
        public Builder digitalSignature(boolean digitalSignature) {
            this.digitalSignature = digitalSignature;
            return this;
        }

        /** Signs the certificate with this JCA algorithm (e.g. {@code SHA1withRSA} for negative tests). */
        public Builder signatureAlgorithm(String algorithm) {
            this.signatureAlgorithm = algorithm;
            return this;
        }

        public LeafSpec build() {
            return new LeafSpec(this);
        }
    }
}
