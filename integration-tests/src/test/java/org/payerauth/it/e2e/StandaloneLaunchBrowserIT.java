package org.payerauth.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.Jwt;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.it.support.Pkce;
import org.payerauth.it.support.QueryString;

/**
 * The standalone patient launch in a real browser (headless Chromium): the representative signs in, picks a patient
 * on the themed picker, allows the app on the consent page, and the browser lands on the app's redirect_uri with a
 * code that yields that patient. Screenshots of every page are kept in {@code target/e2e-screenshots/}.
 */
@KeycloakIT
class StandaloneLaunchBrowserIT {

    private static final String REDIRECT_URI = "http://localhost:3000/callback";

    @Test
    void representativeLaunchesAnAppForOneOfTheirPatients(KeycloakServer server) throws Exception {
        Pkce pkce = Pkce.create();
        String state = UUID.randomUUID().toString();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", "smart-demo-public");
        params.put("redirect_uri", REDIRECT_URI);
        params.put("scope", "launch/patient openid fhirUser patient/*.read");
        params.put("state", state);
        params.put("aud", server.realmUrl("payer"));
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
        params.put("prompt", "consent");
        String authorize = server.realmUrl("payer") + "/protocol/openid-connect/auth?" + Http.form(params);

        try (ChromiumBrowser chromium = new ChromiumBrowser("standalone-launch")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

            driver.get(authorize);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            chromium.screenshot("login");
            driver.findElement(By.id("username")).sendKeys("rita");
            driver.findElement(By.id("password")).sendKeys("rita");
            driver.findElement(By.id("kc-login")).click();

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-patient-picker")));
            assertEquals(3, driver.findElements(By.cssSelector("#smart-patient-picker input[name=patient]")).size());
            assertTrue(driver.getPageSource().contains("Mona Representative"));
            driver.findElement(By.cssSelector("label[for=patient-kim-2002]")).click();
            chromium.screenshot("patient-picker");
            driver.findElement(By.id("smart-pick")).click();

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-consent")));
            assertTrue(driver.findElement(By.id("smart-consent-patient")).getText().contains("Kim Representative"));
            assertTrue(driver.findElement(By.id("smart-consent-scopes")).getText()
                    .contains("Read all health plan records of the member you choose"));
            chromium.screenshot("consent");
            driver.findElement(By.id("smart-consent-allow")).click();

            // No app listens on localhost:3000: the browser shows an error page, but its URL is the redirect.
            wait.until(d -> d.getCurrentUrl().startsWith(REDIRECT_URI));
            chromium.screenshot("redirected-to-app");
            String landed = driver.getCurrentUrl();
            Map<String, String> result = QueryString.of(landed);
            assertEquals(state, result.get("state"));
            assertNotNull(result.get("code"), landed);

            HttpResponse<String> token = Http.postForm(server.realmUrl("payer") + "/protocol/openid-connect/token",
                    Map.of("grant_type", "authorization_code", "client_id", "smart-demo-public", "code", result.get("code"),
                            "redirect_uri", REDIRECT_URI, "code_verifier", pkce.verifier()));
            assertEquals(200, token.statusCode(), token.body());
            JsonNode body = Http.json(token);
            assertEquals("kim-2002", body.get("patient").asText());
            assertEquals(server.realmUrl("payer") + "/RelatedPerson/rita-rp-2001",
                    Jwt.claims(body.get("id_token").asText()).get("fhirUser").asText());
            assertTrue(Files.size(chromium.screenshot("done")) > 0);
        }
    }

    static URI uri(String value) {
        return URI.create(value);
    }
}
