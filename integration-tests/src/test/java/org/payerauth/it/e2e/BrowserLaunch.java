package org.payerauth.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.openqa.selenium.WebDriver;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.it.support.Pkce;
import org.payerauth.it.support.QueryString;

/**
 * One SMART standalone launch of a public app (the demo app unless named) driven in Chromium: the authorization URL
 * (PKCE S256, {@code aud}, {@code state}), then the code exchange and refreshes done the way the app's back end would.
 */
public record BrowserLaunch(KeycloakServer server, String clientId, Pkce pkce, String url) {

    static final String CLIENT_ID = "smart-demo-public";
    public static final String REDIRECT_URI = "http://localhost:3000/callback";

    static BrowserLaunch of(KeycloakServer server, String scope) {
        return of(server, CLIENT_ID, scope);
    }

    /** A launch of the public app {@code clientId} (its redirect URI {@link #REDIRECT_URI}). */
    public static BrowserLaunch of(KeycloakServer server, String clientId, String scope) {
        Pkce pkce = Pkce.create();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", REDIRECT_URI);
        params.put("scope", scope);
        params.put("state", UUID.randomUUID().toString());
        params.put("aud", server.realmUrl("payer"));
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
        return new BrowserLaunch(server, clientId, pkce, server.realmUrl("payer") + "/protocol/openid-connect/auth?" + Http.form(params));
    }

    /** Exchanges the code the browser was redirected with (the driver is at the redirect URI). */
    public JsonNode exchange(WebDriver driver) {
        HttpResponse<String> token = exchange(code(driver));
        assertEquals(200, token.statusCode(), token.body());
        return Http.json(token);
    }

    /** The code the browser was redirected with (the driver is at the redirect URI). */
    public static String code(WebDriver driver) {
        String code = QueryString.of(driver.getCurrentUrl()).get("code");
        assertNotNull(code, driver.getCurrentUrl());
        return code;
    }

    /** The app's back end exchanging this launch's code, whatever the answer. */
    HttpResponse<String> exchange(String code) {
        return Http.postForm(tokenEndpoint(server),
                Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code,
                        "redirect_uri", REDIRECT_URI, "code_verifier", pkce.verifier()));
    }

    static HttpResponse<String> refresh(KeycloakServer server, String refreshToken) {
        return Http.postForm(tokenEndpoint(server),
                Map.of("grant_type", "refresh_token", "client_id", CLIENT_ID, "refresh_token", refreshToken));
    }

    private static String tokenEndpoint(KeycloakServer server) {
        return server.realmUrl("payer") + "/protocol/openid-connect/token";
    }
}
