package org.payerauth.it.support;

import java.nio.file.Path;

/**
 * Picks the mode from system properties (set by the integration-tests pom):
 * <ul>
 *   <li>{@code kc.it.url} set: an external server ({@code -Dkc.it.url=http://localhost:8080}, e.g. {@code ./run.sh});</li>
 *   <li>{@code kc.it.mode=testcontainers} ({@code -Ptestcontainers}): the official image, needs a Docker engine;</li>
 *   <li>otherwise: the distribution zip unpacked at {@code kc.dist.home}, on the database {@code kc.it.db} picks
 *       ({@link TestDatabase}).</li>
 * </ul>
 */
final class KeycloakServers {

    private KeycloakServers() {
    }

    static KeycloakServer start() {
        String adminUser = property("kc.it.admin.username", "admin");
        String adminPassword = property("kc.it.admin.password", "admin");
        String url = property("kc.it.url", "");
        if (!url.isBlank()) {
            return new ExternalKeycloakServer(url, adminUser, adminPassword);
        }
        String mode = property("kc.it.mode", "dist");
        Path providers = Path.of(required("kc.it.providers"));
        Path realms = Path.of(required("kc.it.realms"));
        if ("testcontainers".equals(mode)) {
            return ContainerKeycloakServer.start(providers, realms, adminUser, adminPassword);
        }
        if (!"dist".equals(mode)) {
            throw new IllegalStateException("unknown kc.it.mode '" + mode + "' (dist | testcontainers)");
        }
        java.util.List<String> args = new java.util.ArrayList<>(TestDatabase.keycloakArgs());
        args.addAll(DistributionKeycloakServer.splitArgs(property("kc.it.args", "")));
        return DistributionKeycloakServer.start(Path.of(required("kc.dist.home")), providers, realms,
                Path.of(property("kc.it.work", "target/keycloak-it")), adminUser, adminPassword, args);
    }

    static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.startsWith("${") ? fallback : value;
    }

    static String required(String name) {
        String value = property(name, null);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run the ITs through Maven "
                    + "(mvn verify) or set it yourself");
        }
        return value;
    }
}
