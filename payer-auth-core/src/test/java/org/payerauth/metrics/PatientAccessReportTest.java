package org.payerauth.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * CMS-0057-F Patient Access API metrics, as defined here: unique patients whose data were transferred to a health app
 * (not the payer's own), and those transferred on two or more distinct days; per app and per month with small cells
 * suppressed; periods before recording began are marked incomplete, never estimated.
 */
class PatientAccessReportTest {

    private static final ReportPeriod Y2025 = ReportPeriod.calendarYear(2025);

    private static AccessDay token(String patient, String app, String day) {
        return new AccessDay(patient, app, LocalDate.parse(day), true, false);
    }

    private static AccessDay introspected(String patient, String app, String day) {
        return new AccessDay(patient, app, LocalDate.parse(day), false, true);
    }

    private static List<AccessDay> traffic() {
        List<AccessDay> days = new ArrayList<>();
        days.add(token("p1", "app-a", "2025-01-05"));
        days.add(token("p1", "app-a", "2025-01-06"));      // p1: two days -> more than once
        days.add(token("p2", "app-a", "2025-02-01"));
        days.add(token("p2", "app-b", "2025-02-01"));      // p2: two apps, one day -> once
        days.add(token("p3", "payer-portal", "2025-03-01")); // the payer's own app: not counted
        days.add(token("p3", "app-b", "2025-03-02"));
        days.add(token("p4", "app-a", "2024-12-31"));      // outside the period
        days.add(introspected("p5", "app-a", "2025-04-01"));  // only an introspection
        return days;
    }

    @Test
    void cms_metrics_countUniquePatients_andPatientsOnTwoOrMoreDays_leavingOutThePayersOwnApps() {
        MetricsDefinitions definitions = new MetricsDefinitions(TransferSignal.TOKEN_ISSUED, Set.of("payer-portal"), 11);
        PatientAccessReport.Counts counts = PatientAccessReport.aggregate(traffic(), Y2025, definitions);
        assertEquals(3, counts.uniquePatients(), "p1, p2, p3 (p4 outside the period, p5 only introspected)");
        assertEquals(1, counts.patientsTransferredMoreThanOnce(), "p1 on two days; p2 twice on one day is once");
        assertEquals(Map.of("app-a", 2L, "app-b", 2L), counts.perApp());
        assertEquals(Map.of(YearMonth.of(2025, 1), 1L, YearMonth.of(2025, 2), 1L, YearMonth.of(2025, 3), 1L), counts.perMonth());
    }

    @Test
    void cms_metrics_withIntrospectionAsTheTransfer_countWhatTheFhirServerAccepted() {
        MetricsDefinitions definitions = new MetricsDefinitions(TransferSignal.INTROSPECTED, Set.of(), 11);
        PatientAccessReport.Counts counts = PatientAccessReport.aggregate(traffic(), Y2025, definitions);
        assertEquals(1, counts.uniquePatients());
        assertEquals(Map.of("app-a", 1L), counts.perApp());
    }

    @Test
    void cms_metrics_showSmallCellsAsSuch_inTheBreakdownsOnly() {
        PatientAccessReport.Counts counts = new PatientAccessReport.Counts(3, 1, Map.of("app-a", 2L, "app-big", 25L),
                Map.of(YearMonth.of(2025, 1), 12L));
        Map<String, Object> json = PatientAccessReport.json(counts, Y2025, MetricsDefinitions.DEFAULT, LocalDate.of(2024, 6, 1));
        assertEquals(3L, json.get("uniquePatients"), "the CMS numbers are exact");
        assertEquals(1L, json.get("patientsTransferredMoreThanOnce"));
        assertEquals(Map.of("app-a", "<11", "app-big", 25L), json.get("perApp"));
        Map<?, ?> perMonth = (Map<?, ?>) json.get("perMonth");
        assertEquals(12, perMonth.size(), "every month of the period");
        assertEquals(12L, perMonth.get("2025-01"));
        assertEquals(0L, perMonth.get("2025-02"), "zero is not a small cell");
        assertEquals(true, json.get("complete"));
    }

    @Test
    void cms_metrics_forAPeriodBeforeRecordingBegan_sayIncomplete_andInventNothing() {
        PatientAccessReport.Counts none = PatientAccessReport.aggregate(List.of(), Y2025, MetricsDefinitions.DEFAULT);
        Map<String, Object> json = PatientAccessReport.json(none, Y2025, MetricsDefinitions.DEFAULT, LocalDate.of(2025, 7, 1));
        assertEquals(false, json.get("complete"));
        assertEquals("2025-07-01", json.get("recordedFrom"));
        assertEquals(0L, json.get("uniquePatients"));
        Map<String, Object> nothing = PatientAccessReport.json(none, Y2025, MetricsDefinitions.DEFAULT, null);
        assertEquals(false, nothing.get("complete"));
    }

    @Test
    void cms_metrics_csv_hasOneRowPerNumber_andNeutralisesFormulas() {
        PatientAccessReport.Counts counts = new PatientAccessReport.Counts(30, 12, Map.of("=cmd|app", 15L, "app,b", 3L), Map.of());
        String csv = PatientAccessReport.csv(counts, Y2025, MetricsDefinitions.DEFAULT, LocalDate.of(2024, 1, 1));
        assertTrue(csv.startsWith("measure,key,value\r\n"), csv);
        assertTrue(csv.contains("uniquePatients,,30\r\n"), csv);
        assertTrue(csv.contains("patientsTransferredMoreThanOnce,,12\r\n"), csv);
        assertTrue(csv.contains("perApp,'=cmd|app,15\r\n"), csv);
        assertTrue(csv.contains("perApp,\"app,b\",<11\r\n"), csv);
        assertTrue(csv.contains("perMonth,2025-12,0\r\n"), csv);
        assertFalse(csv.contains("\n=cmd"), csv);
    }

    @Test
    void reportPeriod_defaultsToThePreviousCalendarYear_andNamesBadParameters() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-15T10:00:00Z"), ZoneOffset.UTC);
        assertEquals(ReportPeriod.calendarYear(2025), ReportPeriod.parse(null, null, clock));
        assertEquals(new ReportPeriod(LocalDate.of(2025, 7, 1), LocalDate.of(2025, 9, 30)),
                ReportPeriod.parse("2025-07-01", "2025-09-30", clock));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReportPeriod.parse("2025-07-01", null, clock))
                .getMessage().contains("both"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReportPeriod.parse("July", "2025-09-30", clock))
                .getMessage().startsWith("from"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReportPeriod.parse("2025-09-30", "2025-07-01", clock))
                .getMessage().contains("before"));
        assertThrows(IllegalArgumentException.class, () -> ReportPeriod.parse("2015-01-01", "2025-01-01", clock));
        assertEquals(3, new ReportPeriod(LocalDate.of(2025, 11, 20), LocalDate.of(2026, 1, 2)).months().size());
    }

    @Test
    void transferSignal_settings() {
        assertEquals(TransferSignal.INTROSPECTED, TransferSignal.fromSetting(" Introspection ").orElseThrow());
        assertEquals(TransferSignal.TOKEN_ISSUED, TransferSignal.fromSetting("token").orElseThrow());
        assertTrue(TransferSignal.fromSetting("tokens").isEmpty());
    }
}
