package org.payerauth.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.it.support.Pkce;
import org.payerauth.it.support.QueryString;

/**
 * Issue 10, item 3, in a real browser: a representative launches the same app in two tabs of one browser (one SSO
 * session) for two patients. The second tab's tokens carry the second patient; the first tab's refresh token then
 * fails with {@code invalid_grant} and never returns the second patient. Screenshots in {@code target/e2e-screenshots/}.
 */
@KeycloakIT
class TwoTabLaunchBrowserIT {

    private static final String REDIRECT_URI = "http://localhost:3000/callback";

    private record Launch(Pkce pkce, String url) {
    }

    private static Launch launch(KeycloakServer server) {
        Pkce pkce = Pkce.create();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", "smart-demo-public");
        params.put("redirect_uri", REDIRECT_URI);
        params.put("scope", "launch/patient openid patient/*.read");
        params.put("state", UUID.randomUUID().toString());
        params.put("aud", server.realmUrl("payer"));
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
        return new Launch(pkce, server.realmUrl("payer") + "/protocol/openid-connect/auth?" + Http.form(params));
    }

    private static JsonNode pickAllowAndExchange(KeycloakServer server, ChromiumBrowser chromium, WebDriverWait wait,
                                                 Launch launch, String patient, String screenshot) {
        WebDriver driver = chromium.driver();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-patient-picker")));
        driver.findElement(By.cssSelector("label[for=patient-" + patient + "]")).click();
        chromium.screenshot(screenshot + "-picker");
        driver.findElement(By.id("smart-pick")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(REDIRECT_URI)
                || !d.findElements(By.id("smart-consent-allow")).isEmpty());
        if (!driver.getCurrentUrl().startsWith(REDIRECT_URI)) {
            chromium.screenshot(screenshot + "-consent");
            driver.findElement(By.id("smart-consent-allow")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(REDIRECT_URI));
        }
        String code = QueryString.of(driver.getCurrentUrl()).get("code");
        assertNotNull(code, driver.getCurrentUrl());
        HttpResponse<String> token = Http.postForm(server.realmUrl("payer") + "/protocol/openid-connect/token",
                Map.of("grant_type", "authorization_code", "client_id", "smart-demo-public", "code", code,
                        "redirect_uri", REDIRECT_URI, "code_verifier", launch.pkce().verifier()));
        assertEquals(200, token.statusCode(), token.body());
        return Http.json(token);
    }

    private static HttpResponse<String> refresh(KeycloakServer server, String refreshToken) {
        return Http.postForm(server.realmUrl("payer") + "/protocol/openid-connect/token",
                Map.of("grant_type", "refresh_token", "client_id", "smart-demo-public", "refresh_token", refreshToken));
    }

    @Test
    void theFirstTabsRefreshTokenNeverReturnsTheSecondTabsPatient(KeycloakServer server) throws Exception {
        try (ChromiumBrowser chromium = new ChromiumBrowser("two-tab-launch")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

            Launch first = launch(server);
            driver.get(first.url());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            driver.findElement(By.id("username")).sendKeys("rita");
            driver.findElement(By.id("password")).sendKeys("rita");
            driver.findElement(By.id("kc-login")).click();
            JsonNode firstToken = pickAllowAndExchange(server, chromium, wait, first, "kim-2002", "tab1");
            assertEquals("kim-2002", firstToken.get("patient").asText());

            Thread.sleep(1100); // Keycloak's token times are whole seconds
            driver.switchTo().newWindow(WindowType.TAB);
            Launch second = launch(server);
            driver.get(second.url());
            JsonNode secondToken = pickAllowAndExchange(server, chromium, wait, second, "mona-2003", "tab2");
            assertEquals("mona-2003", secondToken.get("patient").asText());

            HttpResponse<String> firstRefresh = refresh(server, firstToken.get("refresh_token").asText());
            assertEquals(400, firstRefresh.statusCode(), firstRefresh.body());
            assertEquals("invalid_grant", Http.json(firstRefresh).get("error").asText());
            assertFalse(firstRefresh.body().contains("mona-2003"));
            HttpResponse<String> secondRefresh = refresh(server, secondToken.get("refresh_token").asText());
            assertEquals(200, secondRefresh.statusCode(), secondRefresh.body());
            assertEquals("mona-2003", Http.json(secondRefresh).get("patient").asText());
            chromium.screenshot("done");
        }
    }
}
