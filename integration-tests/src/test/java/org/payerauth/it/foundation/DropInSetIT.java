package org.payerauth.it.foundation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The drop-in folder holds exactly what a payer copies into $KC_HOME/providers/, and nothing Keycloak ships. */
class DropInSetIT {

    @Test
    void holdsOurJarsAndNimbusOnly() {
        Set<String> names = DropIn.jars().stream()
                .map(p -> p.getFileName().toString().replaceAll("-[0-9][^-]*(-SNAPSHOT)?\\.jar$", ""))
                .collect(Collectors.toSet());
        assertEquals(Set.of("payer-auth-core", "payer-auth-keycloak-common", "smart-launch-extension", "udap-registration-extension", "udap-tiered-idp",
                "udap-tiered-idp-keycloak-26.4", "payer-apis-extension", "themes", "nimbus-jose-jwt"), names);
    }

    @Test
    void shipsNothingKeycloakAlreadyHas() {
        for (Path jar : DropIn.jars()) {
            String name = jar.getFileName().toString();
            assertFalse(name.matches("(?i)(keycloak-.*|.*(bcprov|bcpkix|bcutil|jackson|jakarta|resteasy).*)"),
                    "drop-in must not ship " + name);
        }
    }

    @Test
    void everyExtensionJarIsABeanArchive() throws IOException {
        for (Path jar : DropIn.jars()) {
            if (!DropIn.isOurs(jar) || jar.getFileName().toString().startsWith("themes")
                    || jar.getFileName().toString().startsWith("payer-auth-core")) {
                continue; // the theme and the plain-Java core declare no providers
            }
            try (JarFile file = new JarFile(jar.toFile())) {
                assertNotNull(file.getEntry("META-INF/beans.xml"), jar + " lacks META-INF/beans.xml (JAX-RS 405s)");
            }
        }
    }

    @Test
    void ourJarsAreReproducible() throws IOException {
        // project.build.outputTimestamp pins every entry's time, so an unchanged module yields identical bytes and
        // Keycloak does not re-augment on the next start.
        Instant pinned = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC")).toInstant();
        for (Path jar : DropIn.jars()) {
            if (!DropIn.isOurs(jar)) {
                continue;
            }
            try (JarFile file = new JarFile(jar.toFile())) {
                List<JarEntry> entries = file.stream().toList();
                assertFalse(entries.isEmpty());
                for (JarEntry entry : entries) {
                    long drift = Math.abs(entry.getLastModifiedTime().toInstant().getEpochSecond() - pinned.getEpochSecond());
                    // zip times are local-time DOS fields: allow a timezone's worth of drift, never a build date
                    assertTrue(drift <= 14 * 3600, jar.getFileName() + "!" + entry.getName() + " has time "
                            + entry.getLastModifiedTime());
                }
            }
        }
    }
}
