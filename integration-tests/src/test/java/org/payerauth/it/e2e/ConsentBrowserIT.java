package org.payerauth.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.payerauth.it.smart.Members;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * Issue 10, items 4 and 5, in a real browser: a representative unticks a resource scope on the consent page (the
 * token lacks it), is asked again for the second member, then opens the account console page "Data sharing and apps", tab "Apps and patients",
 * sees both members and withdraws the first: that launch's refresh token fails, the second's still works.
 * Screenshots in {@code target/e2e-screenshots/consent-per-patient/}.
 */
@KeycloakIT
class ConsentBrowserIT {

    private static final String REDIRECT_URI = BrowserLaunch.REDIRECT_URI;
    private static final String SCOPE = "launch/patient openid patient/Coverage.read patient/ExplanationOfBenefit.read";

    @Test
    void partialConsent_consentPerPatient_andWithdrawingOneMemberInTheAccountConsole(KeycloakServer server, AdminApi admin) {
        String member = Members.create(admin, "RelatedPerson/rp-e2e-consent",
                List.of("kid-1|Kid One|2010-01-01", "kid-2|Kid Two|2012-02-02"));
        try (ChromiumBrowser chromium = new ChromiumBrowser("consent-per-patient")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

            BrowserLaunch first = BrowserLaunch.of(server, SCOPE);
            driver.get(first.url());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            driver.findElement(By.id("username")).sendKeys(member);
            driver.findElement(By.id("password")).sendKeys(member);
            driver.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-patient-picker")));
            driver.findElement(By.cssSelector("label[for=patient-kid-1]")).click();
            driver.findElement(By.id("smart-pick")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-consent")));
            driver.findElement(By.cssSelector("input[name='scope.patient/ExplanationOfBenefit.read']")).click();
            chromium.screenshot("1-consent-kid-1-unticked");
            driver.findElement(By.id("smart-consent-allow")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(REDIRECT_URI));
            JsonNode kid1 = first.exchange(driver);
            Set<String> kid1Scope = Set.of(kid1.get("scope").asText().split(" "));
            assertTrue(kid1Scope.contains("patient/Coverage.read"), kid1Scope.toString());
            assertFalse(kid1Scope.contains("patient/ExplanationOfBenefit.read"), "unticked: " + kid1Scope);

            BrowserLaunch second = BrowserLaunch.of(server, SCOPE);
            driver.get(second.url());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-patient-picker")));
            driver.findElement(By.cssSelector("label[for=patient-kid-2]")).click();
            driver.findElement(By.id("smart-pick")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-consent")));
            assertTrue(driver.findElement(By.id("smart-consent-patient")).getText().contains("Kid Two"));
            chromium.screenshot("2-consent-kid-2-asked-again");
            driver.findElement(By.id("smart-consent-allow")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(REDIRECT_URI));
            JsonNode kid2 = second.exchange(driver);
            assertEquals("kid-2", kid2.get("patient").asText());

            driver.get(server.realmUrl("payer") + "/account/");
            wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Data sharing and apps"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Apps and patients"))).click();
            try {
                wait.until(d -> d.findElements(By.cssSelector("#smart-consents .smart-consent-patient")).size() == 2);
            } catch (org.openqa.selenium.TimeoutException e) {
                chromium.screenshot("3-account-page-not-ready");
                Object probe = ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                        + "const src = [...document.querySelectorAll('script[src]')].map(s => s.src).find(s => s.includes('/account/'));"
                        + "const base = src.substring(0, src.indexOf('/account/') + '/account/'.length) + 'payer';"
                        + "fetch(base + '/smart-consents.js').then(r => r.text().then(t => { const status = r.status + ' ' + r.headers.get('content-type') + ' ' + t.length;"
                        + "import(base + '/smart-consents.js').then(m => done(status + ' ok ' + typeof m.default), err => done(status + ' import failed ' + err)); }));");
                throw new AssertionError("account page: " + driver.getCurrentUrl() + " module: " + probe
                        + "\nconsole:\n" + chromium.console() + "\nmain:\n" + ((org.openqa.selenium.JavascriptExecutor) driver)
                        .executeScript("const m = document.querySelector('main'); return m ? m.outerHTML.substring(0, 3000) : document.body.innerHTML.substring(0, 3000);"), e);
            }
            assertTrue(driver.findElement(By.id("smart-consents")).getText().contains("Kid One"));
            chromium.screenshot("3-account-apps-and-patients");
            driver.findElement(By.cssSelector(".smart-consent-patient[data-patient='kid-1'] .smart-consent-withdraw-patient")).click();
            wait.until(d -> d.findElements(By.cssSelector("#smart-consents .smart-consent-patient")).size() == 1);
            assertFalse(driver.findElement(By.id("smart-consents")).getText().contains("Kid One"));
            chromium.screenshot("4-account-kid-1-withdrawn");

            HttpResponse<String> kid1Refresh = BrowserLaunch.refresh(server, kid1.get("refresh_token").asText());
            assertEquals(400, kid1Refresh.statusCode(), kid1Refresh.body());
            assertEquals("invalid_grant", Http.json(kid1Refresh).get("error").asText());
            HttpResponse<String> kid2Refresh = BrowserLaunch.refresh(server, kid2.get("refresh_token").asText());
            assertEquals(200, kid2Refresh.statusCode(), kid2Refresh.body());
            assertEquals("kid-2", Http.json(kid2Refresh).get("patient").asText());
        }
    }
}
