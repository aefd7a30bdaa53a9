package org.payerauth.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * S6: the Patient Access API metrics report at scale ({@code --scenarios metrics-scale --metrics-db JDBC_URL}, the
 * PostgreSQL database of {@code ./run.sh --optimized}). Seeds the realm's {@code PAYER_ACCESS_DAY} table with
 * synthetic patient-days of the year {@value #YEAR} (patients {@code bench-p-*}, apps {@code bench-app-*}, 5 days per
 * patient on average) up to each level, then times the admin REST report for the calendar year (JSON and CSV) and a
 * one-month period, and reads the table's row count and size on disk (table, indexes). The seeded rows are deleted at
 * the end; recorded traffic of the realm stays as it was.
 */
final class MetricsScaleScenario {

    static final int YEAR = 2025;
    private static final int APPS = 20;
    private static final int DAYS_PER_PATIENT = 5;

    /** One level: its rows and what the report took. */
    record Level(long rows, long tableBytes, long indexBytes, double yearJsonMillis, double yearCsvMillis,
                 double monthJsonMillis, String uniquePatients, String moreThanOnce) {
    }

    private final Server server;
    private final String jdbcUrl;
    private String realmId;

    MetricsScaleScenario(Server server, String jdbcUrl) {
        this.server = server;
        this.jdbcUrl = jdbcUrl;
    }

    void setUp() throws SQLException {
        HttpResponse<String> realm = server.admin("GET", "", null);
        realmId = (String) Server.json(realm).get("id");
        deleteSeeded();
    }

    void tearDown() throws SQLException {
        deleteSeeded();
    }

    /** Seeds up to {@code patientDays} rows of synthetic traffic (keeps what an earlier level seeded), then measures. */
    Level measure(long patientDays, int repeats) throws SQLException {
        long patients = Math.max(1, patientDays / DAYS_PER_PATIENT);
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            // Row n: patient n / 5, its app (n / 5) % 20, its k-th day (k = n % 5) spread over the year.
            long first = LocalDate.of(YEAR, 1, 1).toEpochDay();
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO payer_access_day (id, realm_id, patient, client_id, access_day, access_month, token_issued, introspected) "
                            + "SELECT 'bench-' || n, ?, 'bench-p-' || (n / 5), 'bench-app-' || ((n / 5) % " + APPS + "), "
                            + "CAST(? AS INT) + d, CAST(to_char(DATE '1970-01-01' + (CAST(? AS INT) + d), 'YYYYMM') AS INT), TRUE, (n % 3 = 0) "
                            + "FROM (SELECT n, CAST(((n / 5) * 37 + (n % 5) * 71) % 365 AS INT) AS d "
                            + "      FROM generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS n) AS s "
                            + "ON CONFLICT DO NOTHING")) {
                insert.setString(1, realmId);
                insert.setLong(2, first);
                insert.setLong(3, first);
                insert.setLong(4, seededRows(db));
                insert.setLong(5, patients * DAYS_PER_PATIENT - 1);
                insert.executeUpdate();
            }
            try (Statement analyze = db.createStatement()) {
                analyze.execute("ANALYZE payer_access_day");
            }
            long rows = count(db, "SELECT count(*) FROM payer_access_day");
            long table = count(db, "SELECT pg_relation_size('payer_access_day')");
            long indexes = count(db, "SELECT pg_indexes_size('payer_access_day')");
            String year = "?from=" + YEAR + "-01-01&to=" + YEAR + "-12-31";
            report(year); // once unmeasured: plans and caches warm
            List<Double> json = new ArrayList<>();
            List<Double> csv = new ArrayList<>();
            List<Double> month = new ArrayList<>();
            String[] numbers = null;
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                String body = report(year);
                json.add((System.nanoTime() - start) / 1e6);
                numbers = numbers(body);
                start = System.nanoTime();
                report(year + "&format=csv");
                csv.add((System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                report("?from=" + YEAR + "-06-01&to=" + YEAR + "-06-30");
                month.add((System.nanoTime() - start) / 1e6);
            }
            return new Level(rows, table, indexes, median(json), median(csv), median(month), numbers[0], numbers[1]);
        }
    }

    private String report(String query) {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(URI.create(server.adminUrl("/patient-access-metrics" + query)))
                .timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + server.adminToken()).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("report " + query + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String[] numbers(String json) {
        java.util.regex.Matcher unique = java.util.regex.Pattern.compile("\"uniquePatients\":(\\d+)").matcher(json);
        java.util.regex.Matcher more = java.util.regex.Pattern.compile("\"patientsTransferredMoreThanOnce\":(\\d+)").matcher(json);
        return new String[] {unique.find() ? unique.group(1) : "?", more.find() ? more.group(1) : "?"};
    }

    private long seededRows(Connection db) throws SQLException {
        try (PreparedStatement count = db.prepareStatement(
                "SELECT count(*) FROM payer_access_day WHERE realm_id = ? AND id LIKE 'bench-%'")) {
            count.setString(1, realmId);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void deleteSeeded() throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl);
             PreparedStatement delete = db.prepareStatement("DELETE FROM payer_access_day WHERE realm_id = ? AND id LIKE 'bench-%'")) {
            delete.setString(1, realmId);
            delete.executeUpdate();
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    static String row(Level level) {
        return String.format(Locale.ROOT, "| %,d | %.1f MiB | %.1f MiB | %.0f | %.0f | %.0f | %s | %s |", level.rows(),
                level.tableBytes() / 1048576.0, level.indexBytes() / 1048576.0, level.yearJsonMillis(),
                level.yearCsvMillis(), level.monthJsonMillis(), level.uniquePatients(), level.moreThanOnce());
    }
}
