package org.payerauth.it.versions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One drop-in set, compiled against Keycloak 26.7, links on every supported line: every Keycloak class, method and
 * field our classes use exists with the same descriptor in that line's distribution, and every method that overrides a
 * Keycloak method on 26.7 still overrides one there (a method whose parameter type changed would otherwise silently
 * stop being called, as Tiered OAuth's broker callback did on 26.4). Reads the class files of the drop-in set and of
 * each distribution (the zips from Maven Central); no server is started, nothing is loaded.
 * <p>
 * Classes that only ever load on some lines are left out where they cannot load: a class whose supertype the line
 * lacks (the providers of 26.6+ SPIs: Keycloak reads their service files only where the SPI exists) and the Tiered
 * identity provider of the other broker API (chosen by name at boot by {@code TieredIdentityProviders}).
 */
class KeycloakApiLinkageIT {

    /** The broker API of Keycloak 26.5+; which Tiered IdP class loads depends on it (TieredIdentityProviders). */
    private static final String BROKER_API_SINCE_26_5 = "org/keycloak/broker/provider/UserAuthenticationIdentityProvider";
    private static final String TIERED_265 = "org/payerauth/keycloak/udap/tiered/broker/TieredIdentityProviderKeycloak265";
    private static final String TIERED_264 = "org/payerauth/keycloak/udap/tiered/keycloak264/TieredIdentityProviderKeycloak264";

    private static Map<String, ClassFile> ours;
    private static ClassPath dropIn;
    private static ClassPath reference;

    @BeforeAll
    static void readTheDropInSet() {
        Path providers = Path.of(System.getProperty("kc.it.providers", "missing-kc.it.providers"));
        List<Path> jars = jars(providers);
        assertTrue(jars.size() > 3, "the drop-in set in " + providers);
        dropIn = new ClassPath(jars);
        ours = new HashMap<>();
        for (String name : dropIn.names()) {
            if (name.startsWith("org/payerauth/")) {
                ours.put(name, dropIn.find(name).orElseThrow());
            }
        }
        reference = line("kc.dist.home");
    }

    @AfterAll
    static void close() {
        if (dropIn != null) {
            dropIn.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void links_on_the_keycloak_it_is_built_for() {
        assertLinks(reference, "kc.dist.home");
    }

    @Test
    void links_on_keycloak_26_5() {
        try (ClassPath line = line("kc.line265.home")) {
            assertLinks(line, "kc.line265.home");
        }
    }

    @Test
    void links_on_keycloak_26_4() {
        try (ClassPath line = line("kc.line264.home")) {
            assertLinks(line, "kc.line264.home");
        }
    }

    @Test
    void the_check_finds_a_changed_signature_and_a_missing_class() {
        // The check itself: Tiered's 26.5+ provider, read against 26.4 (where it never loads), overrides nothing there
        // (the 26.4 bug: Keycloak called its own callback) and its endpoint uses a callback type 26.4 lacks.
        try (ClassPath line = line("kc.line264.home")) {
            List<String> problems = problems(line, List.of(ours.get(TIERED_265), ours.get(TIERED_265 + "$TieredEndpoint")),
                    Set.of());
            assertTrue(problems.stream().anyMatch(p -> p.contains(".callback(") && p.contains("never be called")),
                    problems.toString());
            assertTrue(problems.stream().anyMatch(p -> p.contains("uses class " + BROKER_API_SINCE_26_5 + "$AuthenticationCallback")),
                    problems.toString());
        }
    }

    private static void assertLinks(ClassPath line, String property) {
        List<String> problems = problems(line);
        assertTrue(problems.isEmpty(), "on " + System.getProperty(property) + ":\n  " + String.join("\n  ", problems));
    }

    private static List<String> problems(ClassPath line) {
        return problems(line, ours.values(), skippedOn(line));
    }

    private static List<String> problems(ClassPath line, java.util.Collection<ClassFile> classes, Set<String> skipped) {
        Set<String> problems = new TreeSet<>();
        for (ClassFile c : classes) {
            if (skipped.contains(c.name())) {
                continue;
            }
            for (String type : c.classRefs()) {
                elementType(type).filter(element -> !known(element, line))
                        .ifPresent(element -> problems.add(c.name() + " uses class " + element + ", which this Keycloak lacks"));
            }
            for (ClassFile.Ref ref : c.refs()) {
                if (ref.owner().startsWith("[") || isOurs(ref.owner()) || isJdk(ref.owner())) {
                    continue;
                }
                if (!known(ref.owner(), line)) {
                    continue; // reported as a class above
                }
                boolean found = ref.method() && ref.name().equals("<init>")
                        ? find(ref.owner(), line).map(o -> o.methods().stream().anyMatch(m -> m.name().equals("<init>")
                                && m.descriptor().equals(ref.descriptor()))).orElse(false)
                        : declaring(ref.owner(), ref.name(), ref.descriptor(), ref.method(), line, false).isPresent();
                if (!found) {
                    problems.add(c.name() + " uses " + ref + ", which this Keycloak lacks");
                }
            }
            List<String> overrides = new ArrayList<>();
            checkOverrides(c, line, overrides);
            problems.addAll(overrides);
        }
        return new ArrayList<>(problems);
    }

    /** Methods of {@code c} that override a Keycloak method on the reference line but none on {@code line}. */
    private static void checkOverrides(ClassFile c, ClassPath line, List<String> problems) {
        for (ClassFile.Member m : c.methods()) {
            if (m.is(ClassFile.ACC_STATIC) || m.is(ClassFile.ACC_PRIVATE) || m.name().startsWith("<")) {
                continue;
            }
            Optional<String> onReference = overridden(c, m, reference);
            if (onReference.isEmpty() || isOurs(onReference.get()) || overridden(c, m, line).isPresent()) {
                continue;
            }
            // A method of a newer Keycloak that this line does not have is harmless (never called here); one whose
            // signature changed is not: this line calls its own signature, which nothing of ours implements.
            for (ClassFile.Member other : sameNamed(c, m.name(), line)) {
                if (!declaredByUs(c, other)) {
                    problems.add(c.name() + "." + m.name() + m.descriptor() + " overrides " + onReference.get()
                            + " on the reference Keycloak, but this one declares " + m.name() + other.descriptor()
                            + ", which nothing of ours overrides (it would never be called)");
                }
            }
        }
    }

    /** The overridable methods named {@code name} that Keycloak types above {@code c} declare on {@code line}. */
    private static List<ClassFile.Member> sameNamed(ClassFile c, String name, ClassPath line) {
        List<ClassFile.Member> result = new ArrayList<>();
        for (ClassFile type : above(supertypes(c), line)) {
            if (!isOurs(type.name())) {
                type.methods().stream().filter(m -> m.name().equals(name) && !m.is(ClassFile.ACC_STATIC)
                        && !m.is(ClassFile.ACC_PRIVATE)).forEach(result::add);
            }
        }
        return result;
    }

    /** {@code starts} and every type above them that {@code line} has, breadth first, each once. */
    private static List<ClassFile> above(List<String> starts, ClassPath line) {
        List<ClassFile> result = new ArrayList<>();
        Deque<String> queue = new ArrayDeque<>(starts);
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            String type = queue.poll();
            if (seen.add(type)) {
                find(type, line).ifPresent(file -> {
                    result.add(file);
                    queue.addAll(supertypes(file));
                });
            }
        }
        return result;
    }

    /** Whether {@code c} or one of our classes above it declares the method. */
    private static boolean declaredByUs(ClassFile c, ClassFile.Member method) {
        for (ClassFile type = c; type != null; type = type.superName() == null ? null : ours.get(type.superName())) {
            if (type.methods().stream().anyMatch(m -> m.name().equals(method.name())
                    && m.descriptor().equals(method.descriptor()))) {
                return true;
            }
        }
        return false;
    }

    /** The supertype of {@code c} that declares {@code m}, if any. */
    private static Optional<String> overridden(ClassFile c, ClassFile.Member m, ClassPath line) {
        for (String supertype : supertypes(c)) {
            Optional<String> declaring = declaring(supertype, m.name(), m.descriptor(), true, line, true);
            if (declaring.isPresent()) {
                return declaring;
            }
        }
        return Optional.empty();
    }

    /** The class or interface, from {@code owner} up, that declares the member (JVM resolution order, roughly). */
    private static Optional<String> declaring(String owner, String name, String descriptor, boolean method, ClassPath line,
                                              boolean overridable) {
        for (ClassFile type : above(List.of(owner), line)) {
            for (ClassFile.Member member : method ? type.methods() : type.fields()) {
                if (member.name().equals(name) && member.descriptor().equals(descriptor)
                        && !(overridable && (member.is(ClassFile.ACC_PRIVATE) || member.is(ClassFile.ACC_STATIC)))) {
                    return Optional.of(type.name());
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> supertypes(ClassFile c) {
        List<String> result = new ArrayList<>();
        if (c.superName() != null) {
            result.add(c.superName());
        }
        result.addAll(c.interfaces());
        return result;
    }

    /**
     * Our classes that never load on {@code line}: those with a supertype the line lacks (and their nested classes), and
     * the Tiered identity provider of the other broker API.
     */
    private static Set<String> skippedOn(ClassPath line) {
        Set<String> skipped = new HashSet<>();
        skipped.add(line.find(BROKER_API_SINCE_26_5).isPresent() ? TIERED_264 : TIERED_265);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ClassFile c : ours.values()) {
                if (skipped.contains(c.name())) {
                    continue;
                }
                boolean cannotLoad = supertypes(c).stream().anyMatch(s -> skipped.contains(s) || !known(s, line))
                        || skipped.stream().anyMatch(outer -> c.name().startsWith(outer + "$"));
                if (cannotLoad) {
                    skipped.add(c.name());
                    grew = true;
                }
            }
        }
        return skipped;
    }

    private static boolean known(String type, ClassPath line) {
        return isJdk(type) ? jdk(type).isPresent() : find(type, line).isPresent();
    }

    private static Optional<ClassFile> find(String type, ClassPath line) {
        if (isOurs(type)) {
            return Optional.ofNullable(ours.get(type));
        }
        if (isJdk(type)) {
            return jdk(type);
        }
        Optional<ClassFile> found = line.find(type);
        return found.isPresent() ? found : dropIn.find(type);
    }

    private static final Map<String, Optional<ClassFile>> JDK = new HashMap<>();

    private static Optional<ClassFile> jdk(String type) {
        return JDK.computeIfAbsent(type, t -> {
            try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(t + ".class")) {
                return in == null ? Optional.empty() : Optional.of(ClassFile.read(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static boolean isOurs(String type) {
        return type.startsWith("org/payerauth/");
    }

    private static boolean isJdk(String type) {
        return type.startsWith("java/") || type.startsWith("javax/") || type.startsWith("jdk/") || type.startsWith("sun/");
    }

    /** The class an entry of the constant pool names ({@code [[Lx/Y;} → {@code x/Y}); empty for primitive arrays. */
    private static Optional<String> elementType(String type) {
        if (!type.startsWith("[")) {
            return Optional.of(type);
        }
        String element = type.replaceFirst("^\\[+", "");
        return element.startsWith("L") ? Optional.of(element.substring(1, element.length() - 1)) : Optional.empty();
    }

    private static ClassPath line(String property) {
        Path home = Path.of(System.getProperty(property, "missing-" + property));
        Path main = home.resolve("lib/lib/main");
        assertTrue(Files.isDirectory(main), "Keycloak unpacked by Maven at " + home + " (" + property + ")");
        List<Path> jars = new ArrayList<>(jars(main));
        jars.addAll(jars(home.resolve("lib/lib/boot")));
        return new ClassPath(jars);
    }

    private static List<Path> jars(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The classes of a set of jars, read on demand. */
    static final class ClassPath implements AutoCloseable {
        private final List<JarFile> jars = new ArrayList<>();
        private final Map<String, JarFile> index = new HashMap<>();
        private final Map<String, Optional<ClassFile>> read = new HashMap<>();

        ClassPath(List<Path> paths) {
            try {
                for (Path path : paths) {
                    JarFile jar = new JarFile(path.toFile());
                    jars.add(jar);
                    for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                        String name = entry.getName();
                        if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                            index.putIfAbsent(name.substring(0, name.length() - ".class".length()), jar);
                        }
                    }
                }
            } catch (IOException e) {
                close();
                throw new UncheckedIOException(e);
            }
        }

        Set<String> names() {
            return index.keySet();
        }

        Optional<ClassFile> find(String type) {
            return read.computeIfAbsent(type, t -> {
                JarFile jar = index.get(t);
                if (jar == null) {
                    return Optional.empty();
                }
                try (InputStream in = jar.getInputStream(jar.getJarEntry(t + ".class"))) {
                    return Optional.of(ClassFile.read(in.readAllBytes()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        @Override
        public void close() {
            UncheckedIOException failure = null;
            for (JarFile jar : jars) {
                try {
                    jar.close();
                } catch (IOException e) {
                    failure = failure == null ? new UncheckedIOException(e) : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
