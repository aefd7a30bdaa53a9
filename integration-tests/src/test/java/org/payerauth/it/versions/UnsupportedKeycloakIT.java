package org.payerauth.it.versions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.it.support.OwnKeycloak;

/**
 * On a Keycloak the drop-in set does not support, Keycloak does not start (fail closed): stock Keycloak
 * {@code kc.unsupported.version} (26.4.7, from Maven Central, where the SPIs of the authorization-request rules and the
 * launch-bound refresh do not exist) with our drop-in set ends its boot with an error that names the supported range
 * and what is missing, and never serves HTTP; the operator's opt-in to untested versions does not change that.
 */
class UnsupportedKeycloakIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("kc.it.startup.seconds", 300));

    private static Path home;

    @BeforeAll
    static void distribution() {
        home = Path.of(System.getProperty("kc.unsupported.home", "target/keycloak-dist/keycloak-26.4.7"));
        assertTrue(Files.isDirectory(home.resolve("bin")), "the unsupported Keycloak is unpacked by Maven at " + home);
    }

    private static void assertRefused(OwnKeycloak.Attempt attempt) {
        assertNotNull(attempt.exitCode(), "Keycloak must end its boot, not keep running:\n" + attempt.output());
        assertTrue(attempt.exitCode() != 0, "a failed start:\n" + attempt.output());
        assertFalse(attempt.answeredHttp(), "it never served HTTP");
        String error = attempt.output().lines().filter(l -> l.startsWith("ERROR: payer-auth")).findFirst()
                .orElseThrow(() -> new AssertionError("an ERROR line of payer-auth:\n" + attempt.output()));
        assertTrue(error.contains("Keycloak 26.4.7") && error.contains("payer-auth supports Keycloak 26.7.x"), error);
        assertTrue(error.contains("AuthorizationEndpointCheckProviderFactory") && error.contains("aud, state, PKCE"), error);
        assertTrue(error.contains("TokenPostProcessorFactory") && error.contains("launch-bound refresh tokens"), error);
    }

    @Test
    void keycloak_26_4_with_the_drop_in_set_does_not_start_and_says_which_versions_are_supported() {
        assertRefused(OwnKeycloak.attemptStart(home, List.of(), TIMEOUT));
    }

    @Test
    void allowing_untested_versions_does_not_start_a_keycloak_that_lacks_a_security_rules_extension_point() {
        OwnKeycloak.Attempt attempt = OwnKeycloak.attemptStart(home,
                List.of("--spi-payer-auth-compatibility--keycloak-version-guard--allow-untested-version=true"), TIMEOUT);
        assertRefused(attempt);
        assertEquals(-1, attempt.output().indexOf("outside the tested range"), "no warning-and-run:\n" + attempt.output());
    }
}
