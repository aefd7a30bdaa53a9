package org.payerauth.sharing;

import java.util.Collection;
import java.util.List;

import org.payerauth.sharing.ChoiceChange.ActingAs;

/**
 * Who may make a patient's sharing choices: the member for their own patient, and a personal representative for the
 * patients they represent when the representation allows decisions. Anything else is refused, and in a way that never
 * tells whether another patient exists: an unknown patient and another member's patient get the same refusal.
 * Staff changes are not decided here (Keycloak's administrator permissions decide them; they need a reason, see
 * {@link ChoiceHistory#next}).
 */
public final class WhoMayDecide {

    private WhoMayDecide() {
    }

    /**
     * @param ownPatient  the member's own FHIR {@code Patient.id}; null when the member has none (only represents)
     * @param represented the member's links to patients they represent
     * @param patient     the patient the choice is for, as requested
     * @return on whose behalf the member acts for {@code patient}
     * @throws SharingException {@link SharingRefusal#NO_DECISION_RIGHTS} when the member represents the patient
     *                          without decision rights (if any of several links for that patient withholds them, the
     *                          conservative reading wins); {@link SharingRefusal#NOT_YOUR_PATIENT} otherwise
     */
    public static ActingAs actingAs(String ownPatient, Collection<Representation> represented, String patient)
            throws SharingException {
        if (patient == null || patient.isBlank()) {
            throw new SharingException(SharingRefusal.NOT_YOUR_PATIENT);
        }
        if (patient.equals(ownPatient)) {
            return ActingAs.MEMBER_SELF;
        }
        List<Representation> links = (represented == null ? List.<Representation>of() : represented).stream()
                .filter(r -> r.patient().equals(patient)).toList();
        if (links.isEmpty()) {
            throw new SharingException(SharingRefusal.NOT_YOUR_PATIENT);
        }
        if (!links.stream().allMatch(Representation::mayDecide)) {
            throw new SharingException(SharingRefusal.NO_DECISION_RIGHTS);
        }
        return ActingAs.REPRESENTATIVE;
    }
}
