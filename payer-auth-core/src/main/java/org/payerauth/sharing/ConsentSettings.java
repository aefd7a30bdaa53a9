package org.payerauth.sharing;

import java.util.Objects;

/**
 * What the Consent rendering needs to know about this payer (realm settings).
 *
 * @param payerReference       the payer's Organization on the FHIR server, as a FHIR reference
 *                             ({@code Organization/<id>}): the custodian of every Consent ({@code Consent.organization})
 *                             and the party that discloses ({@code provision.actor} with role {@code performer})
 * @param payerDisplay         the payer's name, shown with the reference; may be null
 * @param userIdentifierSystem the identifier system of this realm's user ids (the realm's issuer URL, whose tokens
 *                             carry these ids as {@code sub}): identifies a personal representative, who has no
 *                             FHIR resource of their own here
 */
public record ConsentSettings(String payerReference, String payerDisplay, String userIdentifierSystem) {

    public ConsentSettings {
        Objects.requireNonNull(payerReference, "payerReference");
        Objects.requireNonNull(userIdentifierSystem, "userIdentifierSystem");
        if (!payerReference.startsWith("Organization/")) {
            throw new IllegalArgumentException("the payer must be an Organization reference: " + payerReference);
        }
    }
}
