package org.payerauth.it.versions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.payerauth.it.support.OwnKeycloak;

/**
 * Fail closed: where the drop-in set cannot apply every rule, Keycloak does not start. Stock Keycloak from Maven
 * Central with our drop-in set:
 * <ul>
 *   <li>{@code kc.unsupported.version} (26.3.5), outside the supported lines (on such a line the rules built on
 *       26.6+ SPIs used to silently not apply and refresh was a 500): the boot ends with an error naming the
 *       supported range;</li>
 *   <li>26.5.6, a supported line whose rules apply through Keycloak's client-policy events, started with another
 *       client-policy manager configured (the rules would silently not apply): the boot ends with an error that names
 *       what is missing, even with the operator's opt-in to untested versions.</li>
 * </ul>
 * Neither ever serves HTTP.
 */
class UnsupportedKeycloakIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("kc.it.startup.seconds", 300));

    private static Path home(String property) {
        Path home = Path.of(System.getProperty(property, "missing-" + property));
        assertTrue(Files.isDirectory(home.resolve("bin")), "Keycloak unpacked by Maven at " + home + " (" + property + ")");
        return home;
    }

    private static String refused(OwnKeycloak.Attempt attempt) {
        assertNotNull(attempt.exitCode(), "Keycloak must end its boot, not keep running:\n" + attempt.output());
        assertTrue(attempt.exitCode() != 0, "a failed start:\n" + attempt.output());
        assertFalse(attempt.answeredHttp(), "it never served HTTP");
        // "ERROR: payer-auth …" from Keycloak's launcher, with a log prefix once logging has started
        return attempt.output().lines().filter(l -> l.contains("ERROR: payer-auth")).findFirst()
                .orElseThrow(() -> new AssertionError("an ERROR line of payer-auth:\n" + attempt.output()));
    }

    @Test
    void a_keycloak_outside_the_supported_lines_does_not_start_and_says_which_versions_are_supported() {
        String error = refused(OwnKeycloak.attemptStart(home("kc.unsupported.home"), List.of(), TIMEOUT));
        assertTrue(error.contains("payer-auth supports Keycloak 26.4.x to 26.7.x; this is Keycloak 26.3.5"), error);
        assertTrue(error.contains("allow-untested-version=true"), error);
    }

    @Test
    void keycloak_26_5_with_another_client_policy_manager_does_not_start_even_when_untested_versions_are_allowed() {
        OwnKeycloak.Attempt attempt = OwnKeycloak.attemptStart(home("kc.line265.home"), List.of(
                "--spi-client-policy-manager--provider=default",
                "--spi-payer-auth-compatibility--keycloak-version-guard--allow-untested-version=true"), TIMEOUT);
        String error = refused(attempt);
        assertTrue(error.contains("Keycloak 26.5.6") && error.contains("client-policy-manager provider 'payer-auth-issuance-rules'")
                && error.contains("aud, state, PKCE"), error);
        assertEquals(-1, attempt.output().indexOf("outside the tested range"), "no warning-and-run:\n" + attempt.output());
    }
}
