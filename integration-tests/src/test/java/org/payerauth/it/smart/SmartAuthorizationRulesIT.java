package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

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
import org.payerauth.it.support.QueryString;

/**
 * SMART's rules at the authorization endpoint: {@code aud} required and one of the realm's FHIR base URLs, PKCE S256
 * only, {@code state} required; violations go back to the app through Keycloak's own error redirect, with
 * {@code state}, and no code (g10 "invalid aud", "invalid PKCE").
 */
@KeycloakIT
class SmartAuthorizationRulesIT {

    private static SmartLaunch launch(KeycloakServer server) {
        return new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser());
    }

    /** The authorize request must be refused before any login page, with a redirect to the app. */
    private static Map<String, String> refused(SmartLaunch launch) {
        HttpResponse<String> response = launch.authorize();
        assertEquals(302, response.statusCode(), "expected a redirect to the app, got: " + response.body());
        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(SmartLaunch.REDIRECT_URI), location);
        Map<String, String> params = QueryString.of(location);
        assertNull(params.get("code"), "no code for a refused request");
        return params;
    }

    @Test
    void missingAud_isRefusedWithStateEchoed(KeycloakServer server) {
        SmartLaunch launch = launch(server).param("aud", null);
        Map<String, String> params = refused(launch);
        assertEquals("invalid_request", params.get("error"));
        assertTrue(params.get("error_description").contains("aud"));
        assertEquals(launch.params.get("state"), params.get("state"));
        assertEquals(server.realmUrl("payer"), params.get("iss"));
    }

    @ParameterizedTest(name = "aud={0}")
    @ValueSource(strings = {"https://inferno.healthit.gov/invalid_aud", "http://localhost/realms/payer/Patient",
            "https://evil.example/fhir\r\nSet-Cookie: x=1", "<script>alert(1)</script>"})
    void wrongAud_isRefusedWithoutEchoingIt(String aud, KeycloakServer server) {
        Map<String, String> params = refused(launch(server).param("aud", aud));
        assertEquals("invalid_request", params.get("error"));
        assertFalse(params.get("error_description").contains("evil") || params.get("error_description").contains("script")
                || params.get("error_description").contains("inferno"), params.get("error_description"));
    }

    @Test
    void plainPkce_isRefused(KeycloakServer server) {
        SmartLaunch launch = launch(server).param("code_challenge_method", "plain")
                .param("code_challenge", launch(server).pkce.verifier());
        Map<String, String> params = refused(launch);
        assertEquals("invalid_request", params.get("error"));
    }

    @Test
    void missingPkce_isRefused(KeycloakServer server) {
        Map<String, String> params = refused(launch(server).param("code_challenge", null).param("code_challenge_method", null));
        assertEquals("invalid_request", params.get("error"));
        assertTrue(params.get("error_description").contains("code_challenge"));
    }

    @Test
    void missingState_isRefused(KeycloakServer server) {
        Map<String, String> params = refused(launch(server).param("state", null));
        assertEquals("invalid_request", params.get("error"));
        assertTrue(params.get("error_description").contains("state"));
    }

    @Test
    void wrongCodeVerifier_getsNoToken(KeycloakServer server) {
        SmartLaunch launch = launch(server);
        SmartLaunch.Redirect redirect = launch.run("alice");
        HttpResponse<String> token = launch.tokenRequest(Map.of("grant_type", "authorization_code",
                "code", redirect.code(), "redirect_uri", SmartLaunch.REDIRECT_URI,
                "code_verifier", org.payerauth.it.support.Pkce.create().verifier()));
        assertEquals(400, token.statusCode());
        assertEquals("invalid_grant", Http.json(token).get("error").asText());
    }

    @Test
    void missingCodeVerifier_getsNoToken(KeycloakServer server) {
        SmartLaunch launch = launch(server);
        SmartLaunch.Redirect redirect = launch.run("alice");
        HttpResponse<String> token = launch.tokenRequest(Map.of("grant_type", "authorization_code",
                "code", redirect.code(), "redirect_uri", SmartLaunch.REDIRECT_URI));
        assertEquals(400, token.statusCode());
        assertEquals("invalid_grant", Http.json(token).get("error").asText());
    }

    @Test
    void authorizePost_works(KeycloakServer server) {
        SmartLaunch launch = launch(server);
        SmartLaunch.Redirect redirect = launch.run("alice", SmartLaunch::authorizePost);
        assertEquals(200, launch.exchange(redirect.code()).statusCode());
    }

    @Test
    void plainOidcRequestWithoutAud_isLeftToKeycloak(KeycloakServer server) {
        SmartLaunch launch = launch(server).param("scope", "openid profile").param("aud", null);
        JsonNode token = launch.launch("victor");
        assertFalse(token.has("patient"));
    }

    @Test
    void fhirBaseUrlSetting_isEffectiveWithoutRestart(KeycloakServer server, AdminApi admin) {
        RealmAttributes.with(admin, "smart.fhirBaseUrls", "https://fhir.payer.example/r4 https://fhir.payer.example/r4b", () -> {
            // the realm URL no longer stands in
            assertEquals("invalid_request", refused(launch(server)).get("error"));

            // the second configured URL is accepted (trailing slash ignored) and becomes the token's aud
            SmartLaunch launch = launch(server).param("aud", "https://fhir.payer.example/r4b/");
            JsonNode token = launch.launch("alice");
            assertEquals("https://fhir.payer.example/r4b", Jwt.claims(token.get("access_token").asText()).get("aud").asText());
            // fhirUser is absolute against the first (default) URL
            assertEquals("https://fhir.payer.example/r4/Patient/alice-1001",
                    Jwt.claims(token.get("id_token").asText()).get("fhirUser").asText());
        });
        SmartLaunch again = launch(server);
        assertEquals(200, again.exchange(again.run("alice").code()).statusCode(), "the realm URL stands in again");
    }

    @Test
    void invalidFhirBaseUrlSetting_failsClosed(KeycloakServer server, AdminApi admin) {
        RealmAttributes.with(admin, "smart.fhirBaseUrls", "fhir.payer.example/no-scheme", () -> {
            Map<String, String> params = refused(launch(server));
            assertEquals("server_error", params.get("error"));
        });
    }

    @Test
    void styleUrlSetting_isReturnedInTheTokenResponse(KeycloakServer server, AdminApi admin) {
        RealmAttributes.with(admin, "smart.styleUrl", "https://payer.example/smart-style.json", () -> {
            JsonNode token = launch(server).launch("alice");
            assertEquals("https://payer.example/smart-style.json", token.get("smart_style_url").asText());
        });
    }
}
