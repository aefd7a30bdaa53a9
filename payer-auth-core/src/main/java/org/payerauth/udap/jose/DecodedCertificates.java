package org.payerauth.udap.jose;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.Base64;

import org.payerauth.udap.pki.Certificates;

/**
 * A bounded LRU of {@code x5c} entries already decoded into certificates, keyed by their base64 text. Decoding is a
 * pure function of that text, so the cache holds nothing that must be shared or survive; only successful decodes are
 * kept, and the oldest entry goes once {@code capacity} is reached. Thread-safe.
 */
final class DecodedCertificates {

    private final Map<String, X509Certificate> decoded;

    DecodedCertificates(int capacity) {
        this.decoded = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, X509Certificate> eldest) {
                return size() > capacity;
            }
        };
    }

    X509Certificate get(Base64 entry) throws CertificateException {
        String key = entry.toString();
        synchronized (decoded) {
            X509Certificate known = decoded.get(key);
            if (known != null) {
                return known;
            }
        }
        X509Certificate certificate = Certificates.fromDer(entry.decode());
        synchronized (decoded) {
            decoded.put(key, certificate);
        }
        return certificate;
    }

    int size() {
        synchronized (decoded) {
            return decoded.size();
        }
    }
}
