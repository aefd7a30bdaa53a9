package org.payerauth.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.payerauth.smart.PatientChoice.Relationship;
import org.payerauth.smart.PatientLinkRules.Status;

/** Representative access that ends on time: link kinds, start and end dates, and "until the patient turns N". */
class PatientLinkRulesTest {

    private static final PatientLinkRules RULES = PatientLinkRules.defaults();

    private static Status on(String link, String day) {
        return RULES.state(PatientChoice.parse(link), LocalDate.parse(day)).status();
    }

    @Test
    void aLinkCarriesItsRelationshipAndDates_andReadsBack() {
        PatientChoice link = PatientChoice.parse("mom-1|Ann Doe|1950-01-01|legal-representative|2026-01-01|2027-06-30");
        assertEquals(Relationship.LEGAL_REPRESENTATIVE, link.relationship());
        assertEquals(LocalDate.parse("2026-01-01"), link.from());
        assertEquals(LocalDate.parse("2027-06-30"), link.until());
        assertEquals(link, PatientChoice.parse(link.toAttributeValue()));
        PatientChoice legacy = PatientChoice.parse("kid-1|Kim Doe|2012-05-01");
        assertEquals(null, legacy.relationship());
        assertEquals("kid-1|Kim Doe|2012-05-01", legacy.toAttributeValue(), "links without dates keep their old form");
        assertEquals(PatientChoice.parse("kid-1|Kim Doe|2012-05-01|parent"), PatientChoice.parse("kid-1|Kim Doe|2012-05-01|PARENT||"));
    }

    @Test
    void malformedRelationshipsAndDates_areRefused_soTheLinkIsSkipped() {
        assertThrows(IllegalArgumentException.class, () -> PatientChoice.parse("kid-1|Kim|2012-05-01|uncle"));
        assertThrows(IllegalArgumentException.class, () -> PatientChoice.parse("kid-1|Kim|2012-05-01|parent|2026-13-01"));
        assertThrows(IllegalArgumentException.class, () -> PatientChoice.parse("kid-1|Kim|2012-05-01|parent||31/12/2026"));
        assertThrows(IllegalArgumentException.class, () -> PatientChoice.parse("kid-1|Kim|2012-05-01|parent|2027-01-01|2026-01-01"));
        assertThrows(IllegalArgumentException.class, () -> PatientChoice.parse("kid-1|Kim|2012-05-01|parent|||extra"));
    }

    @Test
    void aParentsAccessEnds_theDayTheMinorTurns18() {
        String kid = "kid-1|Kim Doe|2008-12-06|parent";
        assertEquals(Status.ACTIVE, on(kid, "2026-12-05"), "the last day before the 18th birthday");
        assertEquals(Status.AGED_OUT, on(kid, "2026-12-06"), "the 18th birthday");
        assertEquals(Optional.of(LocalDate.parse("2026-12-05")), RULES.state(PatientChoice.parse(kid), LocalDate.parse("2026-01-01")).lastDay());
        assertEquals(Status.AGED_OUT, on("leap|Lee|2008-02-29|parent", "2026-02-28"), "born on 29 Feb: 18 on 28 Feb in a common year");
        assertEquals(Status.ACTIVE, on("leap|Lee|2008-02-29|parent", "2026-02-27"));
    }

    @Test
    void theRealmSetsTheAgePerRelationship() {
        PatientLinkRules thirteen = new PatientLinkRules(Map.of(Relationship.PARENT, 13, Relationship.OTHER, 21));
        PatientChoice kid = PatientChoice.parse("kid-1|Kim Doe|2013-06-01|parent");
        assertEquals(Status.ACTIVE, thirteen.state(kid, LocalDate.parse("2026-05-31")).status());
        assertEquals(Status.AGED_OUT, thirteen.state(kid, LocalDate.parse("2026-06-01")).status());
        assertEquals(Status.AGED_OUT, thirteen.state(PatientChoice.parse("c|C|2000-01-01|other"), LocalDate.parse("2026-01-01")).status());
        assertEquals(Status.ACTIVE, thirteen.state(PatientChoice.parse("c|C|2000-01-01|legal-representative"),
                LocalDate.parse("2090-01-01")).status(), "no age rule for this relationship");
        assertThrows(IllegalArgumentException.class, () -> new PatientLinkRules(Map.of(Relationship.PARENT, 0)));
        assertEquals(Status.ACTIVE, new PatientLinkRules(Map.of()).state(kid, LocalDate.parse("2090-01-01")).status(),
                "no age rules at all");
    }

    @Test
    void anEndDateIsTheLastDayWithAccess_andTheEarlierOfEndDateAndAgeRuleApplies() {
        String poa = "mom-1|Ann Doe|1950-01-01|legal-representative|2026-01-01|2027-06-30";
        assertEquals(Status.NOT_STARTED, on(poa, "2025-12-31"));
        assertEquals(Status.ACTIVE, on(poa, "2026-01-01"));
        assertEquals(Status.ACTIVE, on(poa, "2027-06-30"));
        assertEquals(Status.ENDED, on(poa, "2027-07-01"));
        assertEquals(Status.ENDED, on("kid-1|Kim|2010-01-01|parent||2026-06-30", "2026-07-01"), "an end date before the age rule");
        assertEquals(Status.AGED_OUT, on("kid-1|Kim|2008-01-01|parent||2030-01-01", "2026-01-01"), "the age rule before the end date");
    }

    @Test
    void withAnAgeRuleButNoReadableBirthDate_theLinkDoesNotHold() {
        assertEquals(Status.BIRTH_DATE_UNKNOWN, on("kid-1|Kim||parent", "2026-01-01"));
        assertEquals(Status.BIRTH_DATE_UNKNOWN, on("kid-1|Kim|May 2012|parent", "2026-01-01"));
        assertFalse(Status.BIRTH_DATE_UNKNOWN.holds());
        assertEquals(Status.ACTIVE, on("kid-1|Kim|May 2012", "2026-01-01"), "no relationship stated: no age rule");
        assertEquals(Status.ACTIVE, on("me|Me||self", "2026-01-01"));
    }

    @Test
    void aRefusalSaysWhyInWords() {
        PatientChoice poa = PatientChoice.parse("mom-1|Ann Doe|1950-01-01|legal-representative|2026-01-01|2027-06-30");
        assertTrue(RULES.state(poa, LocalDate.parse("2027-07-01")).refusal(poa.from()).orElseThrow().contains("ended after 2027-06-30"));
        assertTrue(RULES.state(poa, LocalDate.parse("2025-07-01")).refusal(poa.from()).orElseThrow().contains("starts on 2026-01-01"));
        assertEquals(Optional.empty(), RULES.state(poa, LocalDate.parse("2026-07-01")).refusal(poa.from()));
    }
}
