package org.payerauth.udap.registration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

class RegistrationLimitsTest {

    @Test
    void withoutLimitsEveryValidRegistrationIsAdmitted_andTheRealmIsNotCounted() {
        RegistrationLimits none = RegistrationLimits.none();
        assertDoesNotThrow(() -> none.admitNewClient(() -> {
            throw new AssertionError("without a limit the realm's clients are never counted");
        }));
        assertDoesNotThrow(() -> none.admitAgain(true));
        assertFalse(none.throttles());
    }

    @Test
    void aNewAppIsRefusedOnceTheRealmHoldsMaxClients() throws UdapException {
        RegistrationLimits limits = new RegistrationLimits(OptionalInt.of(10), Duration.ZERO);
        limits.admitNewClient(() -> 9);
        UdapException refused = assertThrows(UdapException.class, () -> limits.admitNewClient(() -> 10));
        assertEquals(Reason.REGISTRATION_LIMIT_REACHED, refused.reason());
        assertEquals("unapproved_software_statement", refused.error());
        assertTrue(refused.description().contains("10"), refused.description());
    }

    @Test
    void aRepeatedRegistrationWithinTheIntervalIsThrottledWithTemporarilyUnavailable() throws UdapException {
        RegistrationLimits limits = new RegistrationLimits(OptionalInt.empty(), Duration.ofSeconds(60));
        assertTrue(limits.throttles());
        limits.admitAgain(false);
        UdapException refused = assertThrows(UdapException.class, () -> limits.admitAgain(true));
        assertEquals(Reason.REGISTRATION_THROTTLED, refused.reason());
        assertEquals("temporarily_unavailable", refused.error());
        assertTrue(refused.description().contains("60 seconds"), refused.description());
    }

    @Test
    void theThrottleKeyCannotBeForgedByMovingCharactersBetweenCommunityAndIss() {
        assertNotEquals(RegistrationLimits.throttleKey("r", "urn:a", "https://b"),
                RegistrationLimits.throttleKey("r", "urn:ah", "ttps://b"));
        assertNotEquals(RegistrationLimits.throttleKey("r1", "urn:a", "https://b"),
                RegistrationLimits.throttleKey("r2", "urn:a", "https://b"));
    }

    @Test
    void aNegativeIntervalIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class,
                () -> new RegistrationLimits(OptionalInt.empty(), Duration.ofSeconds(-1)));
    }
}
