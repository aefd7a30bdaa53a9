package org.payerauth.smart.launch;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one SMART launch established: the patient chosen in the picker (null when the launch needs none) and the
 * FHIR server the app named in {@code aud} (null when it named none). Each launch keeps its own; two launches of one
 * app in one SSO session (two tabs) must never hand one's context to the other's code or tokens.
 *
 * @param patient the launch patient's FHIR id, or null
 * @param aud     the authorization request's {@code aud} as sent, or null
 */
public record LaunchContext(String patient, String aud) {

    private static final String PATIENT = "patient";
    private static final String AUD = "aud";

    /** A launch with neither patient nor {@code aud}. */
    public static final LaunchContext NONE = new LaunchContext(null, null);

    /** The context as notes of Keycloak's single-use store (absent values are left out). */
    public Map<String, String> toNotes() {
        Map<String, String> notes = new HashMap<>();
        if (patient != null) {
            notes.put(PATIENT, patient);
        }
        if (aud != null) {
            notes.put(AUD, aud);
        }
        return notes;
    }

    /** The context {@link #toNotes()} wrote. */
    public static LaunchContext fromNotes(Map<String, String> notes) {
        return new LaunchContext(notes.get(PATIENT), notes.get(AUD));
    }

    /** Whether both launches established the same patient and {@code aud}. */
    public boolean sameAs(LaunchContext other) {
        return other != null && Objects.equals(patient, other.patient) && Objects.equals(aud, other.aud);
    }
}
