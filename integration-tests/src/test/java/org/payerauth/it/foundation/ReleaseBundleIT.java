package org.payerauth.it.foundation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The release bundle ({@code release/target/payer-auth-<version>.zip}, system property {@code kc.it.release.bundle})
 * is what a payer installs and its security review reads: the drop-in set byte for byte, the realm files, the dev PKI
 * tool, the licence, an SBOM of what it ships and a SHA256SUMS that {@code sha256sum -c} accepts. Its container recipe
 * ({@code keycloak/}, {@code container/}) is ContainerRecipeIT's.
 */
class ReleaseBundleIT {

    static final String SUMS = "SHA256SUMS";
    private static final Pattern SUM_LINE = Pattern.compile("([0-9a-f]{64})  (\\S.*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every file of the zip (directories left out) by its path in the zip. */
    private static Map<String, byte[]> files;

    @BeforeAll
    static void readBundle() throws IOException {
        Path zip = Path.of(required("kc.it.release.bundle"));
        assertTrue(Files.isRegularFile(zip), zip + " is missing: build the release module online (`mvn package`, not -o:"
                + " its SBOM plugin, cyclonedx-maven-plugin, does not run offline)");
        files = new TreeMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().map(ZipEntry.class::cast).toList()) {
                if (!entry.isDirectory()) {
                    byte[] previous = files.put(entry.getName(), file.getInputStream(entry).readAllBytes());
                    assertNull(previous, "the zip holds " + entry.getName() + " twice");
                }
            }
        }
    }

    @Test
    void holdsTheListedPartsAndNothingElse() {
        Set<String> top = files.keySet().stream().map(name -> name.contains("/") ? name.substring(0, name.indexOf('/') + 1) : name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("providers/", "realms/", "tools/", "keycloak/", "container/", "LICENSE", "NOTICE",
                "sbom.cdx.json", SUMS)), top);
        assertEquals(Set.of("tools/udap-dev-pki.jar"), under("tools/").keySet());
    }

    @Test
    void providersAreTheDropInSetByNameAndBytes() {
        Map<String, String> dropIn = new TreeMap<>();
        for (Path jar : DropIn.jars()) {
            dropIn.put(jar.getFileName().toString(), sha256(read(jar)));
        }
        Map<String, String> shipped = new TreeMap<>();
        under("providers/").forEach((name, bytes) -> shipped.put(name.substring("providers/".length()), sha256(bytes)));
        assertFalse(dropIn.isEmpty());
        assertEquals(dropIn, shipped, "providers/ must be exactly " + DropIn.folder() + "/*.jar");
    }

    @Test
    void realmsAreTheRealmFiles() {
        Path realms = Path.of(required("kc.it.realms"));
        for (String name : List.of("payer-realm.json", "member-idp-realm.json", "production/payer-realm.json")) {
            byte[] shipped = files.get("realms/" + name);
            assertNotNull(shipped, "realms/" + name + " missing");
            assertArrayEquals(read(realms.resolve(name)), shipped, "realms/" + name + " differs from realm-export/" + name);
        }
        assertEquals(3, under("realms/").size(), "realms/ holds " + under("realms/").keySet());
    }

    @Test
    void theDevPkiToolIsAnExecutableJar() throws IOException {
        Manifest manifest = manifest(files.get("tools/udap-dev-pki.jar"));
        assertEquals("org.payerauth.udap.devpki.DevPkiCli", manifest.getMainAttributes().getValue("Main-Class"));
    }

    @Test
    void licenseIsApache2AndNoticeNamesWhatShips() {
        String license = text("LICENSE");
        assertTrue(license.contains("Apache License") && license.contains("Version 2.0"), "LICENSE is not the Apache License 2.0");
        assertTrue(license.contains("END OF TERMS AND CONDITIONS"), "LICENSE is not the full text");
        String notice = text("NOTICE");
        assertTrue(notice.contains("payer-auth"));
        assertTrue(notice.contains("nimbus-jose-jwt"));
    }

    @Test
    void sha256sumsCoverEveryOtherFileAndMatch() {
        Set<String> listed = new TreeSet<>();
        for (String line : text(SUMS).split("\n")) {
            Matcher matcher = SUM_LINE.matcher(line);
            assertTrue(matcher.matches(), "not a `sha256sum -c` line: " + line);
            String name = matcher.group(2);
            assertTrue(listed.add(name), name + " listed twice");
            byte[] bytes = files.get(name);
            assertNotNull(bytes, SUMS + " lists " + name + ", which the bundle does not hold");
            assertEquals(matcher.group(1), sha256(bytes), name);
        }
        Set<String> expected = new TreeSet<>(files.keySet());
        expected.remove(SUMS);
        assertEquals(expected, listed);
    }

    @Test
    void sbomListsEveryShippedJarWithItsVersionAndBytesAndNoKeycloakJar() throws IOException {
        JsonNode bom = JSON.readTree(files.get("sbom.cdx.json"));
        assertEquals("CycloneDX", bom.path("bomFormat").asText());
        assertEquals("application", bom.path("metadata").path("component").path("type").asText());
        Map<String, JsonNode> byFileName = new TreeMap<>();
        List<String> groups = new ArrayList<>();
        for (JsonNode component : bom.path("components")) {
            byFileName.put(component.path("name").asText() + "-" + component.path("version").asText() + ".jar", component);
            groups.add(component.path("group").asText());
        }
        under("providers/").forEach((name, bytes) -> {
            String jar = name.substring("providers/".length());
            JsonNode component = byFileName.get(jar);
            assertNotNull(component, "the SBOM lists no component for " + jar + " (it lists " + byFileName.keySet() + ")");
            assertEquals(sha256(bytes), hash(component, "SHA-256"), "the SBOM's SHA-256 of " + jar + " is not the shipped jar's");
        });
        assertTrue(byFileName.containsKey("nimbus-jose-jwt-" + version("nimbus-jose-jwt") + ".jar"));
        for (String ours : List.of("payer-auth-core", "smart-launch-extension", "udap-registration-extension", "udap-tiered-idp", "themes")) {
            assertTrue(byFileName.containsKey(ours + "-" + projectVersion() + ".jar"), ours + " " + projectVersion() + " not in the SBOM");
        }
        for (String group : groups) {
            assertFalse(group.startsWith("org.keycloak") || group.startsWith("com.fasterxml") || group.startsWith("org.jboss"),
                    "the SBOM lists a jar Keycloak provides: " + group);
        }
    }

    @Test
    void ourJarsCarryTheProjectVersionInTheirManifest() throws IOException {
        Map<String, byte[]> ours = new TreeMap<>(under("providers/"));
        ours.keySet().removeIf(name -> name.startsWith("providers/nimbus-jose-jwt"));
        ours.putAll(under("tools/"));
        assertFalse(ours.isEmpty());
        for (Map.Entry<String, byte[]> jar : ours.entrySet()) {
            var attributes = manifest(jar.getValue()).getMainAttributes();
            assertEquals(projectVersion(), attributes.getValue("Implementation-Version"), jar.getKey());
            assertNotNull(attributes.getValue("Implementation-Title"), jar.getKey() + " has no Implementation-Title");
        }
    }

    private static Map<String, byte[]> under(String folder) {
        Map<String, byte[]> result = new TreeMap<>();
        files.forEach((name, bytes) -> {
            if (name.startsWith(folder)) {
                result.put(name, bytes);
            }
        });
        return result;
    }

    /** The version of a shipped jar, from its file name in providers/. */
    private static String version(String artifactId) {
        return under("providers/").keySet().stream().map(name -> name.substring("providers/".length()))
                .filter(name -> name.matches(Pattern.quote(artifactId) + "-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                .map(name -> name.substring(artifactId.length() + 1, name.length() - ".jar".length()))
                .findFirst().orElseThrow(() -> new AssertionError(artifactId + " is not in providers/"));
    }

    private static String hash(JsonNode component, String algorithm) {
        for (JsonNode hash : component.path("hashes")) {
            if (algorithm.equals(hash.path("alg").asText())) {
                return hash.path("content").asText();
            }
        }
        throw new AssertionError(component.path("name").asText() + " has no " + algorithm + " hash in the SBOM");
    }

    private static Manifest manifest(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = in.getManifest();
            assertNotNull(manifest, "a jar without a manifest");
            return manifest;
        }
    }

    private static String text(String name) {
        byte[] bytes = files.get(name);
        assertNotNull(bytes, name + " missing from the bundle");
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String projectVersion() {
        return required("kc.it.project.version");
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is not set; run through Maven");
        }
        return value;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
