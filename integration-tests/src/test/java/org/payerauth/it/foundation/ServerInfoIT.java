package org.payerauth.it.foundation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;

/**
 * Proof that the harness is real: the server answering here runs the whole drop-in set (every provider factory our
 * jars declare is loaded, our theme is known) and has imported the {@code payer} realm from realm-export.
 */
@KeycloakIT
class ServerInfoIT {

    /** Keycloak SPIs that exist from 26.6 only; the rules built on them have a client-policy hook on older lines. */
    static final java.util.Set<String> LINE_SPECIFIC_SPIS = java.util.Set.of("auth-endpoint-check", "token-interceptor");

    /** Whether the server is a line with the native hooks (26.6 and later). */
    static boolean nativeHooks(AdminApi admin) {
        String version = admin.getJson("/serverinfo").path("systemInfo").path("version").asText();
        String[] parts = version.split("\\.");
        return Integer.parseInt(parts[0]) > 26 || Integer.parseInt(parts[0]) == 26 && Integer.parseInt(parts[1]) >= 6;
    }

    @Test
    void theRulesAreAppliedThroughTheHookOfThisKeycloakLine(AdminApi admin) {
        JsonNode providers = admin.getJson("/serverinfo").get("providers");
        assertTrue(!providers.path("client-policy-manager").path("providers").path("payer-auth-issuance-rules").isMissingNode(),
                "the client-policy hook is installed on every line");
        for (String spi : LINE_SPECIFIC_SPIS) {
            assertEquals(nativeHooks(admin), !providers.path(spi).isMissingNode(), spi + " exists exactly from 26.6");
        }
    }

    @Test
    void everyProviderFactoryWeDeclareIsLoaded(AdminApi admin) throws Exception {
        JsonNode providers = admin.getJson("/serverinfo").get("providers");
        List<DropIn.Declaration> declarations = DropIn.declarations();
        assertFalse(declarations.isEmpty(), "the drop-in set declares no provider factory at all");
        List<String> missing = new ArrayList<>();
        URL[] urls = DropIn.jars().stream().map(ServerInfoIT::url).toArray(URL[]::new);
        try (URLClassLoader dropIn = new URLClassLoader(urls, getClass().getClassLoader())) {
            // Keycloak's SPIs and the ones our jars add themselves.
            Map<String, String> spiNameByFactoryInterface = new HashMap<>();
            for (Spi spi : ServiceLoader.load(Spi.class, dropIn)) {
                spiNameByFactoryInterface.put(spi.getProviderFactoryClass().getName(), spi.getName());
            }
            for (DropIn.Declaration declaration : declarations) {
                if (declaration.serviceInterface().equals(Spi.class.getName())) {
                    Spi spi = (Spi) Class.forName(declaration.implementation(), true, dropIn).getDeclaredConstructor().newInstance();
                    if (providers.path(spi.getName()).isMissingNode()) {
                        missing.add("SPI " + spi.getName());
                    }
                    continue;
                }
                String spiName = spiNameByFactoryInterface.get(declaration.serviceInterface());
                if (spiName == null) {
                    fail(declaration.jar().getFileName() + " declares " + declaration.implementation() + " for "
                            + declaration.serviceInterface() + ", which is not a Keycloak SPI factory interface");
                }
                Object factory = Class.forName(declaration.implementation(), true, dropIn)
                        .getDeclaredConstructor().newInstance();
                String id = ((ProviderFactory<?>) factory).getId();
                if (providers.path(spiName).isMissingNode() && LINE_SPECIFIC_SPIS.contains(spiName) && !nativeHooks(admin)) {
                    continue; // an SPI of Keycloak 26.6+; on 26.4 and 26.5 the client-policy hook applies its rules
                }
                JsonNode loaded = providers.path(spiName).path("providers").path(id);
                if (loaded.isMissingNode()) {
                    missing.add(spiName + "/" + id + " (" + declaration.implementation() + ")");
                }
            }
        }
        assertTrue(missing.isEmpty(), "declared but not loaded by the server: " + missing);
    }

    @Test
    void ourThemeIsLoaded(AdminApi admin) throws Exception {
        JsonNode themes = admin.getJson("/serverinfo").get("themes");
        Path themesJar = DropIn.jars().stream().filter(p -> p.getFileName().toString().startsWith("themes"))
                .findFirst().orElseThrow();
        JsonNode declared;
        try (JarFile jar = new JarFile(themesJar.toFile());
             InputStream in = jar.getInputStream(jar.getEntry("META-INF/keycloak-themes.json"))) {
            declared = Http.JSON.readTree(in).get("themes");
        }
        assertTrue(declared.size() > 0);
        for (JsonNode theme : declared) {
            for (JsonNode type : theme.get("types")) {
                boolean found = false;
                for (JsonNode loaded : themes.path(type.asText())) {
                    found |= loaded.get("name").asText().equals(theme.get("name").asText());
                }
                assertTrue(found, "theme " + theme.get("name") + " (" + type + ") not loaded");
            }
        }
    }

    @Test
    void thePayerRealmIsImported(AdminApi admin) {
        JsonNode realm = admin.getJson("/realms/payer");
        assertEquals("payer", realm.get("realm").asText());
        assertTrue(realm.get("enabled").asBoolean());
        assertEquals("payer", realm.get("loginTheme").asText());
        for (String user : List.of("alice", "rita", "victor")) {
            JsonNode found = admin.getJson("/realms/payer/users?exact=true&username=" + user);
            assertEquals(1, found.size(), "demo login " + user);
        }
    }

    @Test
    void theRealmServesOpenIdDiscovery(AdminApi admin, org.payerauth.it.support.KeycloakServer server) {
        JsonNode oidc = Http.json(Http.get(server.realmUrl("payer") + "/.well-known/openid-configuration"));
        assertNotNull(oidc.get("issuer"));
        assertEquals(server.realmUrl("payer"), oidc.get("issuer").asText());
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
