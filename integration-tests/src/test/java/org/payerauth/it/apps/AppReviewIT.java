package org.payerauth.it.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.payerauth.it.smart.SmartLaunch;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * The payer's approval step (app vetting): with {@code payer.apps.reviewRequired} on, a client an administrator
 * creates waits for review: its launch stops with a page saying so, and no grant gets a token
 * ({@code unauthorized_client}); approving it (an admin event) lets it work; revoking needs a reason and stops it
 * again; decisions that do not apply are refused. Apps that existed before the switch keep working.
 */
@KeycloakIT
class AppReviewIT {

    private static final String REVIEW = "/realms/payer/app-review/";

    private static void reviewRequired(AdminApi admin, boolean on) {
        ObjectNode realm = admin.getJson("/realms/payer").deepCopy();
        ((ObjectNode) realm.get("attributes")).put("payer.apps.reviewRequired", String.valueOf(on));
        assertEquals(204, admin.putJson("/realms/payer", realm).statusCode());
    }

    private static HttpResponse<String> clientCredentials(KeycloakServer server, String clientId) {
        return Http.postForm(server.realmUrl("payer") + "/protocol/openid-connect/token",
                Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", "review-secret"));
    }

    private static HttpResponse<String> decide(AdminApi admin, String clientId, String decision, String reason) {
        return admin.postJson(REVIEW + clientId, reason == null ? Map.of("decision", decision)
                : Map.of("decision", decision, "reason", reason));
    }

    @Test
    void aNewAppWaitsForReview_approvalLetsItWork_revocationStopsIt(KeycloakServer server, AdminApi admin) {
        String clientId = "review-" + UUID.randomUUID().toString().substring(0, 8);
        reviewRequired(admin, true);
        try {
            HttpResponse<String> created = admin.postJson("/realms/payer/clients", Map.of("clientId", clientId,
                    "publicClient", false, "secret", "review-secret", "serviceAccountsEnabled", true,
                    "standardFlowEnabled", true, "consentRequired", true,
                    "redirectUris", List.of(SmartLaunch.REDIRECT_URI),
                    "defaultClientScopes", List.of("basic", "smart-context"),
                    "optionalClientScopes", List.of("launch/patient", "patient/Coverage.rs"),
                    "attributes", Map.of("pkce.code.challenge.method", "S256")));
            assertEquals(201, created.statusCode(), created.body());
            JsonNode view = admin.getJson(REVIEW + clientId);
            assertEquals("pending", view.get("state").asText());
            assertEquals(0, view.get("certifications").size(), view.toString());
            assertFalse(view.get("privacy").get("attested").asBoolean(), view.toString());
            assertTrue(view.get("privacy").get("notice").asText().contains("has not told your health plan"), view.toString());
            JsonNode waiting = admin.getJson(REVIEW);
            assertTrue(waiting.get("reviewRequired").asBoolean());
            assertTrue(waiting.toString().contains(clientId), "listed as waiting for review");

            // no token of any grant, and a launch stops with a page
            HttpResponse<String> refused = clientCredentials(server, clientId);
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("unauthorized_client", Http.json(refused).get("error").asText());
            assertTrue(Http.json(refused).get("error_description").asText().contains("waiting for the health plan's review"));
            SmartLaunch launch = new SmartLaunch(server, new SmartLaunch.App(clientId, "review-secret"), new Browser())
                    .param("scope", "launch/patient openid patient/Coverage.rs");
            HttpResponse<String> page = launch.browser.submit(launch.authorize(), Map.of("username", "alice", "password", "alice"));
            assertEquals(403, page.statusCode(), page.body());
            assertTrue(page.body().contains("waiting for the health plan") && page.body().contains("review"), page.body());

            // an app from before the switch is not affected
            assertEquals("alice-1001", new SmartLaunch(server, SmartLaunch.App.CONFIDENTIAL, new Browser()).launch("alice")
                    .get("patient").asText());

            // approve: an admin event; then it works
            HttpResponse<String> approved = decide(admin, clientId, "approve", null);
            assertEquals(200, approved.statusCode(), approved.body());
            assertEquals("approved", Http.json(approved).get("state").asText());
            assertEquals(server.adminUsername(), Http.json(approved).get("changedByUsername").asText(), approved.body());
            JsonNode events = admin.getJson("/realms/payer/admin-events?resourceTypes=CLIENT&operationTypes=ACTION&max=20");
            assertTrue(events.toString().contains("app-review"), "the decision is an admin event: " + events);
            assertEquals(200, clientCredentials(server, clientId).statusCode());
            JsonNode token = new SmartLaunch(server, new SmartLaunch.App(clientId, "review-secret"), new Browser())
                    .param("scope", "launch/patient openid patient/Coverage.rs").launch("alice");
            assertEquals("alice-1001", token.get("patient").asText());

            // decisions that do not apply, and a revocation without a reason, change nothing
            assertEquals(409, decide(admin, clientId, "reject", "x").statusCode(), "reject applies to pending apps");
            assertEquals(400, decide(admin, clientId, "revoke", null).statusCode(), "a reason is required");
            assertEquals(400, decide(admin, clientId, "delete", "x").statusCode());
            assertEquals(404, decide(admin, "no-such-app", "approve", null).statusCode());
            assertEquals("approved", admin.getJson(REVIEW + clientId).get("state").asText());

            // revoke: it stops at once, refresh included
            HttpResponse<String> revoked = decide(admin, clientId, "revoke", "Leaked member data (incident 42)");
            assertEquals(200, revoked.statusCode(), revoked.body());
            assertEquals("Leaked member data (incident 42)", Http.json(revoked).get("reason").asText());
            assertEquals(400, clientCredentials(server, clientId).statusCode());
            HttpResponse<String> refresh = Http.postForm(server.realmUrl("payer") + "/protocol/openid-connect/token",
                    Map.of("grant_type", "refresh_token", "refresh_token", token.get("refresh_token").asText(),
                            "client_id", clientId, "client_secret", "review-secret"));
            assertEquals(400, refresh.statusCode(), refresh.body());
            assertEquals("unauthorized_client", Http.json(refresh).get("error").asText());
        } finally {
            reviewRequired(admin, false);
            JsonNode found = admin.getJson("/realms/payer/clients?clientId=" + clientId);
            if (found.size() == 1) {
                admin.delete("/realms/payer/clients/" + found.get(0).get("id").asText());
            }
        }
    }

    @Test
    void withTheSwitchOff_newAppsAreNotHeld(AdminApi admin) {
        String clientId = "no-review-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, admin.postJson("/realms/payer/clients", Map.of("clientId", clientId, "publicClient", true)).statusCode());
        try {
            assertEquals("approved", admin.getJson(REVIEW + clientId).get("state").asText());
            assertTrue(!admin.getJson(REVIEW).toString().contains(clientId));
        } finally {
            admin.delete("/realms/payer/clients/" + admin.getJson("/realms/payer/clients?clientId=" + clientId).get(0).get("id").asText());
        }
    }
}
