package org.payerauth.udap.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

class IdpTrustCacheTest {

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
        assertSame(first, cache.get("k", Duration.ofHours(1), loader));
        now = now.plusSeconds(599);
        assertSame(first, cache.get("k", Duration.ofHours(1), loader));
        assertEquals(1, loads.get());
        now = now.plusSeconds(2);
        cache.get("k", Duration.ofHours(1), loader);
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
        cache.get("k", Duration.ofMinutes(10), loader);
        now = now.plus(Duration.ofMinutes(11));
        cache.get("k", Duration.ofMinutes(10), loader);
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
        assertThrows(UdapException.class, () -> cache.get("k", Duration.ofHours(1), loader));
        assertThrows(UdapException.class, () -> cache.get("k", Duration.ofHours(1), loader));
        assertEquals(1, loads.get());
        now = now.plus(IdpTrustCache.REFUSAL_REUSE).plusSeconds(1);
        assertThrows(UdapException.class, () -> cache.get("k", Duration.ofHours(1), loader));
        assertEquals(2, loads.get());
    }

    @Test
    void the_cache_is_bounded() throws UdapException {
        IdpTrustCache cache = new IdpTrustCache(clock);
        for (int i = 0; i < IdpTrustCache.MAX_ENTRIES + 10; i++) {
            cache.get("k" + i, Duration.ofHours(1), () -> metadata(now.plusSeconds(600)));
        }
        assertEquals(true, cache.size() <= IdpTrustCache.MAX_ENTRIES);
    }
}
