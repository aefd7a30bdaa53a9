package org.payerauth.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PatientConsentsTest {

    @Test
    void aConsentGivenForOnePatient_doesNotCoverAnother() {
        PatientConsents consents = PatientConsents.of(List.of()).allow("app-1", "kim-2002", Set.of("patient/Coverage.read"));
        assertEquals(Optional.of(Set.of("patient/Coverage.read")), consents.scopes("app-1", "kim-2002"));
        assertEquals(Optional.empty(), consents.scopes("app-1", "mona-2003"));
        assertEquals(Optional.empty(), consents.scopes("app-2", "kim-2002"));
        assertTrue(consents.recordedFor("app-1"));
        assertFalse(consents.recordedFor("app-2"));
    }

    @Test
    void allowingAgain_widensThatPatientsRecordOnly() {
        PatientConsents consents = PatientConsents.of(List.of())
                .allow("app-1", "kim-2002", Set.of("patient/Coverage.read"))
                .allow("app-1", "mona-2003", Set.of("patient/Patient.read"))
                .allow("app-1", "kim-2002", Set.of("offline_access"));
        assertEquals(Set.of("patient/Coverage.read", "offline_access"), consents.scopes("app-1", "kim-2002").orElseThrow());
        assertEquals(Set.of("patient/Patient.read"), consents.scopes("app-1", "mona-2003").orElseThrow());
        assertEquals(2, consents.values().size());
    }

    @Test
    void records_roundTripThroughAttributeValues_andJunkIsIgnored() {
        PatientConsents consents = PatientConsents.of(List.of())
                .allow("3f0c-uuid", "kim-2002", Set.of("patient/*.read", "fhirUser"));
        PatientConsents read = PatientConsents.of(new java.util.ArrayList<>(List.of(consents.values().get(0), "junk", "|x|y", "a||")));
        assertEquals(1, read.entries().size());
        assertEquals(consents.entries().get(0), read.entries().get(0));
        assertEquals("3f0c-uuid|kim-2002|fhirUser patient/*.read", consents.values().get(0));
    }

    @Test
    void withdrawing_removesOnePatientOrTheWholeApp() {
        PatientConsents consents = PatientConsents.of(List.of())
                .allow("app-1", "kim-2002", Set.of("a")).allow("app-1", "mona-2003", Set.of("b")).allow("app-2", "kim-2002", Set.of("c"));
        assertEquals(Optional.empty(), consents.without("app-1", "kim-2002").scopes("app-1", "kim-2002"));
        assertTrue(consents.without("app-1", "kim-2002").scopes("app-1", "mona-2003").isPresent());
        assertFalse(consents.withoutApp("app-1").recordedFor("app-1"));
        assertTrue(consents.withoutApp("app-1").recordedFor("app-2"));
    }

    private static final Optional<Instant> UPGRADE = Optional.of(Instant.parse("2026-12-01T00:00:00Z"));
    private static final Optional<Instant> BEFORE_UPGRADE = Optional.of(Instant.parse("2026-11-20T08:00:00Z"));
    private static final Optional<Instant> AFTER_UPGRADE = Optional.of(Instant.parse("2026-12-02T08:00:00Z"));

    @Test
    void anAppLeftWithoutRecords_coversNoPatient_itNeverBecomesAConsentForEveryPatient() {
        PatientConsents one = PatientConsents.of(List.of("app-1|kim-2002|patient/Coverage.read"));
        assertTrue(one.covers("app-1", "kim-2002", AFTER_UPGRADE, UPGRADE));
        assertFalse(one.covers("app-1", "mona-2003", AFTER_UPGRADE, UPGRADE));

        // an administrator deletes the last value, or leaves only a malformed one
        for (List<String> left : List.of(List.<String>of(), List.of("garbage"), List.of("app-1|kim-2002"), List.of("|kim-2002|x"))) {
            PatientConsents none = PatientConsents.of(left);
            for (Optional<Instant> since : List.of(UPGRADE, Optional.<Instant>empty())) {
                assertFalse(none.coversEveryPatient("app-1", AFTER_UPGRADE, since), left + " " + since);
                assertFalse(none.covers("app-1", "kim-2002", AFTER_UPGRADE, since), left + " " + since);
                assertFalse(none.covers("app-1", "mona-2003", AFTER_UPGRADE, since), left + " " + since);
            }
        }
    }

    @Test
    void aConsentFromBeforeRecords_coversEveryPatient_onlyInARealmThatNamesItsUpgrade() {
        PatientConsents none = PatientConsents.of(List.of());
        assertTrue(none.coversEveryPatient("app-1", BEFORE_UPGRADE, UPGRADE));
        assertTrue(none.covers("app-1", "mona-2003", BEFORE_UPGRADE, UPGRADE));
        assertFalse(none.coversEveryPatient("app-1", BEFORE_UPGRADE, Optional.empty()), "no upgrade named: nothing predates records");
        assertFalse(none.coversEveryPatient("app-1", Optional.empty(), UPGRADE), "an unknown write time predates nothing");
        assertFalse(none.coversEveryPatient("app-1", UPGRADE, UPGRADE), "written at the upgrade instant: not before it");
    }

    @Test
    void aConsentFromBeforeRecords_endsForEveryPatientButRecordedOnes_onceTheAppHasARecord() {
        PatientConsents recorded = PatientConsents.of(List.of("app-1|kim-2002|patient/Coverage.read"));
        assertFalse(recorded.coversEveryPatient("app-1", BEFORE_UPGRADE, UPGRADE));
        assertFalse(recorded.covers("app-1", "mona-2003", BEFORE_UPGRADE, UPGRADE));
        assertTrue(recorded.coversEveryPatient("app-2", BEFORE_UPGRADE, UPGRADE), "records are per app");
    }
}
