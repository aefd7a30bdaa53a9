package org.payerauth.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.payerauth.sharing.ChoiceChange.ActingAs;

class WhoMayDecideTest {

    private static final String OWN = "pat-parent";
    private static final List<Representation> LINKS = List.of(
            new Representation("pat-child", true),
            new Representation("pat-grandma", false));

    @Test
    void a_member_decides_for_their_own_patient() throws SharingException {
        assertEquals(ActingAs.MEMBER_SELF, WhoMayDecide.actingAs(OWN, LINKS, OWN));
        assertEquals(ActingAs.MEMBER_SELF, WhoMayDecide.actingAs(OWN, null, OWN));
    }

    @Test
    void a_representative_with_decision_rights_decides_for_the_patient() throws SharingException {
        assertEquals(ActingAs.REPRESENTATIVE, WhoMayDecide.actingAs(OWN, LINKS, "pat-child"));
        // a member who is no patient here (only a representative) may still decide for those they represent
        assertEquals(ActingAs.REPRESENTATIVE, WhoMayDecide.actingAs(null, LINKS, "pat-child"));
    }

    @Test
    void a_representative_without_decision_rights_is_refused() {
        SharingException e = assertThrows(SharingException.class, () -> WhoMayDecide.actingAs(OWN, LINKS, "pat-grandma"));
        assertEquals(SharingRefusal.NO_DECISION_RIGHTS, e.refusal());
        assertEquals("access_denied", e.error());
        assertEquals(403, e.httpStatus());
    }

    @Test
    void conflicting_links_to_one_patient_are_read_conservatively() {
        List<Representation> conflicting = List.of(new Representation("pat-child", true), new Representation("pat-child", false));
        assertEquals(SharingRefusal.NO_DECISION_RIGHTS,
                assertThrows(SharingException.class, () -> WhoMayDecide.actingAs(OWN, conflicting, "pat-child")).refusal());
    }

    @Test
    void another_members_patient_and_a_patient_that_does_not_exist_get_the_same_refusal() {
        SharingException someoneElse = assertThrows(SharingException.class, () -> WhoMayDecide.actingAs(OWN, LINKS, "pat-neighbour"));
        SharingException nobody = assertThrows(SharingException.class, () -> WhoMayDecide.actingAs(OWN, LINKS, "no-such-patient"));
        SharingException blank = assertThrows(SharingException.class, () -> WhoMayDecide.actingAs(null, LINKS, " "));
        for (SharingException e : List.of(someoneElse, nobody, blank)) {
            assertEquals(SharingRefusal.NOT_YOUR_PATIENT, e.refusal());
            assertEquals(someoneElse.description(), e.description());
            assertEquals(403, e.httpStatus());
        }
        // and the description never names the patient asked for
        assertEquals(SharingRefusal.NOT_YOUR_PATIENT.description(), someoneElse.description());
    }
}
