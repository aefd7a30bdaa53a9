package org.payerauth.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.it.support.Pkce;
import org.payerauth.it.support.QueryString;
import org.payerauth.it.udap.TieredFixture;

/**
 * UDAP Tiered OAuth in a real browser (headless Chromium): the app sends the member to the payer with
 * {@code idp=} the member's UDAP identity provider (the {@code member-idp} realm); the member signs in there and
 * allows it, comes back, confirms once with the payer password to link the accounts, picks a patient, allows the app,
 * and the browser lands on the app's redirect URI with the app's {@code state} and a code for that patient.
 * Screenshots of every page are kept in {@code target/e2e-screenshots/}.
 */
@KeycloakIT
class TieredOAuthBrowserIT {

    private static final String REDIRECT_URI = "http://localhost:3000/callback";

    @Test
    void aRepresentativeSignsInAtTheirOwnIdentityProviderAndLaunchesAnAppForOneOfTheirPatients(KeycloakServer server,
                                                                                                AdminApi admin) throws Exception {
        try (TieredFixture tiered = new TieredFixture(server, admin);
             ChromiumBrowser chromium = new ChromiumBrowser("tiered-oauth")) {
            String person = tiered.personAtBoth(List.of("tiered-kim", "tiered-mona"));
            Pkce pkce = Pkce.create();
            String state = UUID.randomUUID().toString();
            Map<String, String> params = new LinkedHashMap<>();
            params.put("response_type", "code");
            params.put("client_id", TieredFixture.APP);
            params.put("redirect_uri", REDIRECT_URI);
            params.put("scope", "openid udap launch/patient patient/*.rs");
            params.put("state", state);
            params.put("aud", server.realmUrl("payer"));
            params.put("code_challenge", pkce.challenge());
            params.put("code_challenge_method", "S256");
            params.put("idp", server.realmUrl(TieredFixture.IDP_REALM));
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));

            driver.get(server.realmUrl("payer") + "/protocol/openid-connect/auth?" + Http.form(params));
            // 1. The member's own identity provider.
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            assertTrue(driver.getCurrentUrl().startsWith(server.realmUrl(TieredFixture.IDP_REALM)), driver.getCurrentUrl());
            chromium.screenshot("idp-login");
            driver.findElement(By.id("username")).sendKeys(person);
            driver.findElement(By.id("password")).sendKeys(person);
            driver.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("accept")));
            chromium.screenshot("idp-consent");
            driver.findElement(By.name("accept")).click();

            // 2. Back at the payer: confirm once with the payer password to link the two accounts.
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
            assertTrue(driver.getCurrentUrl().startsWith(server.realmUrl("payer")), driver.getCurrentUrl());
            chromium.screenshot("payer-link-reauthentication");
            driver.findElement(By.id("password")).sendKeys(person);
            driver.findElement(By.id("kc-login")).click();

            // 3. The SMART patient picker and consent, as in any launch.
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-patient-picker")));
            assertEquals(2, driver.findElements(By.cssSelector("#smart-patient-picker input[name=patient]")).size());
            driver.findElement(By.cssSelector("label[for=patient-tiered-mona]")).click();
            chromium.screenshot("patient-picker");
            driver.findElement(By.id("smart-pick")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-consent")));
            chromium.screenshot("consent");
            driver.findElement(By.id("smart-consent-allow")).click();

            wait.until(d -> d.getCurrentUrl().startsWith(REDIRECT_URI));
            chromium.screenshot("redirected-to-app");
            Map<String, String> result = QueryString.of(driver.getCurrentUrl());
            assertEquals(state, result.get("state"));
            assertNotNull(result.get("code"), driver.getCurrentUrl());
            HttpResponse<String> token = Http.postForm(server.realmUrl("payer") + "/protocol/openid-connect/token",
                    Map.of("grant_type", "authorization_code", "client_id", TieredFixture.APP, "code", result.get("code"),
                            "redirect_uri", REDIRECT_URI, "code_verifier", pkce.verifier()));
            assertEquals(200, token.statusCode(), token.body());
            assertEquals("tiered-mona", Http.json(token).get("patient").asText());
        }
    }
}
