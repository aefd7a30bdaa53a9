package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * Patient context or nothing (issue 10, item 1): a token with {@code patient/} scopes (or {@code launch/patient})
 * is issued only with the patient chosen in the SMART flow, and {@code patient/} or {@code user/} scopes only to a
 * member. Flows that skip the picker get {@code invalid_scope} with a description, not a token without a patient:
 * a client's own token ({@code client_credentials}) and a direct grant (if an administrator enables it).
 */
@KeycloakIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientContextOrNothingIT {

    private static final String CLIENT = "patient-context-test";
    private static final String SECRET = "patient-context-secret";

    private KeycloakServer server;
    private String clientId;

    @BeforeAll
    void client(KeycloakServer server, AdminApi admin) {
        this.server = server;
        ObjectNode client = Http.JSON.createObjectNode();
        client.put("clientId", CLIENT).put("enabled", true).put("protocol", "openid-connect").put("publicClient", false)
                .put("secret", SECRET).put("serviceAccountsEnabled", true).put("directAccessGrantsEnabled", true)
                .put("standardFlowEnabled", false).put("fullScopeAllowed", false);
        client.putArray("defaultClientScopes").add("basic").add("smart-context");
        client.putArray("optionalClientScopes").add("patient/*.read").add("user/*.read").add("launch/patient")
                .add("system/*.read").add("fhirUser");
        HttpResponse<String> created = admin.postJson("/realms/payer/clients", client);
        assertEquals(201, created.statusCode(), created.body());
        clientId = admin.getJson("/realms/payer/clients?clientId=" + CLIENT).get(0).get("id").asText();
    }

    @AfterAll
    void remove(AdminApi admin) {
        if (clientId != null) {
            admin.delete("/realms/payer/clients/" + clientId);
        }
    }

    private HttpResponse<String> token(Map<String, String> form) {
        return Http.postForm(server.realmUrl("payer") + "/protocol/openid-connect/token", form,
                "Authorization", SmartLaunch.basic(CLIENT, SECRET));
    }

    private static void invalidScope(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_scope", Http.json(response).get("error").asText());
        assertTrue(Http.json(response).get("error_description").asText().length() > 20, response.body());
        assertFalse(response.body().contains("access_token"));
    }

    @Test
    void aClientCredentialsTokenWithPatientOrUserScopesIsInvalidScope() {
        invalidScope(token(Map.of("grant_type", "client_credentials", "scope", "patient/*.read")));
        invalidScope(token(Map.of("grant_type", "client_credentials", "scope", "user/*.read")));
        invalidScope(token(Map.of("grant_type", "client_credentials", "scope", "launch/patient")));
    }

    @Test
    void aClientCredentialsTokenWithSystemScopesOrNoneIsIssued() {
        HttpResponse<String> system = token(Map.of("grant_type", "client_credentials", "scope", "system/*.read"));
        assertEquals(200, system.statusCode(), system.body());
        HttpResponse<String> plain = token(Map.of("grant_type", "client_credentials"));
        assertEquals(200, plain.statusCode(), plain.body());
    }

    @Test
    void aDirectGrantSkipsThePickerSoPatientScopesAreInvalidScopeButUserScopesAreIssued() {
        invalidScope(token(Map.of("grant_type", "password", "username", "alice", "password", "alice",
                "scope", "openid patient/*.read")));
        HttpResponse<String> user = token(Map.of("grant_type", "password", "username", "alice", "password", "alice",
                "scope", "openid fhirUser user/*.read"));
        assertEquals(200, user.statusCode(), user.body());
        assertFalse(Http.json(user).has("patient"));
    }

    @Test
    void aClientWithoutTheSmartContextScopeGetsNoSmartScopesUnchecked(AdminApi admin) {
        // Security review 2, L6: the SMART checks live in the smart-context scope's mappers; without them, no SMART token.
        String bare = CLIENT + "-without-smart-context";
        ObjectNode client = Http.JSON.createObjectNode();
        client.put("clientId", bare).put("enabled", true).put("protocol", "openid-connect").put("publicClient", false)
                .put("secret", SECRET).put("serviceAccountsEnabled", true).put("directAccessGrantsEnabled", true)
                .put("standardFlowEnabled", false).put("fullScopeAllowed", false);
        client.putArray("defaultClientScopes").add("basic");
        client.putArray("optionalClientScopes").add("user/*.read").add("system/*.read").add("fhirUser");
        HttpResponse<String> created = admin.postJson("/realms/payer/clients", client);
        assertEquals(201, created.statusCode(), created.body());
        String id = admin.getJson("/realms/payer/clients?clientId=" + bare).get(0).get("id").asText();
        try {
            String tokenUrl = server.realmUrl("payer") + "/protocol/openid-connect/token";
            String auth = SmartLaunch.basic(bare, SECRET);
            HttpResponse<String> system = Http.postForm(tokenUrl,
                    Map.of("grant_type", "client_credentials", "scope", "system/*.read"), "Authorization", auth);
            invalidScope(system);
            assertTrue(Http.json(system).get("error_description").asText().contains("smart-context"), system.body());
            invalidScope(Http.postForm(tokenUrl, Map.of("grant_type", "password", "username", "alice", "password", "alice",
                    "scope", "openid fhirUser user/*.read"), "Authorization", auth));
            HttpResponse<String> plain = Http.postForm(tokenUrl, Map.of("grant_type", "client_credentials"), "Authorization", auth);
            assertEquals(200, plain.statusCode(), "tokens without SMART scopes are Keycloak's business: " + plain.body());
        } finally {
            admin.delete("/realms/payer/clients/" + id);
        }
    }
}
