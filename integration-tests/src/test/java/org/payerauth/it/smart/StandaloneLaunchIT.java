package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.Jwt;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * The SMART standalone patient launch end to end over HTTP, for each demo member of realm-export: login, patient
 * picker, consent, code exchange, token contents, refresh, introspection, and the launch-context isolation rules.
 */
@KeycloakIT
class StandaloneLaunchIT {

    private static SmartLaunch launch(KeycloakServer server) {
        return new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser());
    }

    @Test
    void memberWithOnePatient_isLaunchedWithoutAPicker(KeycloakServer server) {
        SmartLaunch launch = launch(server);
        HttpResponse<String> token = launch.exchange(launch.run("alice").code());
        assertFalse(launch.pagesSeen.toString().contains("picker"), launch.pagesSeen.toString());
        assertEquals(200, token.statusCode(), token.body());
        assertEquals("no-store", token.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("no-cache", token.headers().firstValue("Pragma").orElse(""));

        JsonNode body = Http.json(token);
        assertEquals("alice-1001", body.get("patient").asText());
        assertTrue(body.get("need_patient_banner").asBoolean());
        assertEquals("Bearer", body.get("token_type").asText());
        assertTrue(body.get("expires_in").asInt() > 0 && body.get("expires_in").asInt() <= 3600);
        Set<String> scope = Set.of(body.get("scope").asText().split(" "));
        assertTrue(scope.containsAll(List.of("openid", "fhirUser", "launch/patient", "offline_access", "patient/*.read")), scope.toString());
        assertTrue(body.hasNonNull("refresh_token"));
        assertFalse(body.has("smart_style_url"), "not configured in the demo realm");

        JsonNode access = Jwt.claims(body.get("access_token").asText());
        assertEquals("alice-1001", access.get("patient").asText());
        assertEquals(server.realmUrl("payer"), access.get("aud").asText(), "aud = the validated FHIR base URL only");

        JsonNode idHeader = Jwt.header(body.get("id_token").asText());
        JsonNode id = Jwt.claims(body.get("id_token").asText());
        assertEquals("RS256", idHeader.get("alg").asText());
        assertEquals(server.realmUrl("payer") + "/Patient/alice-1001", id.get("fhirUser").asText());
        assertEquals("smart-demo-public", id.get("aud").asText());
    }

    @Test
    void representative_picksOneOfThreePatients(KeycloakServer server) {
        SmartLaunch launch = launch(server).pick("mona-2003");
        HttpResponse<String> first = launch.authorize();
        HttpResponse<String> picker = launch.browser.submit(first, Map.of("username", "rita", "password", "rita"));
        assertTrue(picker.body().contains("id=\"smart-patient-picker\""), picker.body());
        for (String shown : List.of("Rita Representative", "Kim Representative", "Mona Representative", "1946-10-04")) {
            assertTrue(picker.body().contains(shown), "picker shows " + shown);
        }
        JsonNode token = launch.launch("rita");
        assertEquals("mona-2003", token.get("patient").asText());
        assertEquals("mona-2003", Jwt.claims(token.get("access_token").asText()).get("patient").asText());
        assertEquals(server.realmUrl("payer") + "/RelatedPerson/rita-rp-2001",
                Jwt.claims(token.get("id_token").asText()).get("fhirUser").asText());
    }

    @Test
    void userWithoutPatient_getsAccessDeniedAtTheApp(KeycloakServer server) {
        SmartLaunch launch = launch(server);
        SmartLaunch.Redirect redirect = launch.run("victor");
        assertEquals("access_denied", redirect.error());
        assertNull(redirect.code());
        assertEquals(launch.params.get("state"), redirect.params().get("state"));
        assertEquals(server.realmUrl("payer"), redirect.params().get("iss"));
    }

    @Test
    void tamperedPatientId_selectsNothingAndThePickerIsShownAgain(KeycloakServer server) {
        SmartLaunch launch = launch(server);
        HttpResponse<String> picker = launch.browser.submit(launch.authorize(), Map.of("username", "rita", "password", "rita"));
        assertTrue(picker.body().contains("id=\"smart-patient-picker\""));
        // alice-1001 is a real patient, but not one rita may act for
        HttpResponse<String> again = launch.browser.submit(picker, Map.of("patient", "alice-1001"));
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("id=\"smart-patient-picker\""), "picker shown again");
        assertTrue(again.body().contains("Choose one of the members listed"), "with an error");
        launch.pick("kim-2002");
        SmartLaunch.Redirect redirect = launch.run("rita", l -> l.browser.submit(again, Map.of("patient", "kim-2002")));
        JsonNode token = Http.json(launch.exchange(redirect.code()));
        assertEquals("kim-2002", token.get("patient").asText());
    }

    @Test
    void cancellingThePicker_givesAccessDenied(KeycloakServer server) {
        SmartLaunch launch = launch(server);
        HttpResponse<String> picker = launch.browser.submit(launch.authorize(), Map.of("username", "rita", "password", "rita"));
        HttpResponse<String> cancelled = launch.browser.submit(picker, Map.of("cancel", "Cancel"));
        assertEquals(302, cancelled.statusCode());
        assertEquals("access_denied", org.payerauth.it.support.QueryString.of(
                cancelled.headers().firstValue("Location").orElseThrow()).get("error"));
    }

    @Test
    void patientScopeWithoutLaunchPatient_stillEstablishesAPatient(KeycloakServer server) {
        SmartLaunch launch = launch(server).param("scope", "openid patient/Coverage.rs");
        JsonNode token = launch.launch("alice");
        assertEquals("alice-1001", token.get("patient").asText());
    }

    @Test
    void userScopesOnly_haveNoPatientContext(KeycloakServer server) {
        SmartLaunch launch = launch(server).param("scope", "openid fhirUser user/Coverage.read");
        JsonNode token = launch.launch("rita");
        assertFalse(launch.pagesSeen.toString().contains("picker"));
        assertFalse(token.has("patient"));
        assertFalse(Jwt.claims(token.get("access_token").asText()).has("patient"));
    }

    @Test
    void consentPageShowsAppPatientAndPlainScopes_andDenyGivesAccessDenied(KeycloakServer server) {
        SmartLaunch launch = launch(server).param("prompt", "consent");
        HttpResponse<String> consent = launch.browser.submit(launch.authorize(), Map.of("username", "alice", "password", "alice"));
        assertTrue(consent.body().contains("id=\"smart-consent\""), consent.body());
        assertTrue(consent.body().contains("SMART demo app (public)"));
        assertTrue(consent.body().contains("Member: Alice Member"));
        assertTrue(consent.body().contains("Read all health plan records of the member you choose"));
        HttpResponse<String> denied = launch.browser.submit(consent, Map.of("cancel", "Deny"));
        assertEquals(302, denied.statusCode());
        Map<String, String> params = org.payerauth.it.support.QueryString.of(denied.headers().firstValue("Location").orElseThrow());
        assertEquals("access_denied", params.get("error"));
        assertNull(params.get("code"));
    }

    @Test
    void refresh_withAndWithoutScope_keepsTheLaunchContext(KeycloakServer server) {
        SmartLaunch launch = launch(server).pick("kim-2002").param("scope", "launch/patient openid fhirUser patient/*.read");
        JsonNode token = launch.launch("rita");

        HttpResponse<String> refreshed = launch.refresh(token.get("refresh_token").asText(), null);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals("no-store", refreshed.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("no-cache", refreshed.headers().firstValue("Pragma").orElse(""));
        JsonNode r1 = Http.json(refreshed);
        assertEquals("kim-2002", r1.get("patient").asText());
        assertEquals("kim-2002", Jwt.claims(r1.get("access_token").asText()).get("patient").asText());
        assertEquals(Set.of(token.get("scope").asText().split(" ")), Set.of(r1.get("scope").asText().split(" ")));
        assertTrue(r1.get("expires_in").asInt() > 0);
        assertEquals("Bearer", r1.get("token_type").asText());

        HttpResponse<String> narrowed = launch.refresh(r1.get("refresh_token").asText(), "openid launch/patient patient/*.read");
        assertEquals(200, narrowed.statusCode(), narrowed.body());
        JsonNode r2 = Http.json(narrowed);
        Set<String> scope = Set.of(r2.get("scope").asText().split(" "));
        assertTrue(scope.containsAll(List.of("launch/patient", "patient/*.read")), scope.toString());
        assertFalse(scope.contains("fhirUser"), "narrowed: " + scope);
        assertEquals(scope, Set.of(Jwt.claims(r2.get("access_token").asText()).get("scope").asText().split(" ")));
        assertEquals("kim-2002", r2.get("patient").asText());
    }

    @Test
    void offlineRefresh_withScope_narrowsTheTokenAndTheResponseScope(KeycloakServer server) {
        SmartLaunch launch = launch(server).pick("mona-2003");
        JsonNode token = launch.launch("rita");
        assertEquals("Offline", Jwt.claims(token.get("refresh_token").asText()).get("typ").asText());
        HttpResponse<String> narrowed = launch.refresh(token.get("refresh_token").asText(),
                "openid offline_access launch/patient patient/*.read");
        assertEquals(200, narrowed.statusCode(), narrowed.body());
        JsonNode r = Http.json(narrowed);
        Set<String> accessScope = Set.of(Jwt.claims(r.get("access_token").asText()).get("scope").asText().split(" "));
        assertFalse(accessScope.contains("fhirUser"), "access token narrowed: " + accessScope);
        assertEquals(accessScope, Set.of(r.get("scope").asText().split(" ")), "response scope = the issued token's scope");
        assertEquals("mona-2003", r.get("patient").asText());
    }

    @Test
    void refresh_askingForMoreThanWasGranted_neverWidens(KeycloakServer server) {
        SmartLaunch launch = launch(server).pick("kim-2002").param("scope", "launch/patient openid patient/*.read");
        JsonNode token = launch.launch("rita");
        Set<String> granted = Set.of(token.get("scope").asText().split(" "));
        assertFalse(granted.contains("fhirUser"), granted.toString());

        HttpResponse<String> refreshed = launch.refresh(token.get("refresh_token").asText(),
                "openid launch/patient patient/*.read fhirUser offline_access");
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        JsonNode r = Http.json(refreshed);
        Set<String> scope = Set.of(r.get("scope").asText().split(" "));
        assertTrue(granted.containsAll(scope), "refresh widened " + granted + " to " + scope);
        assertFalse(scope.contains("fhirUser") || scope.contains("offline_access"), scope.toString());
        assertEquals(scope, Set.of(Jwt.claims(r.get("access_token").asText()).get("scope").asText().split(" ")));
        assertEquals("Refresh", Jwt.claims(r.get("refresh_token").asText()).get("typ").asText(), "no offline grant by refresh");
    }

    @Test
    void introspection_returnsTheSmartFields(KeycloakServer server) {
        SmartLaunch launch = launch(server);
        JsonNode token = launch.launch("alice");
        HttpResponse<String> response = Http.postForm(launch.endpoint("token/introspect"),
                Map.of("token", token.get("access_token").asText()),
                "Authorization", SmartLaunch.basic("fhir-server", "fhir-server-secret"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode info = Http.json(response);
        assertTrue(info.get("active").asBoolean());
        assertEquals(Set.of(token.get("scope").asText().split(" ")), Set.of(info.get("scope").asText().split(" ")));
        assertEquals("smart-demo-public", info.get("client_id").asText());
        assertTrue(info.get("exp").asLong() > System.currentTimeMillis() / 1000);
        assertEquals("alice-1001", info.get("patient").asText());
        JsonNode id = Jwt.claims(token.get("id_token").asText());
        assertEquals(id.get("iss").asText(), info.get("iss").asText());
        assertEquals(id.get("sub").asText(), info.get("sub").asText());
        assertEquals(server.realmUrl("payer") + "/Patient/alice-1001", info.get("fhirUser").asText());
        JsonNode tokenAud = Jwt.claims(token.get("access_token").asText()).get("aud");
        assertEquals(tokenAud, info.get("aud"), "introspection returns the token's FHIR aud");
        assertTrue(tokenAud.toString().contains("\"" + launch.params.get("aud") + "\""), tokenAud.toString());

        HttpResponse<String> invalid = Http.postForm(launch.endpoint("token/introspect"), Map.of("token", "not-a-token"),
                "Authorization", SmartLaunch.basic("fhir-server", "fhir-server-secret"));
        assertEquals(200, invalid.statusCode());
        assertFalse(Http.json(invalid).get("active").asBoolean());
    }

    @Test
    void twoAppsInOneSsoSession_keepTheirOwnPatient(KeycloakServer server) {
        // Online scopes: Keycloak ends an SSO session that was created only for offline access after the code
        // exchange, so an offline first launch would not leave an SSO session to share.
        String scope = "launch/patient openid fhirUser patient/*.read";
        Browser browser = new Browser();
        SmartLaunch appA = new SmartLaunch(server, SmartLaunch.App.PUBLIC, browser).pick("kim-2002").param("scope", scope);
        SmartLaunch appB = new SmartLaunch(server, SmartLaunch.App.CONFIDENTIAL, browser).pick("mona-2003").param("scope", scope);
        JsonNode a = appA.launch("rita");
        JsonNode b = appB.launch("rita");
        assertFalse(appB.pagesSeen.toString().contains("login"), "app B rode on the SSO session: " + appB.pagesSeen);
        assertTrue(appB.pagesSeen.toString().contains("picker"), "the picker also runs on SSO-cookie logins");
        assertEquals("kim-2002", a.get("patient").asText());
        assertEquals("mona-2003", b.get("patient").asText());
        assertEquals(Jwt.claims(a.get("access_token").asText()).get("sid").asText(),
                Jwt.claims(b.get("access_token").asText()).get("sid").asText(), "one SSO session");

        JsonNode aRefreshed = Http.json(appA.refresh(a.get("refresh_token").asText(), null));
        JsonNode bRefreshed = Http.json(appB.refresh(b.get("refresh_token").asText(), null));
        assertEquals("kim-2002", aRefreshed.get("patient").asText());
        assertEquals("mona-2003", bRefreshed.get("patient").asText());
    }

    @Test
    void refreshAfterTheMemberLostThePatientLink_isRefused(KeycloakServer server, AdminApi admin) {
        String member = Members.create(admin, "RelatedPerson/rp-lost-1",
                List.of("lost-1|Lost One|2000-01-01", "kept-2|Kept Two|2002-02-02"));
        SmartLaunch launch = launch(server).pick("lost-1");
        JsonNode token = launch.launch(member);
        assertEquals("lost-1", token.get("patient").asText());

        JsonNode before = introspect(launch, token.get("access_token").asText(), null);
        assertTrue(before.get("active").asBoolean(), before.toString());
        assertEquals("lost-1", before.get("patient").asText());

        Members.setPatients(admin, member, List.of("kept-2|Kept Two|2002-02-02"));
        HttpResponse<String> refused = launch.refresh(token.get("refresh_token").asText(), null);
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("invalid_grant", Http.json(refused).get("error").asText());

        // SMART token introspection: the FHIR server learns at once that the token no longer stands; nothing else leaks.
        JsonNode access = introspect(launch, token.get("access_token").asText(), null);
        assertEquals(Http.JSON.createObjectNode().put("active", false), access, access.toString());
    }

    private static JsonNode introspect(SmartLaunch launch, String token, String hint) {
        Map<String, String> form = hint == null ? Map.of("token", token) : Map.of("token", token, "token_type_hint", hint);
        HttpResponse<String> response = Http.postForm(launch.endpoint("token/introspect"), form,
                "Authorization", SmartLaunch.basic("fhir-server", "fhir-server-secret"));
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    @Test
    void secondOfflineLaunchWithAnotherPatient_updatesTheOfflineContext(KeycloakServer server) {
        Browser browser = new Browser();
        // An ordinary (online) sign-in first, so that the SSO session outlives the offline launches below.
        new SmartLaunch(server, SmartLaunch.App.PUBLIC, browser).pick("rita-2001")
                .param("scope", "launch/patient openid").launch("rita");

        SmartLaunch first = new SmartLaunch(server, SmartLaunch.App.CONFIDENTIAL, browser).pick("kim-2002");
        JsonNode firstToken = first.launch("rita");
        assertEquals("Offline", Jwt.claims(firstToken.get("refresh_token").asText()).get("typ").asText());
        assertEquals("kim-2002", firstToken.get("patient").asText());

        pauseASecond(); // Keycloak's token times are in seconds: the relaunch must be later than the first tokens
        SmartLaunch second = new SmartLaunch(server, SmartLaunch.App.CONFIDENTIAL, browser).pick("mona-2003");
        JsonNode secondToken = second.launch("rita");
        assertFalse(second.pagesSeen.toString().contains("login"), "same SSO session: " + second.pagesSeen);
        assertEquals("mona-2003", secondToken.get("patient").asText());

        // The first launch's offline refresh token never meets the second launch's patient.
        HttpResponse<String> firstRefresh = first.refresh(firstToken.get("refresh_token").asText(), null);
        assertEquals(400, firstRefresh.statusCode(), firstRefresh.body());
        assertEquals("invalid_grant", Http.json(firstRefresh).get("error").asText());

        // Keycloak keeps one offline client session per SSO session and app; it must now carry the new patient.
        HttpResponse<String> refreshed = second.refresh(secondToken.get("refresh_token").asText(), null);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        JsonNode r = Http.json(refreshed);
        assertEquals("mona-2003", r.get("patient").asText());
        assertEquals("mona-2003", Jwt.claims(r.get("access_token").asText()).get("patient").asText());
    }

    @Test
    void confidentialApp_authenticatesWithBasic(KeycloakServer server) {
        SmartLaunch launch = new SmartLaunch(server, SmartLaunch.App.CONFIDENTIAL, new Browser());
        JsonNode token = launch.launch("alice");
        assertEquals("alice-1001", token.get("patient").asText());
        assertEquals("smart-demo-confidential", Jwt.claims(token.get("access_token").asText()).get("azp").asText());
    }

    @Test
    void sameAppLaunchedAgainForAnotherPatient_theFirstLaunchsRefreshTokenFailsAndNeverGetsTheNewPatient(KeycloakServer server) {
        Browser browser = new Browser();
        String onlineScope = "launch/patient openid patient/*.read";
        SmartLaunch first = new SmartLaunch(server, SmartLaunch.App.PUBLIC, browser).pick("kim-2002").param("scope", onlineScope);
        JsonNode firstToken = first.launch("rita");
        assertEquals("kim-2002", firstToken.get("patient").asText());
        HttpResponse<String> stillKim = first.refresh(firstToken.get("refresh_token").asText(), null);
        assertEquals(200, stillKim.statusCode(), stillKim.body());
        assertEquals("kim-2002", Http.json(stillKim).get("patient").asText());
        String firstRefreshToken = Http.json(stillKim).get("refresh_token").asText();

        pauseASecond();
        // Second tab, same SSO session, same app: signed in, another patient picked, code not yet exchanged.
        SmartLaunch second = new SmartLaunch(server, SmartLaunch.App.PUBLIC, browser).pick("mona-2003").param("scope", onlineScope);
        SmartLaunch.Redirect redirect = second.run("rita");
        HttpResponse<String> between = first.refresh(firstRefreshToken, null);
        assertEquals(400, between.statusCode(), "before the second code is exchanged: " + between.body());
        assertEquals("invalid_grant", Http.json(between).get("error").asText());

        HttpResponse<String> secondToken = second.exchange(redirect.code());
        assertEquals(200, secondToken.statusCode(), secondToken.body());
        assertEquals("mona-2003", Http.json(secondToken).get("patient").asText());
        HttpResponse<String> after = first.refresh(firstRefreshToken, null);
        assertEquals(400, after.statusCode(), "after the second code exchange: " + after.body());
        assertFalse(after.body().contains("mona-2003"));
        HttpResponse<String> secondRefresh = second.refresh(Http.json(secondToken).get("refresh_token").asText(), null);
        assertEquals(200, secondRefresh.statusCode(), secondRefresh.body());
        assertEquals("mona-2003", Http.json(secondRefresh).get("patient").asText());
    }

    @Test
    void sameAppRelaunchedWithinTheSameSecond_theFirstRefreshTokenStillNeverGetsTheNewPatient(KeycloakServer server) {
        for (String scope : List.of("launch/patient openid patient/*.read", "launch/patient openid offline_access patient/*.read")) {
            Browser browser = new Browser();
            new SmartLaunch(server, SmartLaunch.App.PUBLIC, browser).pick("rita-2001")
                    .param("scope", "launch/patient openid").launch("rita"); // an SSO session for both launches
            SmartLaunch first = new SmartLaunch(server, SmartLaunch.App.CONFIDENTIAL, browser).pick("kim-2002").param("scope", scope);
            JsonNode firstToken = first.launch("rita");
            assertEquals("kim-2002", Jwt.claims(firstToken.get("refresh_token").asText()).get("smart_launch_patient").asText(),
                    "the refresh token names its launch's patient");
            // no pause: Keycloak's whole-second token times cannot tell these launches apart, the claim does
            SmartLaunch second = new SmartLaunch(server, SmartLaunch.App.CONFIDENTIAL, browser).pick("mona-2003").param("scope", scope);
            JsonNode secondToken = second.launch("rita");
            assertEquals("mona-2003", secondToken.get("patient").asText());

            HttpResponse<String> firstRefresh = first.refresh(firstToken.get("refresh_token").asText(), null);
            assertEquals(400, firstRefresh.statusCode(), scope + ": " + firstRefresh.body());
            assertEquals("invalid_grant", Http.json(firstRefresh).get("error").asText());
            assertFalse(firstRefresh.body().contains("mona-2003"));
            HttpResponse<String> secondRefresh = second.refresh(secondToken.get("refresh_token").asText(), null);
            assertEquals(200, secondRefresh.statusCode(), scope + ": " + secondRefresh.body());
            assertEquals("mona-2003", Http.json(secondRefresh).get("patient").asText());
        }
    }

    private static void pauseASecond() {
        try {
            Thread.sleep(1100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
