package org.payerauth.udap;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.payerauth.udap.pki.CertificateChainValidator;
import org.payerauth.udap.pki.TrustCommunity;

/** Small fakes shared by the UDAP unit tests: an in-memory CRL source, a warning sink, a settable clock. */
public final class TestSupport {

    private TestSupport() {
    }

    /** Serves CRLs from memory by URI and records every fetch; an unknown URI is an I/O error (like a 404). */
    public static final class InMemoryCrls implements CertificateChainValidator.CrlSource {
        private final Map<URI, X509CRL> crls = new ConcurrentHashMap<>();
        private final Map<URI, IOException> failures = new ConcurrentHashMap<>();
        public final List<URI> fetched = new CopyOnWriteArrayList<>();

        public InMemoryCrls serve(String url, X509CRL crl) {
            crls.put(URI.create(url), crl);
            return this;
        }

        public InMemoryCrls fail(String url, IOException failure) {
            failures.put(URI.create(url), failure);
            return this;
        }

        public int fetchCount() {
            return fetched.size();
        }

        @Override
        public X509CRL fetch(URI url) throws IOException {
            fetched.add(url);
            IOException failure = failures.get(url);
            if (failure != null) {
                throw failure;
            }
            X509CRL crl = crls.get(url);
            if (crl == null) {
                throw new IOException("HTTP 404 for " + url);
            }
            return crl;
        }
    }

    /** Collects soft-fail warnings. */
    public static final class RecordingWarnings implements CertificateChainValidator.Warnings {
        public final List<String> messages = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void warn(String message) {
            messages.add(message);
        }
    }

    /** A clock the test moves by hand. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant now) {
            this.now = now;
        }

        public void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    public static Clock fixedClock(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    public static TrustCommunity community(String uri, List<X509Certificate> anchors, List<X509Certificate> intermediates,
                                    TrustCommunity.Revocation revocation, List<X509CRL> uploadedCrls, String version) {
        return new TrustCommunity(uri, false, anchors, intermediates, revocation, uploadedCrls, Optional.empty(), version);
    }

    public static TrustCommunity community(String uri, X509Certificate anchor) {
        return community(uri, List.of(anchor), List.of(), TrustCommunity.Revocation.FAIL_CLOSED_DISTRIBUTION_POINTS,
                List.of(), "1");
    }

    // ------------------------------------------------------------------ hand-made JWS

    /** Signs any payload text (JSON or not) with the given key and algorithm, advertising {@code x5c} (may be null). */
    public static String signPayload(String payload, PrivateKey key, JWSAlgorithm alg, List<Base64> x5c) {
        JWSHeader.Builder header = new JWSHeader.Builder(alg);
        if (x5c != null) {
            header.x509CertChain(x5c);
        }
        JWSObject jws = new JWSObject(header.build(), new Payload(payload));
        try {
            jws.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    /** Signs a claims map exactly as given (a one-element {@code aud} array stays an array). */
    public static String signClaims(Map<String, Object> claims, PrivateKey key, JWSAlgorithm alg, List<Base64> x5c) {
        return signPayload(JSONObjectUtils.toJSONString(claims), key, alg, x5c);
    }

    public static JWSSigner signer(PrivateKey key) throws JOSEException {
        return key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key);
    }

    /** {@code base64url(header).base64url(payload).} with an empty signature. */
    public static String unsecured(String headerJson, String payloadJson) {
        return Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** The x5c entries re-encoded with the URL-safe alphabet (and padding), as Ruby's urlsafe_encode64 does. */
    public static List<Base64> urlSafe(List<Base64> x5c) {
        return x5c.stream().map(b -> new Base64(java.util.Base64.getUrlEncoder().encodeToString(b.decode()))).toList();
    }
}
