package org.payerauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
