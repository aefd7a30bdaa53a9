package org.payerauth.b2b;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The NPI check digit (Luhn over the 80840 prefix and the first nine digits) and when an identifier claims one. */
class NpiTest {

    @ParameterizedTest
    @ValueSource(strings = {"1234567893", "1245319599", "1003000126", "1497758544"})
    void npi_check_digit_accepts_valid_numbers(String npi) {
        assertTrue(Npi.isValid(npi));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890", "1234567894", "123456789", "12345678931", "12345678a3", "", " 234567893"})
    void npi_check_digit_refuses_wrong_digits_and_shapes(String npi) {
        assertFalse(Npi.isValid(npi));
    }

    @Test
    void npi_every_single_digit_change_breaks_the_check_digit() {
        String valid = "1245319599";
        for (int i = 0; i < 10; i++) {
            for (char d = '0'; d <= '9'; d++) {
                if (d != valid.charAt(i)) {
                    String changed = valid.substring(0, i) + d + valid.substring(i + 1);
                    assertFalse(Npi.isValid(changed), changed);
                }
            }
        }
    }

    @Test
    void npi_claimed_by_bare_digits_and_the_npi_namespaces_only() {
        assertEquals(Optional.of("1234567893"), Npi.claimedBy("1234567893"));
        assertEquals(Optional.of("1234567893"), Npi.claimedBy("urn:oid:2.16.840.1.113883.4.6#1234567893"));
        assertEquals(Optional.of("12"), Npi.claimedBy("http://hl7.org/fhir/sid/us-npi|12"));
        assertEquals(Optional.empty(), Npi.claimedBy("123456789"));
        assertEquals(Optional.empty(), Npi.claimedBy("urn:oid:2.16.840.1.113883.4.7#1234567893"));
        assertEquals(Optional.empty(), Npi.claimedBy("Group/1234567893"));
        assertEquals(Optional.empty(), Npi.claimedBy(null));
    }
}
