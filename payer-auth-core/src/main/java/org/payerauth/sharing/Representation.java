package org.payerauth.sharing;

import java.util.Objects;

/**
 * A member's link to a patient they represent (a child, a person under guardianship, someone who named them as
 * healthcare proxy): the personal representative of 42 CFR 422.121(a)(4) and HIPAA (45 CFR 164.502(g)).
 *
 * @param patient   the represented patient's FHIR {@code Patient.id}
 * @param mayDecide whether the representation allows decisions for the patient (false: the member may only see)
 */
public record Representation(String patient, boolean mayDecide) {

    public Representation {
        Objects.requireNonNull(patient, "patient");
    }
}
