package org.payerauth.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpResponse;
import java.time.Duration;

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

/**
 * Issue 10, item 3, in a real browser: a representative launches the same app in two tabs of one browser (one SSO
 * session) for two patients. The second tab's tokens carry the second patient; the first tab's refresh token then
 * fails with {@code invalid_grant} and never returns the second patient. Screenshots in {@code target/e2e-screenshots/}.
 */
@KeycloakIT
class TwoTabLaunchBrowserIT {

    private static final String REDIRECT_URI = BrowserLaunch.REDIRECT_URI;
    private static final String SCOPE = "launch/patient openid patient/*.read";

    private static JsonNode pickAllowAndExchange(KeycloakServer server, ChromiumBrowser chromium, WebDriverWait wait,
                                                 BrowserLaunch launch, String patient, String screenshot) {
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
        return launch.exchange(driver);
    }

    @Test
    void theFirstTabsRefreshTokenNeverReturnsTheSecondTabsPatient(KeycloakServer server) throws Exception {
        try (ChromiumBrowser chromium = new ChromiumBrowser("two-tab-launch")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

            BrowserLaunch first = BrowserLaunch.of(server, SCOPE);
            driver.get(first.url());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            driver.findElement(By.id("username")).sendKeys("rita");
            driver.findElement(By.id("password")).sendKeys("rita");
            driver.findElement(By.id("kc-login")).click();
            JsonNode firstToken = pickAllowAndExchange(server, chromium, wait, first, "kim-2002", "tab1");
            assertEquals("kim-2002", firstToken.get("patient").asText());

            Thread.sleep(1100); // Keycloak's token times are whole seconds
            driver.switchTo().newWindow(WindowType.TAB);
            BrowserLaunch second = BrowserLaunch.of(server, SCOPE);
            driver.get(second.url());
            JsonNode secondToken = pickAllowAndExchange(server, chromium, wait, second, "mona-2003", "tab2");
            assertEquals("mona-2003", secondToken.get("patient").asText());

            HttpResponse<String> firstRefresh = BrowserLaunch.refresh(server, firstToken.get("refresh_token").asText());
            assertEquals(400, firstRefresh.statusCode(), firstRefresh.body());
            assertEquals("invalid_grant", Http.json(firstRefresh).get("error").asText());
            assertFalse(firstRefresh.body().contains("mona-2003"));
            HttpResponse<String> secondRefresh = BrowserLaunch.refresh(server, secondToken.get("refresh_token").asText());
            assertEquals(200, secondRefresh.statusCode(), secondRefresh.body());
            assertEquals("mona-2003", Http.json(secondRefresh).get("patient").asText());
            chromium.screenshot("done");
        }
    }
}
