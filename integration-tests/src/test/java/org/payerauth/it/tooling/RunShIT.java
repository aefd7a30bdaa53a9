package org.payerauth.it.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 5: {@code ./run.sh} unpacks Keycloak into whatever run directory it is given, also after another
 * run directory was unpacked from the same checkout and after a run directory was removed (the Maven plugin's
 * "already unpacked" markers used to land in the checkout's {@code target/} and stop both). Uses
 * {@code ./run.sh --prepare}: everything but the start.
 */
class RunShIT {

    private static final Path ROOT = Path.of(System.getProperty("kc.it.realms", "../realm-export")).toAbsolutePath()
            .normalize().getParent();
    private static final String KEYCLOAK = Path.of(System.getProperty("kc.dist.home")).getFileName().toString();

    @TempDir
    Path work;

    @Test
    void everyRunDirectoryIsUnpackedAndInstalled_afterAnotherOne_andAfterBeingRemoved() throws Exception {
        // The reactor just built the drop-in set: tell run.sh so, or it would build it again with a nested mvn.
        Path stamp = ROOT.resolve("distribution/target/providers/.built-by-run-sh");
        assertTrue(Files.isDirectory(stamp.getParent()), "the drop-in set is built before the ITs");
        if (!Files.exists(stamp)) {
            Files.createFile(stamp);
        }
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now()));

        Path first = work.resolve("first");
        Path second = work.resolve("second");
        prepare(first);
        prepare(second);
        deleteRecursively(first);
        prepare(first);
    }

    private void prepare(Path runDir) throws Exception {
        Path log = work.resolve("run-sh-" + runDir.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("run.sh").toString(), "--prepare")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("PAYER_AUTH_RUN_DIR", runDir.toString());
        builder.environment().put("KC_HTTP_PORT", Integer.toString(freePort()));
        builder.environment().put("KC_HTTP_MANAGEMENT_PORT", Integer.toString(freePort()));
        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "run.sh --prepare did not finish");
        String output = Files.readString(log);
        assertEquals(0, process.exitValue(), "run.sh --prepare failed:\n" + output);

        Path home = runDir.resolve(KEYCLOAK);
        assertTrue(Files.isExecutable(home.resolve("bin/kc.sh")), "unpacked into " + runDir + ":\n" + output);
        List<String> dropIn = jars(ROOT.resolve("distribution/target/providers"));
        assertFalse(dropIn.isEmpty());
        assertEquals(dropIn, jars(home.resolve("providers")), "the drop-in set is installed");
        assertTrue(Files.exists(home.resolve("data/import/payer-realm.json")), "the demo realm is ready for import");
        assertFalse(Files.exists(runDir.resolve("${project.basedir}")), "no plugin markers left behind");
        assertTrue(output.contains("not started"), output);
    }

    private static List<String> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
