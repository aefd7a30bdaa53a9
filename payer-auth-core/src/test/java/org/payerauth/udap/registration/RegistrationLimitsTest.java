package org.payerauth.udap.registration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

class RegistrationLimitsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    /** The single-use store's contract: an atomic putIfAbsent; expiry is not modelled (the tests run within it). */
    static final class MemoryStore implements ReservationStore {
        final Map<String, Long> held = new ConcurrentHashMap<>();

        @Override
        public boolean reserve(String key, long lifespanSeconds) {
            return held.putIfAbsent(key, lifespanSeconds) == null;
        }

        @Override
        public void release(String key) {
            held.remove(key);
        }
    }

    @Test
    void withoutLimitsEveryValidRegistrationIsAdmitted_theRealmIsNotCounted_andNothingIsReserved() {
        RegistrationLimits none = RegistrationLimits.none();
        MemoryStore store = new MemoryStore();
        assertSame(RegistrationLimits.Hold.NONE, assertDoesNotThrow(() -> none.admitNewClient("r", () -> {
            throw new AssertionError("without a limit the realm's clients are never counted");
        }, store, NOW)));
        assertSame(RegistrationLimits.Hold.NONE, assertDoesNotThrow(() -> none.admitAgain("r", "urn:c", "https://a", store, NOW)));
        assertTrue(store.held.isEmpty());
        assertFalse(none.throttles());
    }

    @Test
    void aNewAppIsRefusedOnceTheRealmHoldsMaxClients() throws UdapException {
        RegistrationLimits limits = new RegistrationLimits(OptionalInt.of(10), Duration.ZERO);
        limits.admitNewClient("r", () -> 9, new MemoryStore(), NOW);
        UdapException refused = assertThrows(UdapException.class,
                () -> limits.admitNewClient("r", () -> 10, new MemoryStore(), NOW));
        assertEquals(Reason.REGISTRATION_LIMIT_REACHED, refused.reason());
        assertEquals("unapproved_software_statement", refused.error());
        assertTrue(refused.description().contains("limit is 10"), refused.description());
    }

    @Test
    void newAppsThatCountedTheSameRealm_takeDistinctPlaces_andNoMoreThanTheQuotaLeaves() throws UdapException {
        RegistrationLimits limits = new RegistrationLimits(OptionalInt.of(10), Duration.ZERO);
        MemoryStore store = new MemoryStore();
        RegistrationLimits.Hold first = limits.admitNewClient("r", () -> 8, store, NOW);
        RegistrationLimits.Hold second = limits.admitNewClient("r", () -> 8, store, NOW);
        assertNotEquals(first.key(), second.key());
        UdapException refused = assertThrows(UdapException.class, () -> limits.admitNewClient("r", () -> 8, store, NOW));
        assertEquals(Reason.REGISTRATION_LIMIT_REACHED, refused.reason());
        assertTrue(refused.description().contains("under way"), refused.description());
        assertTrue(refused.description().contains("limit is 10"), refused.description());
    }

    @Test
    void aPlaceStaysTakenAfterItsClientIsWritten_soARegistrationThatCountedBeforeTheWriteIsRefused() throws UdapException {
        RegistrationLimits limits = new RegistrationLimits(OptionalInt.of(10), Duration.ZERO);
        MemoryStore store = new MemoryStore();
        limits.admitNewClient("r", () -> 9, store, NOW);
        // its client is written: the realm now holds 10, but a registration that counted 9 just before still loses
        assertThrows(UdapException.class, () -> limits.admitNewClient("r", () -> 9, store, NOW));
        assertThrows(UdapException.class, () -> limits.admitNewClient("r", () -> 10, store, NOW));
    }

    @Test
    void aRefusedRegistrationGivesItsPlaceBack() throws UdapException {
        RegistrationLimits limits = new RegistrationLimits(OptionalInt.of(10), Duration.ZERO);
        MemoryStore store = new MemoryStore();
        RegistrationLimits.Hold hold = limits.admitNewClient("r", () -> 9, store, NOW);
        hold.release(store, NOW.plusSeconds(1));
        assertDoesNotThrow(() -> limits.admitNewClient("r", () -> 9, store, NOW));
    }

    @Test
    void aHoldAboutToExpireIsNotReleased_anotherRegistrationMayHoldItsKeyByThen() throws UdapException {
        RegistrationLimits limits = new RegistrationLimits(OptionalInt.of(10), Duration.ZERO);
        MemoryStore store = new MemoryStore();
        RegistrationLimits.Hold hold = limits.admitNewClient("r", () -> 9, store, NOW);
        hold.release(store, NOW.plus(RegistrationLimits.PLACE_LIFESPAN).minusSeconds(1));
        assertEquals(1, store.held.size());
    }

    @Test
    void aRegistrationHoldingAPlace_writesOnlyWithinTheDeadline() throws UdapException {
        RegistrationLimits limits = new RegistrationLimits(OptionalInt.of(10), Duration.ofSeconds(60));
        RegistrationLimits.Hold place = limits.admitNewClient("r", () -> 9, new MemoryStore(), NOW);
        assertDoesNotThrow(() -> place.requireWriteInTime(NOW.plus(RegistrationLimits.WRITE_WITHIN)));
        UdapException late = assertThrows(UdapException.class,
                () -> place.requireWriteInTime(NOW.plus(RegistrationLimits.WRITE_WITHIN).plusSeconds(1)));
        assertEquals("unapproved_software_statement", late.error());
        assertTrue(RegistrationLimits.WRITE_WITHIN.compareTo(RegistrationLimits.PLACE_LIFESPAN) < 0);
        RegistrationLimits.Hold interval = limits.admitAgain("r", "urn:c", "https://a", new MemoryStore(), NOW);
        assertDoesNotThrow(() -> interval.requireWriteInTime(NOW.plusSeconds(3600)), "the interval sets no deadline");
    }

    @Test
    void tenNewAppsAtOnceWithRoomForOne_exactlyOneIsAdmitted() throws Exception {
        RegistrationLimits limits = new RegistrationLimits(OptionalInt.of(50), Duration.ZERO);
        MemoryStore store = new MemoryStore();
        AtomicLong clients = new AtomicLong(49);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            outcomes.add(pool.submit(() -> {
                start.await();
                try {
                    limits.admitNewClient("r", clients::get, store, NOW);
                    clients.incrementAndGet(); // its write
                    return true;
                } catch (UdapException refused) {
                    assertEquals(Reason.REGISTRATION_LIMIT_REACHED, refused.reason());
                    return false;
                }
            }));
        }
        start.countDown();
        int admitted = 0;
        for (Future<Boolean> outcome : outcomes) {
            admitted += outcome.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, admitted);
        assertEquals(50, clients.get());
    }

    @Test
    void aRepeatedRegistrationWithinTheIntervalIsThrottledWithTemporarilyUnavailable() throws UdapException {
        RegistrationLimits limits = new RegistrationLimits(OptionalInt.empty(), Duration.ofSeconds(60));
        MemoryStore store = new MemoryStore();
        assertTrue(limits.throttles());
        limits.admitAgain("r", "urn:c", "https://a", store, NOW);
        UdapException refused = assertThrows(UdapException.class,
                () -> limits.admitAgain("r", "urn:c", "https://a", store, NOW));
        assertEquals(Reason.REGISTRATION_THROTTLED, refused.reason());
        assertEquals("temporarily_unavailable", refused.error());
        assertTrue(refused.description().contains("60 seconds"), refused.description());
        assertDoesNotThrow(() -> limits.admitAgain("r", "urn:c", "https://other", store, NOW), "another app");
        assertDoesNotThrow(() -> limits.admitAgain("r", "urn:other", "https://a", store, NOW), "another community");
    }

    @Test
    void aRefusedRegistrationDoesNotStartTheAppsInterval() throws UdapException {
        RegistrationLimits limits = new RegistrationLimits(OptionalInt.empty(), Duration.ofSeconds(60));
        MemoryStore store = new MemoryStore();
        limits.admitAgain("r", "urn:c", "https://a", store, NOW).release(store, NOW);
        assertDoesNotThrow(() -> limits.admitAgain("r", "urn:c", "https://a", store, NOW));
    }

    @Test
    void theThrottleKeyCannotBeForgedByMovingCharactersBetweenCommunityAndIss() {
        assertNotEquals(RegistrationLimits.throttleKey("r", "urn:a", "https://b"),
                RegistrationLimits.throttleKey("r", "urn:ah", "ttps://b"));
        assertNotEquals(RegistrationLimits.throttleKey("r1", "urn:a", "https://b"),
                RegistrationLimits.throttleKey("r2", "urn:a", "https://b"));
        assertNotEquals(RegistrationLimits.placeKey("r1", 1), RegistrationLimits.placeKey("r2", 1));
    }

    @Test
    void aNegativeIntervalIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class,
                () -> new RegistrationLimits(OptionalInt.empty(), Duration.ofSeconds(-1)));
    }
}
