package org.payerauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Keycloak distribution ({@code keycloak-quarkus-dist} zip, unpacked by Maven) run as a child process:
 * providers copied in only when their bytes changed (so Keycloak re-augments only then), realm files imported into
 * a fresh dev-file database, free ports, log kept in {@code target/keycloak-it/server.log}, stopped by PID.
 */
final class DistributionKeycloakServer implements KeycloakServer {

    /** How long a start may take: 5 minutes, more on a loaded machine with {@code -Dkc.it.startup.seconds=N}. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong("kc.it.startup.seconds", 300));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int httpPort;
    private final int managementPort;
    private final Path log;
    private final String adminUsername;
    private final String adminPassword;
    private final Thread shutdownHook;

    private DistributionKeycloakServer(Process process, int httpPort, int managementPort, Path log, String adminUsername,
                                       String adminPassword) {
        this.process = process;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.log = log;
        this.adminUsername = adminUsername;
        this.adminPassword = adminPassword;
        this.shutdownHook = new Thread(this::stopProcess, "keycloak-it-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static DistributionKeycloakServer start(Path home, Path providers, Path realms, Path work, String adminUsername,
                                            String adminPassword, List<String> extraArgs) {
        return start(home, providers, realms, work, adminUsername, adminPassword, extraArgs, Map.of());
    }

    /** {@link #start} with more environment for {@code kc.sh} (e.g. {@code JAVA_OPTS_APPEND}). */
    static DistributionKeycloakServer start(Path home, Path providers, Path realms, Path work, String adminUsername,
                                            String adminPassword, List<String> extraArgs, Map<String, String> extraEnv) {
        try {
            requireDirectory(home.resolve("bin"), "Keycloak distribution (kc.dist.home)");
            requireDirectory(providers, "drop-in set (kc.it.providers); run `mvn package` first");
            syncProviders(providers, home.resolve("providers"));
            resetData(home, realms);

            Files.createDirectories(work);
            Path log = work.resolve("server.log");
            Files.deleteIfExists(log);
            int httpPort = freePort();
            int managementPort = freePort();
            while (managementPort == httpPort) {
                managementPort = freePort();
            }

            List<String> command = new ArrayList<>(List.of(
                    home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + httpPort,
                    "--http-management-port=" + managementPort,
                    // a fixed hostname, as in production: URLs never come from a request's Host (ForgedHostIT)
                    "--hostname=http://localhost:" + httpPort,
                    "--health-enabled=true",
                    // Keycloak's /metrics on the management port, with payer-auth's meters (MetricsIT)
                    "--metrics-enabled=true",
                    // UDAP client assertions exceed Keycloak's 4000-character default (x5c chains; docs/admin-guide.md)
                    "--spi-login-protocol--openid-connect--req-params-max-size--client_assertion=16384",
                    // the admin console's payer-auth pages (docs/admin-guide.md, "The admin console pages")
                    "--features=declarative-ui",
                    "--import-realm"));
            command.addAll(extraArgs);

            return launch(home, command, log, httpPort, managementPort, adminUsername, adminPassword, extraEnv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code command} (a {@code kc.sh} command line) in {@code home} and waits until its management port reports
     * ready; on failure prints the log's tail and stops it. The output is appended to {@code log}.
     */
    static DistributionKeycloakServer launch(Path home, List<String> command, Path log, int httpPort, int managementPort,
                                             String adminUsername, String adminPassword) throws IOException {
        return launch(home, command, log, httpPort, managementPort, adminUsername, adminPassword, Map.of());
    }

    private static DistributionKeycloakServer launch(Path home, List<String> command, Path log, int httpPort,
                                                     int managementPort, String adminUsername, String adminPassword,
                                                     Map<String, String> extraEnv) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", adminUsername);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        env.remove("KC_HTTP_PORT");
        env.remove("KC_HTTP_MANAGEMENT_PORT");
        env.putIfAbsent("JAVA_OPTS_KC_HEAP", "-XX:MaxRAMPercentage=10 -XX:InitialRAMPercentage=2");
        env.putAll(extraEnv);

        Instant started = Instant.now();
        Process process = builder.start();
        DistributionKeycloakServer server =
                new DistributionKeycloakServer(process, httpPort, managementPort, log, adminUsername, adminPassword);
        try {
            server.awaitReady(managementPort);
        } catch (RuntimeException e) {
            System.err.println(LogTail.of(log, 200));
            server.close();
            throw e;
        }
        System.out.printf("[keycloak-it] Keycloak ready at %s in %d s (log: %s)%n", server.baseUrl(),
                Duration.between(started, Instant.now()).toSeconds(), log);
        return server;
    }

    private void awaitReady(int managementPort) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://localhost:" + managementPort + "/health/ready");
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                        + " before it was ready; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            sleep(500);
        }
        throw new IllegalStateException("Keycloak was not ready within " + STARTUP_TIMEOUT + "; see " + log);
    }

    /**
     * Copies the drop-in jars, and the test-only clock provider ({@code kc.it.testClock}, see {@link TestClock}), into
     * {@code providers/} only when their bytes differ; removes jars no longer there.
     */
    static void syncProviders(Path source, Path target) throws IOException {
        Files.createDirectories(target);
        Set<String> wanted = new HashSet<>();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> jars = Files.list(source)) {
            jars.filter(p -> p.toString().endsWith(".jar")).forEach(sources::add);
        }
        TestClock.jar().ifPresent(sources::add);
        for (Path jar : sources) {
            String name = jar.getFileName().toString();
            wanted.add(name);
            Path dest = target.resolve(name);
            if (!Files.exists(dest) || Files.mismatch(jar, dest) != -1) {
                Files.copy(jar, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Stream<Path> installed = Files.list(target)) {
            for (Path jar : (Iterable<Path>) installed.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                if (!wanted.contains(jar.getFileName().toString())) {
                    Files.delete(jar);
                }
            }
        }
    }

    /** A fresh database for every test run, with the realm files in {@code data/import}. */
    private static void resetData(Path home, Path realms) throws IOException {
        Path data = home.resolve("data");
        deleteRecursively(data.resolve("h2"));
        deleteRecursively(data.resolve("import"));
        Path imports = Files.createDirectories(data.resolve("import"));
        copyRealms(realms, imports);
        // Realms only the tests need at startup (e.g. one with a trust community of the REST type, adopted at start).
        copyRealms(Path.of(System.getProperty("kc.it.startupRealms", "src/test/resources/startup-realms")), imports);
    }

    private static void copyRealms(Path from, Path imports) throws IOException {
        if (from != null && Files.isDirectory(from)) {
            try (Stream<Path> files = Files.list(from)) {
                for (Path realm : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith("-realm.json"))::iterator) {
                    Files.copy(realm, imports.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    @Override
    public Optional<String> managementUrl() {
        return Optional.of("http://localhost:" + managementPort);
    }

    @Override
    public String adminUsername() {
        return adminUsername;
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    @Override
    public Optional<Path> logFile() {
        return Optional.of(log);
    }

    @Override
    public String describe() {
        return "Keycloak distribution at " + baseUrl() + " (pid " + process.pid() + ", log " + log + ")";
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    /** SIGKILL to kc.sh and its java child: a node lost, no shutdown of any kind. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Keycloak (pid " + process.pid() + ") did not die", e);
        }
    }

    /** SIGTERM to kc.sh and its java child, then SIGKILL whatever is left after {@link #STOP_TIMEOUT}. */
    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle child : tree) {
                child.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /**
     * A port free now, chosen below Linux's ephemeral range (32768 and up): a port the kernel hands out itself could be
     * given to an outgoing connection (JDBC, JGroups) before the Keycloak that is to listen on it has bound it.
     */
    static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20000, 32768);
            try (ServerSocket socket = new ServerSocket(port)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void requireDirectory(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(what + " not found at " + dir);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> splitArgs(String args) {
        if (args == null || args.isBlank()) {
            return List.of();
        }
        return Arrays.stream(args.trim().split("\\s+")).toList();
    }
}
