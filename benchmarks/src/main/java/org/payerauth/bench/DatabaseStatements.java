package org.payerauth.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the database does per operation of a measured run ({@code --db-statements JDBC_URL}, PostgreSQL): the
 * per-table counters of {@code pg_stat_user_tables} (rows inserted, updated, deleted; sequential and index scans) read
 * right before and right after the run, divided by its successful operations. Shows whether one side of a pair makes
 * Keycloak issue more statements than the other, which a CPU profile of the Keycloak process cannot.
 *
 * <p>PostgreSQL publishes a busy backend's counters at most once a second and an idle one's within 10 s
 * ({@code PGSTAT_IDLE_INTERVAL}), so each reading first waits {@link #SETTLE_MILLIS} with the server idle: the
 * readings hold exactly the run's statements (and whatever Keycloak's background tasks did meanwhile).
 */
final class DatabaseStatements {

    /** Longer than PostgreSQL's idle statistics flush interval (10 s). */
    static final long SETTLE_MILLIS = 11_000;
    private static final String[] COUNTERS = {"ins", "upd", "del", "seq scans", "idx scans"};

    private final String jdbcUrl;

    DatabaseStatements(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        snapshot(false); // fail at start-up on a wrong URL, not after the warm-up
    }

    /** Per table: rows inserted, updated, deleted, sequential scans, index scans, all since the statistics reset. */
    Map<String, long[]> snapshot() {
        return snapshot(true);
    }

    private Map<String, long[]> snapshot(boolean settle) {
        if (settle) {
            try {
                Thread.sleep(SETTLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Map<String, long[]> tables = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select relname, n_tup_ins, n_tup_upd, n_tup_del, "
                     + "coalesce(seq_scan, 0), coalesce(idx_scan, 0) from pg_stat_user_tables")) {
            while (rows.next()) {
                long[] counters = new long[COUNTERS.length];
                for (int i = 0; i < counters.length; i++) {
                    counters[i] = rows.getLong(i + 2);
                }
                tables.put(rows.getString(1), counters);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("--db-statements " + jdbcUrl + ": " + e.getMessage(), e);
        }
        return tables;
    }

    /**
     * The counters that moved, per operation, e.g. {@code event_entity 2.00 ins; offline_client_session 1.00 upd,
     * 3.10 seq scans}; values under 0.005 per operation are left out.
     */
    static String perOperation(Map<String, long[]> before, Map<String, long[]> after, int operations) {
        List<String> tables = new ArrayList<>();
        double total = 0;
        for (Map.Entry<String, long[]> table : after.entrySet()) {
            long[] start = before.getOrDefault(table.getKey(), new long[COUNTERS.length]);
            List<String> moved = new ArrayList<>();
            for (int i = 0; i < COUNTERS.length; i++) {
                double perOp = operations == 0 ? 0 : (double) (table.getValue()[i] - start[i]) / operations;
                total += perOp;
                if (perOp >= 0.005) {
                    moved.add(String.format(Locale.ROOT, "%.2f %s", perOp, COUNTERS[i]));
                }
            }
            if (!moved.isEmpty()) {
                tables.add(table.getKey() + " " + String.join(", ", moved));
            }
        }
        return String.format(Locale.ROOT, "%.2f row changes and scans per op: ", total) + String.join("; ", tables);
    }
}
