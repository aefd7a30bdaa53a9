package org.payerauth.it.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The test server's clock (Keycloak's time offset), through the test-only provider {@code test-clock} that the tests
 * install next to the drop-in set ({@code kc.it.testClock}; never shipped). A test moves it forward and puts it back
 * by closing: {@code try (TestClock clock = TestClock.of(server, admin)) { clock.advance(Duration.ofDays(1)); ... }}.
 * Moving the clock moves it for the whole server: test classes run one after another, and each puts it back.
 */
public final class TestClock implements AutoCloseable {

    private final KeycloakServer server;
    private final AdminApi admin;
    private Duration offset = Duration.ZERO;

    private TestClock(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    /** The clock of a server this run started (the provider is installed there); fails if it is not. */
    public static TestClock of(KeycloakServer server, AdminApi admin) {
        TestClock clock = new TestClock(server, admin);
        clock.set(Duration.ZERO);
        return clock;
    }

    /** The provider's jar, when the run names it. */
    static Optional<Path> jar() {
        String value = System.getProperty("kc.it.testClock");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path jar = Path.of(value);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("kc.it.testClock names " + jar + ", which does not exist; build the test-clock module");
        }
        return Optional.of(jar);
    }

    /** Moves the server's clock forward by {@code by} more than it is now. */
    public TestClock advance(Duration by) {
        return set(offset.plus(by));
    }

    /** The server's "now" as the moved clock has it. */
    public Instant now() {
        return Instant.now().plus(offset);
    }

    private TestClock set(Duration to) {
        admin.renewToken();
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(
                        URI.create(server.realmUrl("master") + "/test-clock?offsetSeconds=" + to.toSeconds()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin.token())
                .PUT(HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the test clock did not move (is the test-clock provider installed?): HTTP "
                    + response.statusCode() + " " + response.body());
        }
        offset = to;
        admin.renewToken();
        return this;
    }

    /** Puts the server's clock back. */
    @Override
    public void close() {
        set(Duration.ZERO);
    }
}
