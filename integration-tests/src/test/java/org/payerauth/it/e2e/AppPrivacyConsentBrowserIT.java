package org.payerauth.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.payerauth.it.smart.Members;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * App vetting in Chromium: the SMART consent page tells the member, in the same place and words for every app,
 * whether the app attested to its privacy practices: the attested points and its privacy policy, or the payer's notice
 * for an app that did not attest (CMS-9115-F). The member may allow either way; the account page's "Apps and patients"
 * says the same. Screenshots in {@code target/e2e-screenshots/app-privacy/}.
 */
@KeycloakIT
class AppPrivacyConsentBrowserIT {

    private static final String SCOPE = "launch/patient openid patient/Coverage.rs";

    @Test
    void theConsentPageShowsWhetherTheAppAttested_andTheMemberMayAllowEitherWay(KeycloakServer server, AdminApi admin) {
        String member = Members.create(admin, "Patient/priv-1", List.of("priv-1|Pat Privacy|1980-08-08|self"));
        String clientPath = "/realms/payer/clients/" + admin.getJson("/realms/payer/clients?clientId=" + BrowserLaunch.CLIENT_ID)
                .get(0).get("id").asText();
        ObjectNode original = (ObjectNode) admin.getJson(clientPath);
        try (ChromiumBrowser chromium = new ChromiumBrowser("app-privacy")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

            // not attested: the notice
            BrowserLaunch unattested = BrowserLaunch.of(server, SCOPE);
            driver.get(unattested.url());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            driver.findElement(By.id("username")).sendKeys(member);
            driver.findElement(By.id("password")).sendKeys(member);
            driver.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-consent")));
            assertEquals("false", driver.findElement(By.id("smart-consent-privacy")).getAttribute("data-attested"));
            assertTrue(driver.findElement(By.id("smart-consent-privacy-notice")).getText()
                    .contains("has not told your health plan whether it has a privacy policy"));
            chromium.screenshot("1-consent-app-not-attested");
            driver.findElement(By.id("smart-consent-allow")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(BrowserLaunch.REDIRECT_URI));
            assertEquals(200, unattested.exchange(BrowserLaunch.code(driver)).statusCode(), "allowed although not attested");

            // attested (entered by the payer's administrator for this app): the points and the policy
            ObjectNode attested = original.deepCopy();
            ((ObjectNode) attested.get("attributes")).put("payer.privacyAttestation", "{\"privacy_policy\":"
                    + "\"https://smart-demo.example/privacy\",\"sells_data\":false,\"express_consent_before_sharing\":true,"
                    + "\"explains_revocation_and_deletion\":true}");
            assertEquals(204, admin.putJson(clientPath, attested).statusCode());
            BrowserLaunch again = BrowserLaunch.of(server, SCOPE + " patient/ExplanationOfBenefit.rs");
            driver.get(again.url());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-consent")));
            assertEquals("true", driver.findElement(By.id("smart-consent-privacy")).getAttribute("data-attested"));
            String privacy = driver.findElement(By.id("smart-consent-privacy")).getText();
            for (String point : List.of("It does not sell your data.", "It asks for your express consent before it sells or shares your data.",
                    "It tells you how to stop its access to your data and have your data deleted.")) {
                assertTrue(privacy.contains(point), point + " in\n" + privacy);
            }
            assertEquals("https://smart-demo.example/privacy",
                    driver.findElement(By.id("smart-consent-privacy-policy")).getAttribute("href"));
            chromium.screenshot("2-consent-app-attested");
            driver.findElement(By.id("smart-consent-allow")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(BrowserLaunch.REDIRECT_URI));

            driver.get(server.realmUrl("payer") + "/account/");
            wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Data sharing and apps"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Apps and patients"))).click();
            wait.until(d -> !d.findElements(By.cssSelector(".smart-consent-app[data-client='" + BrowserLaunch.CLIENT_ID
                    + "'] .smart-consent-privacy")).isEmpty());
            String card = driver.findElement(By.cssSelector(".smart-consent-app[data-client='" + BrowserLaunch.CLIENT_ID + "']")).getText();
            assertTrue(card.contains("It does not sell your data."), card);
            chromium.screenshot("3-account-page-attestation");
        } finally {
            admin.putJson(clientPath, original);
        }
    }
}
