package org.payerauth.smart;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A patient a member may act for (a link from a user to a FHIR {@code Patient}): the id plus what the picker shows,
 * and how and for how long the user acts for them.
 *
 * @param id           the FHIR logical id (the {@code patient} launch context value)
 * @param displayName  the name shown in the picker
 * @param birthDate    the birth date shown in the picker (free text, usually {@code YYYY-MM-DD}), may be empty; an
 *                     age rule ({@link PatientLinkRules}) reads it as an ISO date
 * @param relationship how the user acts for the patient; null when the link does not say (links written before
 *                     relationships existed: no age rule applies to them)
 * @param from         the first day the link holds, or null (from the start)
 * @param until        the last day the link holds, or null (no end date; an age rule may still end it)
 */
public record PatientChoice(String id, String displayName, String birthDate, Relationship relationship,
                            LocalDate from, LocalDate until) {

    /** FHIR id syntax: {@code [A-Za-z0-9\-\.]{1,64}}. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /** How a user acts for a patient. */
    public enum Relationship {
        /** The patient's own record. */
        SELF("self"),
        /** A parent (or guardian) of a minor: ends by the realm's age rule unless the link sets an earlier end. */
        PARENT("parent"),
        /** A legal representative: power of attorney, court-appointed guardian, personal representative. */
        LEGAL_REPRESENTATIVE("legal-representative"),
        /** Any other relationship the payer allows (e.g. a caregiver the member named). */
        OTHER("other");

        private final String code;

        Relationship(String code) {
            this.code = code;
        }

        /** The value in the link ({@code self}, {@code parent}, {@code legal-representative}, {@code other}). */
        public String code() {
            return code;
        }

        public static Optional<Relationship> fromCode(String code) {
            String normalized = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(r -> r.code.equals(normalized)).findFirst();
        }
    }

    public PatientChoice {
        Objects.requireNonNull(id, "id");
        if (!isValidId(id)) {
            throw new IllegalArgumentException("not a FHIR id: " + id);
        }
        displayName = displayName == null || displayName.isBlank() ? id : displayName.trim();
        birthDate = birthDate == null ? "" : birthDate.trim();
        if (from != null && until != null && until.isBefore(from)) {
            throw new IllegalArgumentException("ends (" + until + ") before it starts (" + from + ")");
        }
    }

    /** A link without relationship or dates. */
    public PatientChoice(String id, String displayName, String birthDate) {
        this(id, displayName, birthDate, null, null, null);
    }

    public static boolean isValidId(String id) {
        return id != null && FHIR_ID.matcher(id).matches();
    }

    /**
     * Reads one value of the user attribute {@code smart_patients}: {@code id}, or {@code id|display name}, or
     * {@code id|display name|birth date}, optionally followed by {@code |relationship|from|until} (relationship
     * {@code self}, {@code parent}, {@code legal-representative} or {@code other}; dates {@code YYYY-MM-DD}, each
     * may be empty), e.g. {@code kid-1|Kim Doe|2012-05-01|parent||} or {@code mom-1|Ann Doe|1950-01-01|legal-representative|2026-01-01|2027-06-30}.
     *
     * @throws IllegalArgumentException when the id is not a FHIR id, the relationship is unknown or a date malformed
     */
    public static PatientChoice parse(String attributeValue) {
        String[] parts = attributeValue.split("\\|", -1);
        if (parts.length > 6) {
            throw new IllegalArgumentException("more than 6 parts (id|name|birth date|relationship|from|until)");
        }
        String id = parts[0].trim();
        String name = parts.length > 1 ? parts[1] : null;
        String birthDate = parts.length > 2 ? parts[2] : null;
        Relationship relationship = null;
        if (parts.length > 3 && !parts[3].isBlank()) {
            relationship = Relationship.fromCode(parts[3]).orElseThrow(() -> new IllegalArgumentException(
                    "unknown relationship '" + parts[3].trim() + "' (self, parent, legal-representative, other)"));
        }
        LocalDate from = parts.length > 4 ? date(parts[4], "from") : null;
        LocalDate until = parts.length > 5 ? date(parts[5], "until") : null;
        return new PatientChoice(id, name, birthDate, relationship, from, until);
    }

    private static LocalDate date(String value, String what) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " date '" + value.trim() + "' is not YYYY-MM-DD");
        }
    }

    /** The attribute value that {@link #parse} reads back. */
    public String toAttributeValue() {
        String base = id + "|" + displayName + "|" + birthDate;
        if (relationship == null && from == null && until == null) {
            return base;
        }
        return base + "|" + (relationship == null ? "" : relationship.code()) + "|" + (from == null ? "" : from)
                + "|" + (until == null ? "" : until);
    }
}
