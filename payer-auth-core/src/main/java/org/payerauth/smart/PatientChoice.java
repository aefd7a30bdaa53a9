package org.payerauth.smart;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A patient a member may act for: the FHIR {@code Patient.id} plus what the picker shows.
 *
 * @param id          the FHIR logical id (the {@code patient} launch context value)
 * @param displayName the name shown in the picker
 * @param birthDate   the birth date shown in the picker (free text, usually {@code YYYY-MM-DD}), may be empty
 */
public record PatientChoice(String id, String displayName, String birthDate) {

    /** FHIR id syntax: {@code [A-Za-z0-9\-\.]{1,64}}. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    public PatientChoice {
        Objects.requireNonNull(id, "id");
        if (!isValidId(id)) {
            throw new IllegalArgumentException("not a FHIR id: " + id);
        }
        displayName = displayName == null || displayName.isBlank() ? id : displayName.trim();
        birthDate = birthDate == null ? "" : birthDate.trim();
    }

    public static boolean isValidId(String id) {
        return id != null && FHIR_ID.matcher(id).matches();
    }

    /**
     * Reads one value of the user attribute {@code smart_patients}: {@code id}, or {@code id|display name}, or
     * {@code id|display name|birth date}.
     *
     * @throws IllegalArgumentException when the id is not a FHIR id
     */
    public static PatientChoice parse(String attributeValue) {
        String[] parts = attributeValue.split("\\|", -1);
        String id = parts[0].trim();
        String name = parts.length > 1 ? parts[1] : null;
        String birthDate = parts.length > 2 ? parts[2] : null;
        return new PatientChoice(id, name, birthDate);
    }

    /** The attribute value that {@link #parse} reads back. */
    public String toAttributeValue() {
        return id + "|" + displayName + "|" + birthDate;
    }
}
