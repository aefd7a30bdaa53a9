package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * Security review 2, H2: each launch's patient and {@code aud} belong to its own authorization code. A representative
 * launches one app twice in one SSO session (two tabs): first for one patient with wide scopes, then for another
 * patient with narrow scopes, before the first code is exchanged. The first code never yields the second patient
 * (it is refused with {@code invalid_grant}: a later launch replaced it); the second launch's code and refresh keep
 * their patient; introspection of the first launch's token answers the first patient; the member's consent records
 * do not change on a refusal. Every test uses a member of its own.
 */
@KeycloakIT
class LaunchBindingIT {

    private static final List<String> TWO_PATIENTS = List.of("pa-kim|Kim Two|2010-01-01", "pa-mona|Mona Three|1950-03-03");
    private static final String WIDE = "launch/patient openid fhirUser patient/*.read";
    private static final String NARROW = "launch/patient openid fhirUser patient/Coverage.read";

    private static SmartLaunch launch(KeycloakServer server, Browser browser, String patient, String scope) {
        return new SmartLaunch(server, SmartLaunch.App.PUBLIC, browser).pick(patient).param("scope", scope);
    }

    /** What a refusal must leave as it was: Keycloak's consents and the per-patient records of the member. */
    private static String consentState(AdminApi admin, String username) {
        String id = Members.id(admin, username);
        JsonNode user = admin.getJson("/realms/payer/users/" + id);
        return admin.getJson("/realms/payer/users/" + id + "/consents") + " " + user.path("attributes").path("smart_consents");
    }

    private static void assertRefusedWithoutThePatient(HttpResponse<String> response, String otherPatient) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_grant", Http.json(response).get("error").asText(), response.body());
        assertFalse(response.body().contains(otherPatient), response.body());
    }

    @ParameterizedTest(name = "offline_access: {0}")
    @ValueSource(booleans = {false, true})
    void interleavedLaunches_theFirstCodeExchangedLast_neverYieldsTheSecondPatient(boolean offline, KeycloakServer server, AdminApi admin) {
        String rep = Members.create(admin, "RelatedPerson/rp-bind-" + offline, TWO_PATIENTS);
        String suffix = offline ? " offline_access" : "";
        Browser browser = new Browser();
        SmartLaunch first = launch(server, browser, "pa-kim", WIDE + suffix);
        SmartLaunch.Redirect code1 = first.run(rep);
        SmartLaunch second = launch(server, browser, "pa-mona", NARROW + suffix);
        SmartLaunch.Redirect code2 = second.run(rep);
        assertFalse(second.pagesSeen.toString().contains("login"), "one SSO session: " + second.pagesSeen);

        HttpResponse<String> secondToken = second.exchange(code2.code());
        assertEquals(200, secondToken.statusCode(), secondToken.body());
        JsonNode mona = Http.json(secondToken);
        assertEquals("pa-mona", mona.get("patient").asText());
        assertTrue(Set.of(mona.get("scope").asText().split(" ")).contains("patient/Coverage.read"), mona.toString());
        assertFalse(mona.get("scope").asText().contains("patient/*.read"), "never the first launch's scopes: " + mona);

        String before = consentState(admin, rep);
        HttpResponse<String> firstToken = first.exchange(code1.code());
        assertRefusedWithoutThePatient(firstToken, "pa-mona");
        assertEquals(before, consentState(admin, rep), "a refused exchange changes no consent record");

        HttpResponse<String> monaRefresh = second.refresh(mona.get("refresh_token").asText(), null);
        assertEquals(200, monaRefresh.statusCode(), monaRefresh.body());
        assertEquals("pa-mona", Http.json(monaRefresh).get("patient").asText());
        assertFalse(Http.json(monaRefresh).get("scope").asText().contains("patient/*.read"), "never the first launch's scopes");
    }

    @Test
    void interleavedLaunches_theFirstCodeExchangedFirst_isRefusedAndTheSecondLaunchKeepsItsPatient(KeycloakServer server, AdminApi admin) {
        String rep = Members.create(admin, "RelatedPerson/rp-bind-first", TWO_PATIENTS);
        Browser browser = new Browser();
        SmartLaunch first = launch(server, browser, "pa-kim", WIDE);
        SmartLaunch.Redirect code1 = first.run(rep);
        SmartLaunch second = launch(server, browser, "pa-mona", NARROW);
        SmartLaunch.Redirect code2 = second.run(rep);

        String before = consentState(admin, rep);
        assertRefusedWithoutThePatient(first.exchange(code1.code()), "pa-mona");
        assertEquals(before, consentState(admin, rep));

        HttpResponse<String> secondToken = second.exchange(code2.code());
        assertEquals(200, secondToken.statusCode(), secondToken.body());
        JsonNode mona = Http.json(secondToken);
        assertEquals("pa-mona", mona.get("patient").asText());
        assertEquals("pa-mona", Jwt.claims(mona.get("access_token").asText()).get("patient").asText());
        HttpResponse<String> refreshed = second.refresh(mona.get("refresh_token").asText(), null);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals("pa-mona", Http.json(refreshed).get("patient").asText());
    }

    @Test
    void aCodeExchangedWithAnotherLaunchsVerifier_isRefused(KeycloakServer server, AdminApi admin) {
        // Keycloak checks the verifier against the code's own challenge, so a swapped verifier never reaches the
        // launch binding; the code is refused either way and never yields the other launch's patient.
        String rep = Members.create(admin, "RelatedPerson/rp-bind-swap", TWO_PATIENTS);
        Browser browser = new Browser();
        SmartLaunch first = launch(server, browser, "pa-kim", WIDE);
        SmartLaunch.Redirect code1 = first.run(rep);
        SmartLaunch second = launch(server, browser, "pa-mona", NARROW);
        second.run(rep);
        HttpResponse<String> swapped = first.tokenRequest(Map.of("grant_type", "authorization_code", "code", code1.code(),
                "redirect_uri", SmartLaunch.REDIRECT_URI, "code_verifier", second.pkce.verifier()));
        assertRefusedWithoutThePatient(swapped, "pa-mona");
    }

    @Test
    void introspectionOfTheFirstLaunchsToken_whileASecondLaunchIsPending_answersTheFirstPatient(KeycloakServer server, AdminApi admin) {
        String rep = Members.create(admin, "RelatedPerson/rp-bind-intro", TWO_PATIENTS);
        Browser browser = new Browser();
        SmartLaunch first = launch(server, browser, "pa-kim", WIDE);
        JsonNode kim = first.launch(rep);
        assertEquals("pa-kim", kim.get("patient").asText());

        SmartLaunch second = launch(server, browser, "pa-mona", NARROW);
        SmartLaunch.Redirect pending = second.run(rep); // signed in, patient picked, code not exchanged
        JsonNode info = first.introspect(kim.get("access_token").asText());
        assertFalse(info.toString().contains("pa-mona"), info.toString());
        if (info.get("active").asBoolean()) {
            assertEquals("pa-kim", info.get("patient").asText());
            assertEquals(Jwt.claims(kim.get("access_token").asText()).get("aud"), info.get("aud"));
        }

        HttpResponse<String> secondToken = second.exchange(pending.code());
        assertEquals(200, secondToken.statusCode(), secondToken.body());
        JsonNode afterExchange = first.introspect(kim.get("access_token").asText());
        assertFalse(afterExchange.toString().contains("pa-mona"), afterExchange.toString());
        JsonNode monaInfo = second.introspect(Http.json(secondToken).get("access_token").asText());
        assertTrue(monaInfo.get("active").asBoolean(), monaInfo.toString());
        assertEquals("pa-mona", monaInfo.get("patient").asText());
    }

}
