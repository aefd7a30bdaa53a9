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
        pickAndAllow(chromium, wait, patient, screenshot);
        return launch.exchange(chromium.driver());
    }

    /** Picks the patient, allows the app if asked, and returns the code the app was redirected with. */
    private static String pickAndAllow(ChromiumBrowser chromium, WebDriverWait wait, String patient, String screenshot) {
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
        return BrowserLaunch.code(driver);
    }

    private static void signIn(WebDriver driver, WebDriverWait wait, String user) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(user);
        driver.findElement(By.id("kc-login")).click();
    }

    /**
     * Security review 2, H2: both tabs reach the app's redirect before either code is exchanged, the first with wide
     * scopes for one patient, the second with narrow scopes for another. The first tab's code, exchanged last, is
     * refused and never yields the second patient; the second tab's code and refresh keep their patient.
     */
    @Test
    void interleavedTabs_theFirstCodeExchangedLastNeverYieldsTheSecondTabsPatient(KeycloakServer server) {
        try (ChromiumBrowser chromium = new ChromiumBrowser("two-tab-interleaved")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            BrowserLaunch first = BrowserLaunch.of(server, SCOPE);
            driver.get(first.url());
            signIn(driver, wait, "rita");
            String code1 = pickAndAllow(chromium, wait, "kim-2002", "tab1");

            driver.switchTo().newWindow(WindowType.TAB);
            BrowserLaunch second = BrowserLaunch.of(server, "launch/patient openid patient/Coverage.read");
            driver.get(second.url());
            String code2 = pickAndAllow(chromium, wait, "mona-2003", "tab2");

            HttpResponse<String> secondToken = second.exchange(code2);
            assertEquals(200, secondToken.statusCode(), secondToken.body());
            assertEquals("mona-2003", Http.json(secondToken).get("patient").asText());
            HttpResponse<String> firstToken = first.exchange(code1);
            assertEquals(400, firstToken.statusCode(), firstToken.body());
            assertEquals("invalid_grant", Http.json(firstToken).get("error").asText());
            assertFalse(firstToken.body().contains("mona-2003"));
            HttpResponse<String> secondRefresh = BrowserLaunch.refresh(server, Http.json(secondToken).get("refresh_token").asText());
            assertEquals(200, secondRefresh.statusCode(), secondRefresh.body());
            assertEquals("mona-2003", Http.json(secondRefresh).get("patient").asText());
            chromium.screenshot("done");
        }
    }

    @Test
    void theFirstTabsRefreshTokenNeverReturnsTheSecondTabsPatient(KeycloakServer server) throws Exception {
        try (ChromiumBrowser chromium = new ChromiumBrowser("two-tab-launch")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

            BrowserLaunch first = BrowserLaunch.of(server, SCOPE);
            driver.get(first.url());
            signIn(driver, wait, "rita");
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
