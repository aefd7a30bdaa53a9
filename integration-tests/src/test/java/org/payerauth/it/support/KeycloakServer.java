package org.payerauth.it.support;

import java.nio.file.Path;
import java.util.Optional;

/** A running Keycloak with our providers installed and the realm-export realms imported. */
public interface KeycloakServer extends AutoCloseable {

    /** The server's base URL, e.g. {@code http://localhost:41234} (no trailing slash). */
    String baseUrl();

    String adminUsername();

    String adminPassword();

    /** The server log, when this harness started the server itself. */
    default Optional<Path> logFile() {
        return Optional.empty();
    }

    /** The management interface ({@code /health}, {@code /metrics}), when this harness knows it. */
    default Optional<String> managementUrl() {
        return Optional.empty();
    }

    /** One line for test output: which mode, where. */
    String describe();

    @Override
    void close();

    default String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }
}
