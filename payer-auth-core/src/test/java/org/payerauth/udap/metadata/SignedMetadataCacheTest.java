package org.payerauth.udap.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.payerauth.udap.TestSupport;

/** Signed metadata is signed once per configuration and time window, not per request. */
class SignedMetadataCacheTest {

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final SignedMetadataCache cache = new SignedMetadataCache(clock);
    private final AtomicInteger signatures = new AtomicInteger();

    private Map<String, Object> document(String key) {
        return cache.document(key, now -> Map.of("signed_metadata", "jwt-" + signatures.incrementAndGet(), "iat", now));
    }

    @Test
    void repeated_requests_within_the_window_are_served_the_same_signed_document() {
        Map<String, Object> first = document("community-v1");
        clock.advance(SignedMetadataCache.REUSE_FOR.minusSeconds(1));
        assertSame(first, document("community-v1"));
        assertEquals(1, signatures.get());
    }

    @Test
    void the_document_is_re_signed_once_the_window_has_passed() {
        Map<String, Object> first = document("community-v1");
        clock.advance(SignedMetadataCache.REUSE_FOR);
        Map<String, Object> second = document("community-v1");
        assertNotSame(first, second);
        assertEquals(2, signatures.get());
        assertTrue(SignedMetadataCache.REUSE_FOR.compareTo(UdapServerMetadata.SIGNED_METADATA_LIFETIME) < 0,
                "a served signed_metadata never expires in a client's hands");
    }

    @Test
    void a_configuration_change_is_a_new_key_and_is_signed_at_once() {
        document("community-v1");
        document("community-v2");
        assertEquals(2, signatures.get());
    }

    @Test
    void a_clock_that_went_back_re_signs_rather_than_serving_a_document_from_the_future() {
        document("community-v1");
        clock.advance(Duration.ofMinutes(-5));
        document("community-v1");
        assertEquals(2, signatures.get());
    }

    @Test
    void the_cache_is_bounded() {
        for (int i = 0; i < SignedMetadataCache.MAX_ENTRIES * 2; i++) {
            document("key-" + i);
        }
        assertTrue(cache.size() <= SignedMetadataCache.MAX_ENTRIES);
    }

    @Test
    void when_full_the_document_signed_longest_ago_makes_room_and_the_others_stay() {
        for (int i = 0; i < SignedMetadataCache.MAX_ENTRIES; i++) {
            document("key-" + i);
            clock.advance(Duration.ofMillis(1));
        }
        document("one-more");
        assertEquals(SignedMetadataCache.MAX_ENTRIES, cache.size(), "one entry made room");
        int before = signatures.get();
        for (int i = 1; i < SignedMetadataCache.MAX_ENTRIES; i++) {
            document("key-" + i);
        }
        assertEquals(before, signatures.get(), "every other document is still served without signing");
        document("key-0");
        assertEquals(before + 1, signatures.get(), "the oldest was the one that made room");
    }

    @Test
    void hits_and_misses_are_counted() {
        document("community-v1");
        document("community-v1");
        document("community-v2");
        assertEquals(1, cache.counts().hits());
        assertEquals(2, cache.counts().misses());
    }
}
