package org.payerauth.smart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The patient-selection policy of the standalone launch: no patient → the app gets {@code access_denied}; exactly
 * one → selected without a page; several → the member picks one, and the posted choice is re-checked against the
 * member's own list (a tampered id selects nothing).
 */
public final class PatientPicker {

    /** What to do for a member's list of patients. */
    public sealed interface Decision permits NoPatient, Selected, Ask {
    }

    /** The member may act for no patient. */
    public record NoPatient() implements Decision {
    }

    /** Exactly one patient: selected without asking. */
    public record Selected(PatientChoice patient) implements Decision {
    }

    /** Several patients: show them. */
    public record Ask(List<PatientChoice> patients) implements Decision {
    }

    private PatientPicker() {
    }

    /** Duplicate ids collapse to their first entry. */
    public static Decision decide(List<PatientChoice> patients) {
        List<PatientChoice> distinct = distinct(patients);
        if (distinct.isEmpty()) {
            return new NoPatient();
        }
        if (distinct.size() == 1) {
            return new Selected(distinct.get(0));
        }
        return new Ask(distinct);
    }

    /** The patient the member posted, if and only if it is one of theirs. */
    public static Optional<PatientChoice> choose(List<PatientChoice> patients, String postedId) {
        if (postedId == null || !PatientChoice.isValidId(postedId)) {
            return Optional.empty();
        }
        return patients.stream().filter(p -> p.id().equals(postedId)).findFirst();
    }

    /** Whether the member may still act for {@code patientId} (checked again when tokens are refreshed). */
    public static boolean stillLinked(List<PatientChoice> patients, String patientId) {
        return choose(patients, patientId).isPresent();
    }

    private static List<PatientChoice> distinct(List<PatientChoice> patients) {
        Map<String, PatientChoice> byId = new LinkedHashMap<>();
        for (PatientChoice p : patients) {
            byId.putIfAbsent(p.id(), p);
        }
        return new ArrayList<>(byId.values());
    }
}
