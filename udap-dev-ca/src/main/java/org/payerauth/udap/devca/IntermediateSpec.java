package org.payerauth.udap.devca;

import java.time.Instant;

/**
 * Options for {@link CertificateAuthority#newIntermediate(String, KeyAlgorithm, IntermediateSpec)}.
 *
 * @param crlUrl CRL distribution point URI, or {@code null} for none
 * @param sanUri subjectAltName URI (for example the UDAP community URI), or {@code null} for none
 * @param notBefore start of validity, or {@code null} for now - 1 hour
 * @param notAfter end of validity, or {@code null} for now + 5 years
 */
public record IntermediateSpec(String crlUrl, String sanUri, Instant notBefore, Instant notAfter) {

    /** No CRL URL, no SAN, default validity. */
    public static IntermediateSpec defaults() {
        return new IntermediateSpec(null, null, null, null);
    }

    public IntermediateSpec withCrlUrl(String url) {
        return new IntermediateSpec(url, sanUri, notBefore, notAfter);
    }

    public IntermediateSpec withSanUri(String uri) {
        return new IntermediateSpec(crlUrl, uri, notBefore, notAfter);
    }

    public IntermediateSpec withValidity(Instant from, Instant until) {
        return new IntermediateSpec(crlUrl, sanUri, from, until);
    }
}
