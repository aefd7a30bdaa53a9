package org.payerauth.keycloak.udap.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.keycloak.crl.CrlStorageProvider;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.KeyAlgorithm;

/** CRLs come from Keycloak's CRL cache; one without nextUpdate is fetched again rather than kept forever. */
class KeycloakCrlSourceTest {

    /** Keycloak's cache, reduced to what matters: get loads once, refreshCache reloads. */
    private static final class FakeCache implements CrlStorageProvider {
        final Map<String, X509CRL> entries = new HashMap<>();
        int refreshes;

        @Override
        public X509CRL get(String key, Callable<X509CRL> loader) throws java.security.GeneralSecurityException {
            try {
                return entries.computeIfAbsent(key, k -> {
                    try {
                        return loader.call();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (IllegalStateException e) {
                throw new java.security.GeneralSecurityException(e);
            }
        }

        @Override
        public boolean refreshCache(String key, Callable<X509CRL> loader) throws java.security.GeneralSecurityException {
            refreshes++;
            try {
                entries.put(key, loader.call());
            } catch (Exception e) {
                throw new java.security.GeneralSecurityException(e);
            }
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void a_crl_with_nextUpdate_is_served_from_the_cache() throws Exception {
        CertificateAuthority ca = CertificateAuthority.newRoot("CRL cache", KeyAlgorithm.EC_P256);
        X509CRL crl = ca.crl();
        FakeCache cache = new FakeCache();
        AtomicInteger loads = new AtomicInteger();
        Callable<X509CRL> loader = () -> {
            loads.incrementAndGet();
            return crl;
        };
        assertSame(crl, KeycloakCrlSource.cached(cache, "u", loader));
        assertSame(crl, KeycloakCrlSource.cached(cache, "u", loader));
        assertEquals(1, loads.get());
        assertEquals(0, cache.refreshes);
    }

    @Test
    void a_crl_without_nextUpdate_is_fetched_again_when_asked_for_anew() throws Exception {
        CertificateAuthority ca = CertificateAuthority.newRoot("CRL cache", KeyAlgorithm.EC_P256);
        X509CRL first = ca.crl(Instant.now().minus(Duration.ofDays(30)), null);
        X509CRL second = ca.crl(Instant.now().minus(Duration.ofMinutes(1)), null);
        FakeCache cache = new FakeCache();
        AtomicInteger loads = new AtomicInteger();
        Callable<X509CRL> loader = () -> loads.incrementAndGet() == 1 ? first : second;
        assertSame(second, KeycloakCrlSource.cached(cache, "u", loader), "the cached copy is replaced by a fresh one");
        assertEquals(1, cache.refreshes);
    }
}
