package org.payerauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Keycloak of one test class's own, beside the suite's shared one, for what must not touch the shared server (e.g. a
 * JVM option for name resolution): a full copy of the distribution in {@code target/keycloak-<name>/home} (never hard
 * links: Keycloak re-augments in place), its own dev-file database, the same drop-in set and realm files, extra
 * {@code JAVA_OPTS_APPEND}. Its log is {@code target/keycloak-<name>/server.log}.
 */
public final class OwnKeycloak {

    private OwnKeycloak() {
    }

    /** How a start that was expected to fail ended: the exit code (null: still running at the deadline) and output. */
    public record Attempt(Integer exitCode, String output, boolean answeredHttp) {
    }

    /**
     * Runs {@code kc.sh start-dev} of the distribution at {@code home} (its own, unpacked for this test) with the
     * drop-in set installed and {@code args}, for a start that should fail: waits until the process ends or
     * {@code timeout} passes (then stops it), and says whether its HTTP port ever answered.
     */
    public static Attempt attemptStart(Path home, List<String> args, Duration timeout) {
        try {
            DistributionKeycloakServer.syncProviders(Path.of(KeycloakServers.required("kc.it.providers")),
                    home.resolve("providers"));
            int httpPort = DistributionKeycloakServer.freePort();
            int managementPort = DistributionKeycloakServer.freePort();
            List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + httpPort, "--http-management-port=" + managementPort));
            command.addAll(args);
            Path log = Files.createTempFile("kc-attempt", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            builder.environment().remove("KC_HTTP_PORT");
            Process process = builder.start();
            boolean answered = false;
            Instant deadline = Instant.now().plus(timeout);
            HttpClient http = HttpClient.newHttpClient();
            while (process.isAlive() && Instant.now().isBefore(deadline)) {
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    answered = true;
                } catch (IOException notListening) {
                    // not (yet) serving
                }
                DistributionKeycloakServer.sleep(500);
            }
            Integer exit = null;
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            } else {
                exit = process.exitValue();
            }
            String output = Files.readString(log);
            Files.deleteIfExists(log);
            return new Attempt(exit, output, answered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static KeycloakServer start(String name, List<String> javaOptions) {
        Path work = Path.of("target", "keycloak-" + name).toAbsolutePath();
        Path home = work.resolve("home");
        try {
            DistributionKeycloakServer.deleteRecursively(home);
            Files.createDirectories(work);
            Process copy = new ProcessBuilder("cp", "-a", KeycloakServers.required("kc.dist.home"), home.toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("copy.log").toFile()).start();
            if (copy.waitFor() != 0) {
                throw new IllegalStateException("copying the distribution failed; see " + work.resolve("copy.log"));
            }
            return DistributionKeycloakServer.start(home, Path.of(KeycloakServers.required("kc.it.providers")),
                    Path.of(KeycloakServers.required("kc.it.realms")), work,
                    KeycloakServers.property("kc.it.admin.username", "admin"),
                    KeycloakServers.property("kc.it.admin.password", "admin"), List.of(),
                    Map.of("JAVA_OPTS_APPEND", String.join(" ", javaOptions)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying the distribution", e);
        }
    }
}
