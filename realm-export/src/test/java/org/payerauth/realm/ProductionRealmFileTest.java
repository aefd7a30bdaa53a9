package org.payerauth.realm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * The production realm ({@code production/payer-realm.json}, issue 12) is the demo realm minus what only a demo may
 * have: no users, no demo apps, no client secrets in the file (Keycloak generates them at import), brute-force
 * protection on. Flows, scopes, mappers, user profile and settings are the demo realm's, so this test derives the
 * production realm from the demo realm and compares it with the committed file: a change to the demo realm fails
 * here until the production file is regenerated with
 * {@code mvn -B -pl realm-export test -Dtest=ProductionRealmFileTest -Dpayer.realm.regenerate=true}.
 */
class ProductionRealmFileTest {

    static final Path DEMO = Path.of("payer-realm.json");
    static final Path PRODUCTION = Path.of("production", "payer-realm.json");
    /** Apps of the demo only. */
    static final Set<String> DEMO_CLIENTS = Set.of("smart-demo-public", "smart-demo-confidential", "tiered-demo-app");
    /**
     * Realm attributes of the demo only (example contact details of the demo's Tiered OAuth registrations, the demo
     * payer's Organization, the demo's user-access brand: a payer describes its own).
     */
    static final Set<String> DEMO_ATTRIBUTES = Set.of("udap.tiered.logoUri", "udap.tiered.contacts",
            "payer.organization", "payer.organizationName", "smart.brand.name", "smart.brand.website",
            "smart.brand.logoUrl", "smart.brand.categories", "smart.brand.addresses", "smart.brand.portalName",
            "smart.brand.portalUrl", "smart.brand.portalDescription", "smart.brand.developerPortalUrl");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The production realm derived from the demo realm. */
    static ObjectNode derive(ObjectNode demo) {
        ObjectNode realm = demo.deepCopy();
        realm.remove("users");
        ArrayNode clients = JSON.createArrayNode();
        for (JsonNode client : realm.withArray("clients")) {
            if (!DEMO_CLIENTS.contains(client.path("clientId").asText())) {
                ObjectNode kept = (ObjectNode) client.deepCopy();
                kept.remove("secret");
                clients.add(kept);
            }
        }
        realm.set("clients", clients);
        ObjectNode attributes = (ObjectNode) realm.path("attributes");
        DEMO_ATTRIBUTES.forEach(attributes::remove);
        realm.put("sslRequired", "external");
        realm.put("bruteForceProtected", true);
        realm.put("permanentLockout", false);
        realm.put("failureFactor", 5);
        realm.put("waitIncrementSeconds", 60);
        realm.put("maxFailureWaitSeconds", 900);
        realm.put("maxDeltaTimeSeconds", 43200);
        realm.put("quickLoginCheckMilliSeconds", 1000);
        realm.put("minimumQuickLoginWaitSeconds", 60);
        realm.put("displayName", demo.path("displayName").asText().replace(" (demo)", ""));
        return realm;
    }

    private static ObjectNode read(Path file) throws Exception {
        return (ObjectNode) JSON.readTree(file.toFile());
    }

    @Test
    void theProductionRealmIsTheDemoRealmWithoutItsDemoParts() throws Exception {
        ObjectNode derived = derive(read(DEMO));
        if (Boolean.getBoolean("payer.realm.regenerate")) {
            Files.createDirectories(PRODUCTION.getParent());
            Files.writeString(PRODUCTION, JSON.writeValueAsString(derived) + "\n");
        }
        assertTrue(Files.exists(PRODUCTION), "missing " + PRODUCTION);
        assertEquals(derived, read(PRODUCTION), "production/payer-realm.json is out of step with payer-realm.json; "
                + "regenerate: mvn -B -pl realm-export test -Dtest=ProductionRealmFileTest -Dpayer.realm.regenerate=true");
    }

    @Test
    void hasNoUsersNoDemoAppsNoSecrets_andBruteForceProtection() throws Exception {
        RealmRepresentation realm = JsonSerialization.readValue(Files.readString(PRODUCTION), RealmRepresentation.class);
        assertEquals("payer", realm.getRealm());
        assertNull(realm.getUsers());
        realm.getClients().forEach(c -> {
            assertFalse(DEMO_CLIENTS.contains(c.getClientId()), c.getClientId());
            assertNull(c.getSecret(), c.getClientId() + " must not ship a secret");
        });
        assertTrue(realm.isBruteForceProtected());
        assertEquals("external", realm.getSslRequired());
        assertTrue(realm.getOfflineSessionIdleTimeout() >= 92 * 24 * 3600, "offline grants at least 92 days idle");
        assertTrue(!Boolean.TRUE.equals(realm.getOfflineSessionMaxLifespanEnabled()), "no offline max lifespan");
        assertFalse(realm.getAttributes().containsKey("udap.tiered.allowInsecureIdps"));
    }

    @Test
    void keepsTheDemoRealmsFlowsScopesAndUserProfile() throws Exception {
        RealmRepresentation demo = JsonSerialization.readValue(Files.readString(DEMO), RealmRepresentation.class);
        RealmRepresentation production = JsonSerialization.readValue(Files.readString(PRODUCTION), RealmRepresentation.class);
        assertEquals(names(demo.getAuthenticationFlows().stream().map(f -> f.getAlias()).toList()),
                names(production.getAuthenticationFlows().stream().map(f -> f.getAlias()).toList()));
        assertEquals(names(demo.getClientScopes().stream().map(s -> s.getName()).toList()),
                names(production.getClientScopes().stream().map(s -> s.getName()).toList()));
        assertEquals(demo.getBrowserFlow(), production.getBrowserFlow());
        assertEquals(demo.getClientAuthenticationFlow(), production.getClientAuthenticationFlow());
        assertEquals(demo.getDefaultDefaultClientScopes(), production.getDefaultDefaultClientScopes());
        assertEquals(demo.getDefaultOptionalClientScopes(), production.getDefaultOptionalClientScopes());
        assertEquals(JSON.valueToTree(demo.getComponents()), JSON.valueToTree(production.getComponents()), "user profile and components");
    }

    private static Set<String> names(List<String> names) {
        return Set.copyOf(names);
    }
}
