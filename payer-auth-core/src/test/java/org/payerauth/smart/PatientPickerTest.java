package org.payerauth.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PatientPickerTest {

    private static final PatientChoice SELF = new PatientChoice("rita-1", "Rita Representative", "1975-02-03");
    private static final PatientChoice CHILD = new PatientChoice("kid-2", "Kim Representative", "2012-06-30");
    private static final PatientChoice PARENT = new PatientChoice("mom-3", "Mona Representative", "1948-11-09");

    @Test
    void noPatientMeansNoLaunch() {
        assertInstanceOf(PatientPicker.NoPatient.class, PatientPicker.decide(List.of()));
    }

    @Test
    void onePatientIsSelectedWithoutAPage() {
        PatientPicker.Decision d = PatientPicker.decide(List.of(SELF));
        assertEquals(new PatientPicker.Selected(SELF), d);
    }

    @Test
    void duplicatesCollapseSoOneDistinctPatientIsStillSelected() {
        assertEquals(new PatientPicker.Selected(SELF), PatientPicker.decide(List.of(SELF, SELF)));
    }

    @Test
    void severalPatientsAreAskedInOrder() {
        assertEquals(new PatientPicker.Ask(List.of(SELF, CHILD, PARENT)), PatientPicker.decide(List.of(SELF, CHILD, PARENT)));
    }

    @Test
    void aPostedChoiceMustBeOneOfTheMembersPatients() {
        List<PatientChoice> mine = List.of(SELF, CHILD);
        assertEquals(Optional.of(CHILD), PatientPicker.choose(mine, "kid-2"));
        assertTrue(PatientPicker.stillLinked(mine, "rita-1"));
    }

    @ParameterizedTest(name = "tampered id [{0}] selects nothing")
    @ValueSource(strings = {"mom-3", "alice-1", "", " kid-2", "kid-2 ", "Patient/kid-2", "1 OR 1=1", "../kid-2", "kid-2/_history"})
    void tamperedIdsSelectNothing(String posted) {
        assertEquals(Optional.empty(), PatientPicker.choose(List.of(SELF, CHILD), posted));
    }

    @Test
    void nullPostSelectsNothing() {
        assertEquals(Optional.empty(), PatientPicker.choose(List.of(SELF), null));
    }

    @ParameterizedTest(name = "attribute [{0}]")
    @CsvSource(delimiter = ';', value = {
            "p1|Pat One|2001-01-01; p1; Pat One; 2001-01-01",
            "p1|Pat One;            p1; Pat One; ''",
            "p1;                    p1; p1;      ''",
            " p1 | Pat One | 2001-01-01 ; p1; Pat One; 2001-01-01",
    })
    void parsesTheUserAttribute(String value, String id, String name, String birthDate) {
        PatientChoice p = PatientChoice.parse(value);
        assertEquals(new PatientChoice(id, name, birthDate), p);
        assertEquals(p, PatientChoice.parse(p.toAttributeValue()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"|Name|2000-01-01", "a b|Name", "Patient/1|x", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void refusesAttributeValuesWithoutAFhirId(String value) {
        assertThrows(IllegalArgumentException.class, () -> PatientChoice.parse(value));
    }
}
