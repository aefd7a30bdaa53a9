package org.payerauth.it.foundation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Reads the drop-in folder ({@code distribution/target/providers}) the way Keycloak would see it. */
final class DropIn {

    static final String SERVICES = "META-INF/services/";

    /** One line of a {@code META-INF/services/<interface>} file in a drop-in jar. */
    record Declaration(Path jar, String serviceInterface, String implementation) {
    }

    private DropIn() {
    }

    static Path folder() {
        String value = System.getProperty("kc.it.providers");
        if (value == null) {
            throw new IllegalStateException("kc.it.providers is not set; run through Maven");
        }
        return Path.of(value);
    }

    static List<Path> jars() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Declaration> declarations() {
        List<Declaration> result = new ArrayList<>();
        for (Path jar : jars()) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
                    String name = entry.getName();
                    if (!name.startsWith(SERVICES) || entry.isDirectory()) {
                        continue;
                    }
                    String iface = name.substring(SERVICES.length());
                    String text = new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                    for (String line : text.split("\\R")) {
                        String impl = line.replaceAll("#.*", "").trim();
                        if (!impl.isEmpty()) {
                            result.add(new Declaration(jar, iface, impl));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return result;
    }

    static boolean isOurs(Path jar) {
        return !jar.getFileName().toString().startsWith("nimbus-jose-jwt");
    }
}
