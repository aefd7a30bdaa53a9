package org.payerauth.metrics;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Patient Access API metrics of a period:
 * <ol>
 *   <li>{@code uniquePatients}: the patients whose data were transferred, at least once in the period, to a health app
 *       other than the payer's own ({@link MetricsDefinitions#excludedClients()});</li>
 *   <li>{@code patientsTransferredMoreThanOnce}: of those, the patients whose data were transferred on two or more
 *       distinct days of the period (to one app or several);</li>
 * </ol>
 * plus, per app and per month, the unique patients (small cells shown as such). The two CMS numbers are exact (what the
 * payer reports); the breakdowns suppress counts below {@link MetricsDefinitions#smallCellThreshold()}. A period that
 * starts before recording began says so ({@code recordedFrom}, {@code complete: false}); nothing is estimated.
 */
public final class PatientAccessReport {

    /** The counts of a period (before any suppression). */
    public record Counts(long uniquePatients, long patientsTransferredMoreThanOnce, Map<String, Long> perApp,
                         Map<YearMonth, Long> perMonth) {
        public Counts {
            perApp = Map.copyOf(perApp);
            perMonth = Map.copyOf(perMonth);
        }
    }

    private PatientAccessReport() {
    }

    /** The counts of {@code days} in {@code period} (the reference computation; a store may count in SQL). */
    public static Counts aggregate(Iterable<AccessDay> days, ReportPeriod period, MetricsDefinitions definitions) {
        Map<String, Set<LocalDate>> daysPerPatient = new HashMap<>();
        Map<String, Set<String>> patientsPerApp = new HashMap<>();
        Map<YearMonth, Set<String>> patientsPerMonth = new HashMap<>();
        for (AccessDay day : days) {
            if (!period.contains(day.day()) || !day.counts(definitions.signal())
                    || definitions.excludedClients().contains(day.clientId())) {
                continue;
            }
            daysPerPatient.computeIfAbsent(day.patient(), p -> new HashSet<>()).add(day.day());
            patientsPerApp.computeIfAbsent(day.clientId(), a -> new HashSet<>()).add(day.patient());
            patientsPerMonth.computeIfAbsent(YearMonth.from(day.day()), m -> new HashSet<>()).add(day.patient());
        }
        long moreThanOnce = daysPerPatient.values().stream().filter(d -> d.size() > 1).count();
        Map<String, Long> perApp = new HashMap<>();
        patientsPerApp.forEach((app, patients) -> perApp.put(app, (long) patients.size()));
        Map<YearMonth, Long> perMonth = new HashMap<>();
        patientsPerMonth.forEach((month, patients) -> perMonth.put(month, (long) patients.size()));
        return new Counts(daysPerPatient.size(), moreThanOnce, perApp, perMonth);
    }

    /** A breakdown count as shown: the number, or {@code "<threshold"} for 1 to threshold − 1. */
    public static Object cell(long count, int threshold) {
        return count > 0 && count < threshold ? "<" + threshold : count;
    }

    /**
     * The report as JSON members.
     *
     * @param recordedFrom the first day anything was recorded in the realm, or null when nothing was
     */
    public static Map<String, Object> json(Counts counts, ReportPeriod period, MetricsDefinitions definitions,
                                           LocalDate recordedFrom) {
        Objects.requireNonNull(counts, "counts");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", period.from().toString());
        json.put("to", period.to().toString());
        json.put("complete", recordedFrom != null && !recordedFrom.isAfter(period.from()));
        json.put("recordedFrom", recordedFrom == null ? null : recordedFrom.toString());
        json.put("uniquePatients", counts.uniquePatients());
        json.put("patientsTransferredMoreThanOnce", counts.patientsTransferredMoreThanOnce());
        Map<String, Object> defs = new LinkedHashMap<>();
        defs.put("transfer", definitions.signal().setting());
        defs.put("moreThanOnce", "two or more distinct days (UTC) in the period");
        defs.put("excludedClients", definitions.excludedClients().stream().sorted().toList());
        defs.put("smallCellThreshold", definitions.smallCellThreshold());
        json.put("definitions", defs);
        Map<String, Object> perApp = new TreeMap<>();
        counts.perApp().forEach((app, n) -> perApp.put(app, cell(n, definitions.smallCellThreshold())));
        json.put("perApp", perApp);
        Map<String, Object> perMonth = new LinkedHashMap<>();
        for (YearMonth month : period.months()) {
            perMonth.put(month.toString(), cell(counts.perMonth().getOrDefault(month, 0L), definitions.smallCellThreshold()));
        }
        json.put("perMonth", perMonth);
        return json;
    }

    /** The report as CSV (RFC 4180): one {@code measure,key,value} row per number. */
    public static String csv(Counts counts, ReportPeriod period, MetricsDefinitions definitions, LocalDate recordedFrom) {
        Map<String, Object> json = json(counts, period, definitions, recordedFrom);
        StringBuilder csv = new StringBuilder("measure,key,value\r\n");
        row(csv, "period", "from", json.get("from"));
        row(csv, "period", "to", json.get("to"));
        row(csv, "period", "complete", json.get("complete"));
        row(csv, "period", "recordedFrom", json.get("recordedFrom") == null ? "" : json.get("recordedFrom"));
        row(csv, "uniquePatients", "", json.get("uniquePatients"));
        row(csv, "patientsTransferredMoreThanOnce", "", json.get("patientsTransferredMoreThanOnce"));
        ((Map<?, ?>) json.get("perApp")).forEach((app, n) -> row(csv, "perApp", app, n));
        ((Map<?, ?>) json.get("perMonth")).forEach((month, n) -> row(csv, "perMonth", month, n));
        return csv.toString();
    }

    private static void row(StringBuilder csv, String measure, Object key, Object value) {
        csv.append(String.join(",", List.of(quoted(measure), quoted(String.valueOf(key)), quoted(String.valueOf(value)))))
                .append("\r\n");
    }

    /** A CSV field, quoted when needed; a leading formula character is neutralised (spreadsheet injection). */
    static String quoted(String field) {
        String safe = !field.isEmpty() && "=+-@".indexOf(field.charAt(0)) >= 0 && !field.matches("-?\\d+") ? "'" + field : field;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
