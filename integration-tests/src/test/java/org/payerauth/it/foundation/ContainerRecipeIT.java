package org.payerauth.it.foundation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payerauth.it.support.KeycloakCluster;

/**
 * The container recipe cannot be run here (no Docker, no Kubernetes), so this holds it to what the tests do run: the
 * production build options live in one file ({@code distribution/src/main/keycloak/build-options}) that the cluster IT,
 * {@code ./run.sh --optimized} and {@code container/Containerfile} all read; the Containerfile builds from the release
 * bundle's files; the Operator manifests parse, run that image optimized on the database it was built for, and import
 * exactly the production realm. Needs no Keycloak.
 */
class ContainerRecipeIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path BUILD_OPTIONS = ROOT.resolve("distribution/src/main/keycloak/build-options");
    private static final Path CONTAINERFILE = ROOT.resolve("container/Containerfile");
    private static final Path KUBERNETES = ROOT.resolve("container/kubernetes");
    /** One {@code kc.sh build} option as a shell word: no whitespace, no quotes, no shell syntax. */
    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z0-9-]*(=[A-Za-z0-9_.,:/+-]+)?");
    private static final Pattern INSTRUCTION = Pattern.compile("([A-Z]+)\\s+(.*)");
    private static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** The release bundle's files by path (directories left out). */
    private static Map<String, byte[]> bundle;

    @BeforeAll
    static void readBundle() throws IOException {
        Path zip = Path.of(System.getProperty("kc.it.release.bundle", "kc.it.release.bundle is not set"));
        assertTrue(Files.isRegularFile(zip), zip + " is missing: build the release module online (`mvn package`, not -o)");
        bundle = new TreeMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().map(ZipEntry.class::cast).toList()) {
                if (!entry.isDirectory()) {
                    bundle.put(entry.getName(), file.getInputStream(entry).readAllBytes());
                }
            }
        }
    }

    @Test
    void theBuildOptionsFileHoldsOneShellSafeOptionPerLine() throws IOException {
        for (String line : Files.readAllLines(BUILD_OPTIONS, StandardCharsets.UTF_8)) {
            assertTrue(line.isEmpty() || line.startsWith("#") || OPTION.matcher(line).matches(),
                    "build-options: not a comment, not a blank line, not one option: '" + line + "'");
        }
        List<String> options = KeycloakCluster.productionBuildOptions();
        for (String needed : List.of("--db=postgres", "--health-enabled=true", "--metrics-enabled=true")) {
            assertTrue(options.contains(needed), needed + ": the Operator's probes, the metrics and keycloak.yaml's db rely on it");
        }
        String guide = Files.readString(ROOT.resolve("docs/container.md"));
        for (String option : options) {
            assertTrue(guide.contains("`" + option + "`"), "docs/container.md does not explain the build option " + option);
        }
    }

    @Test
    void theContainerfilesShellCommandReadsTheSameOptionsAsTheClusterIt() throws Exception {
        // The Containerfile's $(grep -v '^#' build-options), run by a POSIX shell as the image's RUN does.
        Process shell = new ProcessBuilder("sh", "-c", "printf '%s\\n' $(grep -v '^#' \"$1\")", "sh", BUILD_OPTIONS.toString())
                .redirectErrorStream(true).start();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(shell.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, shell.exitValue(), out);
        assertEquals(KeycloakCluster.productionBuildOptions(), List.of(out.strip().split("\n")));
    }

    @Test
    void runShBuildsFromTheFileAndNamesNoBuildOptionItself() throws IOException {
        String runSh = Files.readString(ROOT.resolve("run.sh"));
        assertTrue(runSh.contains("BUILD_OPTIONS=\"$ROOT/distribution/src/main/keycloak/build-options\""), "run.sh names the file");
        assertTrue(runSh.contains("done <\"$BUILD_OPTIONS\""), "run.sh reads the file into build_options");
        assertTrue(runSh.contains("\"$KC_HOME/bin/kc.sh\" build \"${build_options[@]}\""), "run.sh builds with what it read");
        for (String option : List.of("--db=", "--health-enabled", "--metrics-enabled")) {
            assertFalse(runSh.contains(option), "run.sh names the build option " + option + " itself; it belongs in build-options");
        }
    }

    @Test
    void theContainerfileBuildsTheBundlesDropInSetWithTheOptionsFile() throws IOException {
        List<String> instructions = instructions(CONTAINERFILE);
        assertEquals("ARG KEYCLOAK_VERSION=" + keycloakVersion(), find(instructions, "ARG KEYCLOAK_VERSION="),
                "the Containerfile's default Keycloak is not the one in the root pom (keycloak.version)");
        List<String> froms = instructions.stream().filter(i -> i.startsWith("FROM ")).toList();
        assertEquals(List.of("FROM ${KEYCLOAK_IMAGE}:${KEYCLOAK_VERSION} AS builder", "FROM ${KEYCLOAK_IMAGE}:${KEYCLOAK_VERSION}"), froms,
                "two stages on the same official image: the builder, then a fresh image");
        assertFalse(instructions.stream().anyMatch(i -> i.startsWith("ENV KC_")),
                "build options set by ENV bypass keycloak/build-options");

        String optionsInImage = null;
        for (String instruction : instructions) {
            if (!instruction.startsWith("COPY ") || instruction.contains("--from=")) {
                continue;
            }
            List<String> words = new ArrayList<>(List.of(instruction.substring(5).trim().split("\\s+")));
            words.removeIf(word -> word.startsWith("--"));
            String source = words.get(0);
            String target = words.get(words.size() - 1);
            if (source.endsWith("*.jar")) {
                String folder = source.substring(0, source.length() - "*.jar".length());
                assertEquals("providers/", folder);
                assertEquals("/opt/keycloak/providers/", target);
                assertTrue(bundle.keySet().stream().anyMatch(name -> name.startsWith(folder) && name.endsWith(".jar")),
                        "the bundle has no " + source);
            } else {
                assertNotNull(bundle.get(source), "the Containerfile copies " + source + ", which the release bundle lacks");
                if (source.equals("keycloak/build-options")) {
                    assertEquals(Files.readString(BUILD_OPTIONS), new String(bundle.get(source), StandardCharsets.UTF_8));
                    optionsInImage = target;
                }
            }
        }
        assertNotNull(optionsInImage, "the Containerfile does not copy keycloak/build-options");
        List<String> builds = instructions.stream().filter(i -> i.contains("kc.sh build")).toList();
        assertEquals(List.of("RUN /opt/keycloak/bin/kc.sh build $(grep -v '^#' " + optionsInImage + ")"), builds,
                "the image must be built with the build-options file and nothing else");
        assertTrue(instructions.contains("COPY --from=builder /opt/keycloak/ /opt/keycloak/"));
        assertEquals("ENTRYPOINT [\"/opt/keycloak/bin/kc.sh\"]", instructions.get(instructions.size() - 1));
    }

    @Test
    void everyManifestParsesInTheRepositoryAndInTheBundle() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(KUBERNETES)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path file : files) {
            assertNotNull(yaml(Files.readString(file)).get("kind"), file + " has no kind");
            String inBundle = "container/kubernetes/" + file.getFileName();
            assertEquals(Files.readString(file), new String(bundle.get(inBundle), StandardCharsets.UTF_8), inBundle);
        }
        assertNotNull(yaml(bundleText("container/kubernetes/payer-realm-import.yaml")).get("kind"));
    }

    @Test
    void theKeycloakCrRunsThePayerAuthImageOptimizedOnTheDatabaseItWasBuiltFor() throws IOException {
        JsonNode cr = yaml(Files.readString(KUBERNETES.resolve("keycloak.yaml")));
        assertEquals("k8s.keycloak.org/v2alpha1", cr.path("apiVersion").asText());
        assertEquals("Keycloak", cr.path("kind").asText());
        JsonNode spec = cr.path("spec");
        assertTrue(spec.path("image").asText().contains("payer-auth"), "spec.image is not the payer-auth image: " + spec.path("image"));
        assertTrue(spec.path("startOptimized").isBoolean() && spec.path("startOptimized").asBoolean(), "spec.startOptimized must be true");
        String db = KeycloakCluster.productionBuildOptions().stream().filter(o -> o.startsWith("--db=")).findFirst().orElseThrow()
                .substring("--db=".length());
        assertEquals(db, spec.path("db").path("vendor").asText(), "spec.db.vendor is not the database of the build");
        for (String secret : List.of("usernameSecret", "passwordSecret")) {
            assertFalse(spec.path("db").path(secret).path("name").asText().isEmpty(), "spec.db." + secret + ".name");
            assertFalse(spec.path("db").path(secret).path("key").asText().isEmpty(), "spec.db." + secret + ".key");
        }
        assertTrue(spec.path("hostname").path("hostname").asText().startsWith("https://"), "one fixed https hostname");
        assertEquals(9000, spec.path("httpManagement").path("port").asInt(), "health and metrics on the management port");
        Matcher reqParams = Pattern.compile("REQ_PARAMS=\"--([^=]+)=(\\d+)\"").matcher(Files.readString(ROOT.resolve("run.sh")));
        assertTrue(reqParams.find(), "run.sh's REQ_PARAMS");
        boolean found = false;
        for (JsonNode option : spec.path("additionalOptions")) {
            if (option.path("name").asText().equals(reqParams.group(1))) {
                assertEquals(reqParams.group(2), option.path("value").asText(), "the client_assertion size limit differs from run.sh's");
                found = true;
            }
        }
        assertTrue(found, "spec.additionalOptions lacks " + reqParams.group(1) + " (UDAP client assertions' x5c chains)");
    }

    @Test
    void theRealmImportCarriesExactlyTheProductionRealm() throws Exception {
        JsonNode production = JSON.readTree(bundle.get("realms/production/payer-realm.json"));
        assertEquals(JSON.readTree(ROOT.resolve("realm-export/production/payer-realm.json").toFile()), production);
        String keycloakCr = yaml(Files.readString(KUBERNETES.resolve("keycloak.yaml"))).path("metadata").path("name").asText();

        // the bundle's CR, made by the release build
        checkRealmImport(yaml(bundleText("container/kubernetes/payer-realm-import.yaml")), production, keycloakCr);

        // the template's documented one-liner, run as written in the template's header from the repository's files
        Path out = Files.createTempFile("payer-realm-import", ".yaml");
        try {
            Process shell = new ProcessBuilder("sh", "-c", "{ cat container/kubernetes/payer-realm-import.template.yaml;"
                    + " sed 's/^/    /' realm-export/production/payer-realm.json; } > \"$1\"", "sh", out.toString())
                    .directory(ROOT.toFile()).redirectErrorStream(true).start();
            String log = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(shell.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, shell.exitValue(), log);
            checkRealmImport(yaml(Files.readString(out)), production, keycloakCr);
        } finally {
            Files.deleteIfExists(out);
        }
        String template = Files.readString(KUBERNETES.resolve("payer-realm-import.template.yaml"));
        assertTrue(template.contains("sed 's/^/    /' realms/production/payer-realm.json"), "the template's header still documents the command");
    }

    private static void checkRealmImport(JsonNode cr, JsonNode production, String keycloakCr) {
        assertEquals("k8s.keycloak.org/v2alpha1", cr.path("apiVersion").asText());
        assertEquals("KeycloakRealmImport", cr.path("kind").asText());
        assertEquals(keycloakCr, cr.path("spec").path("keycloakCRName").asText(), "spec.keycloakCRName is not keycloak.yaml's CR");
        assertEquals("payer", cr.path("spec").path("realm").path("realm").asText());
        assertEquals(production, cr.path("spec").path("realm"), "spec.realm is not realms/production/payer-realm.json");
    }

    /** The Containerfile's instructions, continuation lines joined, comments and blank lines left out. */
    private static List<String> instructions(Path file) throws IOException {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String instruction = current.toString().replaceAll("\\s+", " ");
            assertTrue(INSTRUCTION.matcher(instruction).matches(), "not an instruction: " + instruction);
            result.add(instruction);
            current.setLength(0);
        }
        return result;
    }

    private static String find(List<String> instructions, String prefix) {
        return instructions.stream().filter(i -> i.startsWith(prefix)).findFirst().orElse("(no " + prefix + "...)");
    }

    /** keycloak.version of the root pom, as run.sh reads it. */
    private static String keycloakVersion() throws IOException {
        Matcher m = Pattern.compile("<keycloak\\.version>([^<]+)</keycloak\\.version>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(m.find());
        return m.group(1);
    }

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String bundleText(String name) {
        byte[] bytes = bundle.get(name);
        assertNotNull(bytes, name + " missing from the release bundle");
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
