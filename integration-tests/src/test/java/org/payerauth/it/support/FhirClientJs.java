package org.payerauth.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The browser bundle of the {@code fhirclient} npm package (SMART on FHIR's JavaScript client), unmodified: fetched
 * with {@code npm pack} (the package tarball only, no dependency tree) into {@code target/fhirclient/} once.
 */
public final class FhirClientJs {

    public static final String VERSION = "2.6.3";

    private FhirClientJs() {
    }

    public static Path bundle() throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("kc.it.work", "target/keycloak-it")).resolveSibling("fhirclient");
        Path bundle = dir.resolve("package/build/fhir-client.min.js");
        if (Files.isRegularFile(bundle)) {
            return bundle;
        }
        Files.createDirectories(dir);
        run(dir, List.of("npm", "pack", "--silent", "fhirclient@" + VERSION));
        run(dir, List.of("tar", "-xzf", "fhirclient-" + VERSION + ".tgz"));
        if (!Files.isRegularFile(bundle)) {
            throw new IllegalStateException("fhirclient bundle not found at " + bundle);
        }
        return bundle;
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("npm.log").toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (needs Node.js/npm); see "
                    + dir.resolve("npm.log") + ": " + Files.readString(dir.resolve("npm.log")));
        }
    }
}
