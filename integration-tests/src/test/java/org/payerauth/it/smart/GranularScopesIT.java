package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.Jwt;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * SMART v2 granular scopes, replaying the requests of ONC's (g)(10) kit: the US Core fine-grained scope groups
 * ({@code us_core_v700_smart_granular_scopes_1} and {@code _2}, the g10 kit's "SMART Granular Scopes 1/2") ask for
 * category scopes directly; "SMART Granular Scope Selection" ({@code g10_smart_granular_scope_selection}, 9.15) asks
 * for {@code patient/Condition.rs patient/Observation.rs patient/Patient.rs} and the member picks categories on the
 * consent page instead. Granted strings travel verbatim in the token response, the access token and introspection;
 * refresh only narrows; a granular scope whose base the app may not have, or with a parameter the realm does not
 * offer, is {@code invalid_scope}.
 */
@KeycloakIT
class GranularScopesIT {

    static final String CONDITION = "http://terminology.hl7.org/CodeSystem/condition-category";
    static final String OBSERVATION = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final List<String> GROUP_1 = List.of(
            "patient/Condition.rs?category=" + CONDITION + "|encounter-diagnosis",
            "patient/Condition.rs?category=http://hl7.org/fhir/us/core/CodeSystem/condition-category|health-concern",
            "patient/Observation.rs?category=" + OBSERVATION + "|laboratory",
            "patient/Observation.rs?category=" + OBSERVATION + "|social-history");
    static final List<String> GROUP_2 = List.of(
            "patient/Condition.rs?category=" + CONDITION + "|problem-list-item",
            "patient/Observation.rs?category=" + OBSERVATION + "|vital-signs",
            "patient/Observation.rs?category=" + OBSERVATION + "|survey",
            "patient/Observation.rs?category=http://hl7.org/fhir/us/core/CodeSystem/us-core-category|sdoh");
    static final String BASE = "launch/patient openid fhirUser offline_access patient/Patient.rs";

    private static Set<String> scopes(String scope) {
        return new LinkedHashSet<>(Arrays.asList(scope.split(" ")));
    }

    private static SmartLaunch launch(KeycloakServer server, String scope) {
        return new SmartLaunch(server, SmartLaunch.App.CONFIDENTIAL, new Browser()).pick("alice-1001").param("scope", scope);
    }

    @ParameterizedTest(name = "granular scopes group {0}")
    @ValueSource(ints = {1, 2})
    void usCoreGranularScopeGroups_areGrantedVerbatim_inTheResponseTheTokenAndIntrospection(int group, KeycloakServer server) {
        List<String> granular = group == 1 ? GROUP_1 : GROUP_2;
        SmartLaunch launch = launch(server, BASE + " " + String.join(" ", granular));
        JsonNode token = launch.launch("alice");
        Set<String> granted = scopes(token.get("scope").asText());
        assertTrue(granted.containsAll(granular), "token response scope: " + granted);
        assertFalse(granted.contains("patient/Observation.rs") || granted.contains("patient/Condition.rs"),
                "no resource-level scope was asked for: " + granted);
        assertTrue(scopes(Jwt.claims(token.get("access_token").asText()).get("scope").asText()).containsAll(granular),
                "the access token's scope claim");
        JsonNode introspected = launch.introspect(token.get("access_token").asText());
        assertTrue(introspected.get("active").asBoolean());
        assertTrue(scopes(introspected.get("scope").asText()).containsAll(granular), "introspection: " + introspected);
        assertTrue(launch.consentPage != null && launch.consentPage.contains(group == 1 ? "lab results" : "vital signs"),
                "the consent page names the category in plain words");

        // refresh narrows to one category; it never widens to the whole resource type
        String one = granular.get(granular.size() - 1);
        HttpResponse<String> narrowed = launch.refresh(token.get("refresh_token").asText(), "launch/patient openid " + one);
        assertEquals(200, narrowed.statusCode(), narrowed.body());
        Set<String> narrowedScopes = scopes(Http.json(narrowed).get("scope").asText());
        assertTrue(narrowedScopes.contains(one) && narrowedScopes.stream().noneMatch(s -> s.contains("?") && !s.equals(one)),
                narrowedScopes.toString());
        HttpResponse<String> widened = launch.refresh(Http.json(narrowed).get("refresh_token").asText(),
                "launch/patient openid patient/Observation.rs");
        if (widened.statusCode() == 200) { // Keycloak drops a scope that was not granted (as for any scope)
            Set<String> kept = scopes(Http.json(widened).get("scope").asText());
            assertFalse(kept.contains("patient/Observation.rs") || kept.stream().anyMatch(s -> s.contains("?")), kept.toString());
        } else {
            assertEquals("invalid_scope", Http.json(widened).get("error").asText(), widened.body());
        }
    }

    @Test
    void granularScopeSelection_theMemberSharesCategoriesInsteadOfWholeResourceTypes(KeycloakServer server, AdminApi admin) {
        SmartLaunch launch = launch(server, BASE + " patient/Condition.rs patient/Observation.rs");
        launch.withheld.add("patient/Condition.rs");
        launch.withheld.add("patient/Observation.rs");
        List<String> chosen = new java.util.ArrayList<>(GROUP_1);
        chosen.addAll(GROUP_2);
        chosen.add("patient/Observation.rs?category=" + OBSERVATION + "|procedure");
        chosen.forEach(scope -> launch.consentExtras.put("scope." + scope, "on"));
        launch.consentExtras.put("scope.patient/Observation.rs?category=" + OBSERVATION + "|not-offered", "on");
        JsonNode token = launch.launch("alice");
        Set<String> granted = scopes(token.get("scope").asText());
        assertTrue(granted.containsAll(chosen), "all nine HTI-1 sub-resource scopes: " + granted);
        assertTrue(granted.contains("patient/Patient.rs"), "the resource-level Patient scope");
        assertFalse(granted.contains("patient/Condition.rs") || granted.contains("patient/Observation.rs"), granted.toString());
        assertFalse(granted.stream().anyMatch(s -> s.contains("not-offered")), "only offered parts can be added");
        assertTrue(scopes(Jwt.claims(token.get("access_token").asText()).get("scope").asText()).containsAll(chosen));
        String page = launch.consentPage;
        for (String words : List.of("diagnoses from visits", "problem list", "health concerns", "clinical test results", "lab results",
                "social history", "social needs", "questionnaire answers", "vital signs")) {
            assertTrue(page.contains(words), "sub-resource scope offered: " + words);
        }
        JsonNode events = admin.getJson("/realms/payer/events?type=LOGIN&client=smart-demo-confidential&max=5");
        assertTrue(events.toString().contains("smart_scopes_narrowed"), "the choice is recorded: " + events);
    }

    @Test
    void aGranularScopeWhoseBaseTheAppMayNotHave_orWithAParameterNotOffered_isInvalidScope(KeycloakServer server, AdminApi admin) {
        String lab = GROUP_1.get(2);
        String code = "patient/Observation.rs?code=http://loinc.org|4548-4";
        String clientId = "granular-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode labScope = scopeNamed(admin, lab);
        assertEquals(201, admin.postJson("/realms/payer/client-scopes", Map.of("name", code, "protocol", "openid-connect",
                "attributes", Map.of("include.in.token.scope", "true", "display.on.consent.screen", "true",
                        "consent.screen.text", "Read and search one lab test of the member you choose"))).statusCode());
        JsonNode codeScope = scopeNamed(admin, code);
        assertEquals(201, admin.postJson("/realms/payer/clients", Map.of("clientId", clientId, "publicClient", true,
                "redirectUris", List.of(SmartLaunch.REDIRECT_URI), "consentRequired", true,
                "defaultClientScopes", List.of("basic", "smart-context"),
                "optionalClientScopes", List.of("launch/patient", "patient/Coverage.rs"),
                "attributes", Map.of("pkce.code.challenge.method", "S256"))).statusCode());
        String internal = admin.getJson("/realms/payer/clients?clientId=" + clientId).get(0).get("id").asText();
        try {
            // an admin attached the lab scope to an app that may read coverage only
            assertEquals(204, admin.putJson("/realms/payer/clients/" + internal + "/optional-client-scopes/"
                    + labScope.get("id").asText(), Map.of()).statusCode());
            SmartLaunch noBase = new SmartLaunch(server, new SmartLaunch.App(clientId, null), new Browser())
                    .param("scope", "launch/patient openid " + lab);
            SmartLaunch.Redirect refused = noBase.run("alice");
            assertEquals("invalid_scope", refused.error(), refused.url());
            assertTrue(refused.params().get("error_description").contains("narrows patient/Observation.rs"), refused.url());

            // with the resource-level scope, a parameter the realm does not offer is refused, until it offers it
            assertEquals(204, admin.putJson("/realms/payer/clients/" + internal + "/optional-client-scopes/"
                    + scopeNamed(admin, "patient/*.rs").get("id").asText(), Map.of()).statusCode());
            assertEquals(204, admin.putJson("/realms/payer/clients/" + internal + "/optional-client-scopes/"
                    + codeScope.get("id").asText(), Map.of()).statusCode());
            SmartLaunch.Redirect codeRefused = new SmartLaunch(server, new SmartLaunch.App(clientId, null), new Browser())
                    .param("scope", "launch/patient openid " + code).run("alice");
            assertEquals("invalid_scope", codeRefused.error(), codeRefused.url());
            assertTrue(codeRefused.params().get("error_description").contains("'code'"), codeRefused.url());
            RealmAttributes.with(admin, "smart.granularScopeParameters", "category code", () -> {
                SmartLaunch allowed = new SmartLaunch(server, new SmartLaunch.App(clientId, null), new Browser())
                        .pick("alice-1001").param("scope", "launch/patient openid " + code);
                JsonNode token = allowed.launch("alice");
                assertTrue(scopes(token.get("scope").asText()).contains(code), token.toString());
            });
        } finally {
            admin.delete("/realms/payer/clients/" + internal);
            admin.delete("/realms/payer/client-scopes/" + codeScope.get("id").asText());
        }
    }

    private static JsonNode scopeNamed(AdminApi admin, String name) {
        for (JsonNode scope : admin.getJson("/realms/payer/client-scopes")) {
            if (scope.get("name").asText().equals(name)) {
                return scope;
            }
        }
        throw new AssertionError("no client scope " + name);
    }
}
