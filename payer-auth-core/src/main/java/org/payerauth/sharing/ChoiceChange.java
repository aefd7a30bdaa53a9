package org.payerauth.sharing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.payerauth.smart.PatientChoice;

/**
 * One recorded change of one sharing choice for one patient: the entry of a {@link ChoiceHistory}. A change is never
 * edited or removed; a later change records the next value and keeps this one as its {@link #previous()}.
 *
 * @param patient   the FHIR {@code Patient.id} the choice is about (the member, or someone the member represents)
 * @param sequence  the change's place in the patient's history, counted from 1
 * @param choice    which choice changed
 * @param previous  the value before the change
 * @param next      the value from the change on
 * @param changedBy the user id of whoever made the change (the member, the representative, or the staff member)
 * @param actingAs  on whose behalf the change was made
 * @param channel   where the change was made
 * @param reason    why (required when {@code actingAs} is {@link ActingAs#STAFF}); empty when none was given
 * @param at        when the change was recorded
 */
public record ChoiceChange(String patient, int sequence, Choice choice, ChoiceValue previous, ChoiceValue next,
                           String changedBy, ActingAs actingAs, Channel channel, Optional<String> reason, Instant at) {

    /** On whose behalf a change was made. */
    public enum ActingAs {
        /** The member, for their own patient record. */
        MEMBER_SELF,
        /** A personal representative (parent, guardian, healthcare proxy) whose representation allows decisions. */
        REPRESENTATIVE,
        /** The payer's staff, recording what the member or their representative asked for (phone, letter). */
        STAFF
    }

    /** Where a change was made. */
    public enum Channel {
        /** The member's account page. */
        ACCOUNT_PAGE,
        /** The SMART consent page, while the member authorizes an app (the sensitive-data choice only). */
        CONSENT_PAGE,
        /** The administration console (staff). */
        ADMIN_CONSOLE,
        /** An API call (an app or another system acting for the member). */
        API
    }

    /**
     * @throws IllegalArgumentException when the change is not one a history can hold: values of another choice, a
     *                                  change that changes nothing, a staff change without a reason, a patient id
     *                                  that is not a FHIR id, a sequence below 1, a blank user id
     */
    public ChoiceChange {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(choice, "choice");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(changedBy, "changedBy");
        Objects.requireNonNull(actingAs, "actingAs");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(at, "at");
        reason = Objects.requireNonNull(reason, "reason").map(String::trim).filter(r -> !r.isEmpty());
        if (!PatientChoice.isValidId(patient)) {
            throw new IllegalArgumentException("not a FHIR id: " + patient);
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1: " + sequence);
        }
        if (previous.choice() != choice || next.choice() != choice) {
            throw new IllegalArgumentException("values of another choice than " + choice);
        }
        if (previous == next) {
            throw new IllegalArgumentException("a change must change the value");
        }
        if (changedBy.isBlank()) {
            throw new IllegalArgumentException("changedBy is blank");
        }
        if (actingAs == ActingAs.STAFF && reason.isEmpty()) {
            throw new IllegalArgumentException("a staff change needs a reason");
        }
    }
}
