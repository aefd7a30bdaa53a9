package org.payerauth.it.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 5: {@code ./run.sh} unpacks Keycloak into whatever run directory it is given, also after another
 * run directory was unpacked from the same checkout and after a run directory was removed (the Maven plugin's
 * "already unpacked" markers used to land in the checkout's {@code target/} and stop both). Uses
 * {@code ./run.sh --prepare}: everything but the start. And {@code ./run.sh --optimized} (issue 13), started for real.
 */
class RunShIT {

    private static final Path ROOT = Path.of(System.getProperty("kc.it.realms", "../realm-export")).toAbsolutePath()
            .normalize().getParent();
    private static final String KEYCLOAK = Path.of(System.getProperty("kc.dist.home")).getFileName().toString();

    @TempDir
    Path work;

    @Test
    void everyRunDirectoryIsUnpackedAndInstalled_afterAnotherOne_andAfterBeingRemoved() throws Exception {
        markDropInSetBuilt();
        Path first = work.resolve("first");
        Path second = work.resolve("second");
        prepare(first);
        prepare(second);
        deleteRecursively(first);
        prepare(first);
    }

    /**
     * Issue 13, item 2: {@code ./run.sh --optimized} is the production-shaped server of the benchmarks. It builds
     * Keycloak for PostgreSQL, starts it optimized on a PostgreSQL of its own (from Maven artifacts) that holds the
     * realm, keeps the data and the build for the next start, and stops its database when it is stopped.
     */
    @Test
    void optimizedStartsBuiltForPostgres_keepsDataAndBuildAcrossARestart_andStopsItsDatabase() throws Exception {
        markDropInSetBuilt();
        Path runDir = work.resolve("optimized");
        int httpPort = freePort();
        int pgPort = freePort();
        Map<String, String> env = Map.of("PAYER_AUTH_RUN_DIR", runDir.toString(), "KC_HTTP_PORT", Integer.toString(httpPort),
                "KC_HTTP_MANAGEMENT_PORT", Integer.toString(freePort()), "PAYER_AUTH_PG_PORT", Integer.toString(pgPort));
        String base = "http://localhost:" + httpPort;

        String first = startAndStop(runDir, env, base, pgPort, "first");
        assertTrue(first.contains("kc.sh build --db=postgres"), first);
        assertTrue(first.contains("installed the dev UDAP trust community"), first);

        String second = startAndStop(runDir, env, base, pgPort, "second");
        assertFalse(second.contains("kc.sh build"), "the build is reused when no jar changed:\n" + second);
        assertFalse(second.contains("installed the dev UDAP trust community"), "the community is kept in PostgreSQL:\n" + second);
        assertFalse(Files.exists(runDir.resolve(KEYCLOAK).resolve("data/h2")), "no H2 database");
    }

    /** Starts {@code ./run.sh --optimized}, checks the server and its database, stops it (SIGTERM); its output. */
    private String startAndStop(Path runDir, Map<String, String> env, String base, int pgPort, String name) throws Exception {
        Path log = work.resolve("run-sh-optimized-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("run.sh").toString(), "--optimized")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            Instant deadline = Instant.now().plusSeconds(480);
            while (!Files.readString(log).contains("payer-auth is running")) {
                assertTrue(process.isAlive(), "run.sh --optimized ended:\n" + Files.readString(log));
                assertTrue(Instant.now().isBefore(deadline), "not up in 8 minutes:\n" + Files.readString(log));
                Thread.sleep(500);
            }
            HttpResponse<String> udap = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/realms/payer/.well-known/udap")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, udap.statusCode(), udap.body());
            assertTrue(udap.body().contains("\"signed_metadata\""), udap.body());
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres", "postgres", "postgres");
                 ResultSet realms = db.createStatement().executeQuery("select count(*) from realm where name = 'payer'")) {
                assertTrue(realms.next());
                assertEquals(1, realms.getInt(1), "the realm is kept in run.sh's PostgreSQL");
            }
        } finally {
            process.destroy(); // SIGTERM, as Ctrl-C or a service manager would
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "run.sh --optimized did not stop on SIGTERM");
        }
        assertFalse(Files.exists(runDir.resolve("postgres/postmaster.pid")), "PostgreSQL stopped with Keycloak");
        try (Socket socket = new Socket()) {
            assertThrows(IOException.class, () -> socket.connect(new InetSocketAddress("localhost", pgPort), 1000),
                    "nothing listens on the PostgreSQL port any more");
        }
        return Files.readString(log);
    }

    /** The reactor just built the drop-in set: tell run.sh so, or it would build it again with a nested mvn. */
    private static void markDropInSetBuilt() throws IOException {
        Path stamp = ROOT.resolve("distribution/target/providers/.built-by-run-sh");
        assertTrue(Files.isDirectory(stamp.getParent()), "the drop-in set is built before the ITs");
        if (!Files.exists(stamp)) {
            Files.createFile(stamp);
        }
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now()));
    }

    private void prepare(Path runDir) throws Exception {
        Path log = work.resolve("run-sh-" + runDir.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("run.sh").toString(), "--prepare")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("PAYER_AUTH_RUN_DIR", runDir.toString());
        builder.environment().put("KC_HTTP_PORT", Integer.toString(freePort()));
        builder.environment().put("KC_HTTP_MANAGEMENT_PORT", Integer.toString(freePort()));
        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "run.sh --prepare did not finish");
        String output = Files.readString(log);
        assertEquals(0, process.exitValue(), "run.sh --prepare failed:\n" + output);

        Path home = runDir.resolve(KEYCLOAK);
        assertTrue(Files.isExecutable(home.resolve("bin/kc.sh")), "unpacked into " + runDir + ":\n" + output);
        List<String> dropIn = jars(ROOT.resolve("distribution/target/providers"));
        assertFalse(dropIn.isEmpty());
        assertEquals(dropIn, jars(home.resolve("providers")), "the drop-in set is installed");
        assertTrue(Files.exists(home.resolve("data/import/payer-realm.json")), "the demo realm is ready for import");
        assertFalse(Files.exists(runDir.resolve("${project.basedir}")), "no plugin markers left behind");
        assertTrue(output.contains("not started"), output);
    }

    private static List<String> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
