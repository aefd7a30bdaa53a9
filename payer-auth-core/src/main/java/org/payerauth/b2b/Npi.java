package org.payerauth.b2b;

import java.util.Optional;

/**
 * The U.S. National Provider Identifier: ten digits, the last a Luhn check digit computed over the nine before it
 * with the card-issuer prefix {@code 80840} in front (CMS, "Requirements for the NPI Check Digit"). An identifier
 * claims to be an NPI when it is ten bare digits or is written in the NPI's namespace: {@code urn:oid:2.16.840.1.113883.4.6#}
 * (the UDAP IG's preferred form), {@code urn:oid:2.16.840.1.113883.4.6|} or {@code http://hl7.org/fhir/sid/us-npi|}
 * (FHIR's).
 */
public final class Npi {

    /** The OID of the NPI namespace. */
    public static final String OID = "urn:oid:2.16.840.1.113883.4.6";
    /** The FHIR identifier system of the NPI. */
    public static final String FHIR_SYSTEM = "http://hl7.org/fhir/sid/us-npi";

    private static final String[] PREFIXES = {OID + "#", OID + "|", FHIR_SYSTEM + "|", FHIR_SYSTEM + "#"};

    private Npi() {
    }

    /** Whether {@code value} is ten digits whose last is the NPI check digit of the others. */
    public static boolean isValid(String value) {
        if (value == null || value.length() != 10) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        // Luhn over "80840" + the first nine digits; the prefix contributes a constant 24.
        int sum = 24;
        for (int i = 8; i >= 0; i--) {
            int digit = value.charAt(i) - '0';
            if ((8 - i) % 2 == 0) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        int check = (10 - sum % 10) % 10;
        return check == value.charAt(9) - '0';
    }

    /**
     * The NPI an identifier claims to be (the ten digits, whether valid or not), or empty when it does not claim to be
     * one.
     */
    public static Optional<String> claimedBy(String identifier) {
        if (identifier == null) {
            return Optional.empty();
        }
        for (String prefix : PREFIXES) {
            if (identifier.startsWith(prefix)) {
                return Optional.of(identifier.substring(prefix.length()));
            }
        }
        return identifier.length() == 10 && identifier.chars().allMatch(c -> c >= '0' && c <= '9')
                ? Optional.of(identifier) : Optional.empty();
    }
}
