package org.payerauth.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.testcontainers.utility.MountableFile;

/**
 * {@code -Ptestcontainers}: the official Keycloak image with the same drop-in set and realm files, for developers who
 * have a Docker engine. Compiled in every build; started only in that mode (it cannot run without Docker).
 */
final class ContainerKeycloakServer implements KeycloakServer {

    private static final String IMAGE = "quay.io/keycloak/keycloak:" + System.getProperty("kc.version", "26.7.3");

    private final KeycloakContainer container;

    private ContainerKeycloakServer(KeycloakContainer container) {
        this.container = container;
    }

    static KeycloakServer start(Path providers, Path realms, String adminUsername, String adminPassword) {
        KeycloakContainer container = new KeycloakContainer(IMAGE)
                .withAdminUsername(adminUsername)
                .withAdminPassword(adminPassword)
                .withProviderLibsFrom(jars(providers));
        for (Path realm : realmFiles(realms)) {
            container = container.withCopyFileToContainer(MountableFile.forHostPath(realm),
                    "/opt/keycloak/data/import/" + realm.getFileName());
        }
        container = container.withCommand("start-dev", "--import-realm",
                "--spi-login-protocol--openid-connect--req-params-max-size--client_assertion=16384");
        container.start();
        return new ContainerKeycloakServer(container);
    }

    private static List<File> jars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).map(Path::toFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> realmFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-realm.json")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String baseUrl() {
        String url = container.getAuthServerUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String adminUsername() {
        return container.getAdminUsername();
    }

    @Override
    public String adminPassword() {
        return container.getAdminPassword();
    }

    @Override
    public String describe() {
        return "Keycloak container " + IMAGE + " at " + baseUrl();
    }

    @Override
    public void close() {
        container.stop();
    }
}
