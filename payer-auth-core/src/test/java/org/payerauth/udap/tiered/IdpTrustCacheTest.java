package org.payerauth.udap.tiered;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

class IdpTrustCacheTest {

    private static final String REALM = "realm-1";
    private static final int LOADS = TieredSettings.DEFAULT_MAX_CONCURRENT_METADATA_LOADS;

    private Instant now = Instant.parse("2026-12-01T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private TieredIdpMetadata metadata(Instant exp) {
        return new TieredIdpMetadata("https://idp.example", "udap://c", "https://idp.example/authorize",
                "https://idp.example/token", "https://idp.example/register", exp);
    }

    @Test
    void verified_metadata_is_reused_until_its_own_exp_when_that_comes_before_the_maximum() throws UdapException {
        IdpTrustCache cache = new IdpTrustCache(clock);
        AtomicInteger loads = new AtomicInteger();
        TieredIdpMetadata first = metadata(now.plusSeconds(600));
        IdpTrustCache.Loader loader = () -> {
            loads.incrementAndGet();
            return first;
        };
        assertSame(first, cache.get(REALM, "k", Duration.ofHours(1), LOADS, loader));
        now = now.plusSeconds(599);
        assertSame(first, cache.get(REALM, "k", Duration.ofHours(1), LOADS, loader));
        assertEquals(1, loads.get());
        now = now.plusSeconds(2);
        cache.get(REALM, "k", Duration.ofHours(1), LOADS, loader);
        assertEquals(2, loads.get());
    }

    @Test
    void verified_metadata_is_reused_at_most_the_configured_maximum() throws UdapException {
        IdpTrustCache cache = new IdpTrustCache(clock);
        AtomicInteger loads = new AtomicInteger();
        IdpTrustCache.Loader loader = () -> {
            loads.incrementAndGet();
            return metadata(now.plus(Duration.ofDays(300)));
        };
        cache.get(REALM, "k", Duration.ofMinutes(10), LOADS, loader);
        now = now.plus(Duration.ofMinutes(11));
        cache.get(REALM, "k", Duration.ofMinutes(10), LOADS, loader);
        assertEquals(2, loads.get());
    }

    @Test
    void a_refusal_is_kept_briefly_so_one_app_cannot_make_us_fetch_on_every_request() {
        IdpTrustCache cache = new IdpTrustCache(clock);
        AtomicInteger loads = new AtomicInteger();
        IdpTrustCache.Loader loader = () -> {
            loads.incrementAndGet();
            throw new UdapException(Reason.UNTRUSTED_IDENTITY_PROVIDER, "nope");
        };
        assertThrows(UdapException.class, () -> cache.get(REALM, "k", Duration.ofHours(1), LOADS, loader));
        assertThrows(UdapException.class, () -> cache.get(REALM, "k", Duration.ofHours(1), LOADS, loader));
        assertEquals(1, loads.get());
        now = now.plus(IdpTrustCache.REFUSAL_REUSE).plusSeconds(1);
        assertThrows(UdapException.class, () -> cache.get(REALM, "k", Duration.ofHours(1), LOADS, loader));
        assertEquals(2, loads.get());
    }

    @Test
    void a_full_cache_makes_room_for_a_new_entry_by_evicting_only_the_one_used_longest_ago() throws UdapException {
        IdpTrustCache cache = new IdpTrustCache(clock);
        Map<String, AtomicInteger> loads = new HashMap<>();
        java.util.function.Function<String, IdpTrustCache.Loader> loaderOf = key -> () -> {
            loads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return metadata(now.plusSeconds(600));
        };
        for (int i = 0; i < IdpTrustCache.MAX_ENTRIES; i++) {
            cache.get(REALM, "k" + i, Duration.ofHours(1), LOADS, loaderOf.apply("k" + i));
        }
        assertEquals(IdpTrustCache.MAX_ENTRIES, cache.size());
        cache.get(REALM, "k0", Duration.ofHours(1), LOADS, loaderOf.apply("k0")); // k0 is used again: k1 is now the oldest

        cache.get(REALM, "new", Duration.ofHours(1), LOADS, loaderOf.apply("new"));

        assertEquals(IdpTrustCache.MAX_ENTRIES, cache.size(), "one entry made room, the others stayed");
        for (int i = 0; i < IdpTrustCache.MAX_ENTRIES; i++) {
            if (i != 1) {
                cache.get(REALM, "k" + i, Duration.ofHours(1), LOADS, loaderOf.apply("k" + i));
                assertEquals(1, loads.get("k" + i).get(), "k" + i + " stayed");
            }
        }
        cache.get(REALM, "k1", Duration.ofHours(1), LOADS, loaderOf.apply("k1"));
        assertEquals(2, loads.get("k1").get(), "the entry used longest ago was the one evicted");
        assertEquals(IdpTrustCache.MAX_ENTRIES, cache.size());
    }

    @Test
    void concurrent_lookups_of_one_new_idp_share_one_load() throws Exception {
        IdpTrustCache cache = new IdpTrustCache(clock);
        AtomicInteger loads = new AtomicInteger();
        TieredIdpMetadata trusted = metadata(now.plusSeconds(600));
        CountDownLatch release = new CountDownLatch(1);
        IdpTrustCache.Loader slowLoader = () -> {
            loads.incrementAndGet();
            await(release);
            return trusted;
        };
        int lookups = 20;
        ExecutorService threads = Executors.newFixedThreadPool(lookups);
        try {
            CyclicBarrier start = new CyclicBarrier(lookups + 1);
            List<Future<TieredIdpMetadata>> results = new ArrayList<>();
            for (int i = 0; i < lookups; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    // One load at a time is all the realm allows: waiting on a running load uses none.
                    return cache.get(REALM, "k", Duration.ofHours(1), 1, slowLoader);
                }));
            }
            start.await();
            Thread.sleep(300); // every lookup reaches the cache while the one load still runs
            release.countDown();
            for (Future<TieredIdpMetadata> result : results) {
                assertSame(trusted, result.get(10, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, loads.get(), "one load for all concurrent lookups");
    }

    @Test
    void concurrent_lookups_of_one_refused_idp_share_the_refusal() throws Exception {
        IdpTrustCache cache = new IdpTrustCache(clock);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        IdpTrustCache.Loader refusing = () -> {
            loads.incrementAndGet();
            await(release);
            throw new UdapException(Reason.UNTRUSTED_IDENTITY_PROVIDER, "nope");
        };
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try {
            List<Future<Reason>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                results.add(threads.submit(() -> {
                    try {
                        cache.get(REALM, "k", Duration.ofHours(1), LOADS, refusing);
                        return null;
                    } catch (UdapException e) {
                        return e.reason();
                    }
                }));
            }
            Thread.sleep(300);
            release.countDown();
            for (Future<Reason> result : results) {
                assertEquals(Reason.UNTRUSTED_IDENTITY_PROVIDER, result.get(10, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, loads.get());
    }

    @Test
    void past_the_realms_bound_of_concurrent_loads_a_new_idp_is_refused_at_once_and_the_refusal_is_not_kept()
            throws Exception {
        IdpTrustCache cache = new IdpTrustCache(clock);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        IdpTrustCache.Loader blocking = () -> {
            started.countDown();
            await(release);
            return metadata(now.plusSeconds(600));
        };
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            Future<TieredIdpMetadata> first = threads.submit(() -> cache.get(REALM, "a", Duration.ofHours(1), 2, blocking));
            Future<TieredIdpMetadata> second = threads.submit(() -> cache.get(REALM, "b", Duration.ofHours(1), 2, blocking));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            // A lookup of "a" waits for its running load: no new load, so not refused.
            Future<TieredIdpMetadata> sameAsFirst = threads.submit(() -> cache.get(REALM, "a", Duration.ofHours(1), 2, blocking));

            AtomicInteger thirdLoads = new AtomicInteger();
            IdpTrustCache.Loader third = () -> {
                thirdLoads.incrementAndGet();
                return metadata(now.plusSeconds(600));
            };
            UdapException busy = assertThrows(UdapException.class, () -> cache.get(REALM, "c", Duration.ofHours(1), 2, third));
            assertEquals(Reason.IDENTITY_PROVIDER_CHECKS_BUSY, busy.reason());
            assertEquals("invalid_idp", busy.error());
            assertEquals(0, thirdLoads.get(), "refused without a fetch");
            // Another realm has its own budget.
            cache.get("realm-2", "c2", Duration.ofHours(1), 2, third);
            assertEquals(1, thirdLoads.get());

            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            sameAsFirst.get(10, TimeUnit.SECONDS);
            // The loads ended: the IdP refused for being busy is looked up now (its refusal was not kept).
            cache.get(REALM, "c", Duration.ofHours(1), 2, third);
            assertEquals(2, thirdLoads.get());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void a_load_that_fails_unexpectedly_keeps_nothing_and_frees_its_place() {
        IdpTrustCache cache = new IdpTrustCache(clock);
        IdpTrustCache.Loader broken = () -> {
            throw new IllegalStateException("bug");
        };
        assertThrows(IllegalStateException.class, () -> cache.get(REALM, "k", Duration.ofHours(1), 1, broken));
        assertEquals(0, cache.size());
        TieredIdpMetadata trusted = metadata(now.plusSeconds(600));
        assertDoesNotThrow(() -> assertSame(trusted, cache.get(REALM, "k", Duration.ofHours(1), 1, () -> trusted)));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
