package org.payerauth.fhir;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code fhirUser} claim: the FHIR resource that represents the signed-in user. Payer realms store it relative
 * ({@code Patient/123} for a member, {@code RelatedPerson/456} for a representative); tokens carry it absolute
 * against the default FHIR base URL.
 */
public final class FhirUser {

    public static final Set<String> RESOURCE_TYPES = Set.of("Patient", "RelatedPerson", "Person", "Practitioner");

    private static final Pattern RELATIVE = Pattern.compile("([A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})");

    private FhirUser() {
    }

    /**
     * @param stored       the user's {@code fhirUser} attribute, relative ({@code Patient/123}) or already absolute
     * @param fhirBaseUrls the realm's FHIR base URLs
     * @return the absolute reference, or empty when the attribute is missing or malformed
     */
    public static Optional<String> absolute(String stored, FhirBaseUrls fhirBaseUrls) {
        if (stored == null || stored.isBlank()) {
            return Optional.empty();
        }
        String value = stored.trim();
        Matcher relative = RELATIVE.matcher(value);
        if (relative.matches()) {
            return RESOURCE_TYPES.contains(relative.group(1))
                    ? Optional.of(fhirBaseUrls.defaultUrl() + "/" + value)
                    : Optional.empty();
        }
        for (String base : fhirBaseUrls.all()) {
            if (value.startsWith(base + "/") && absolute(value.substring(base.length() + 1), fhirBaseUrls).isPresent()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
