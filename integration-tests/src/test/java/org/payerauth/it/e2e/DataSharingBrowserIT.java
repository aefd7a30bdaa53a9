package org.payerauth.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.payerauth.it.smart.Members;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * Members' data-sharing choices in a real browser: a representative opens the account console page "Data sharing and apps" (tab "Data sharing"),
 * sees their own record and the one they may only view, opts the child out of Provider Access and includes
 * sensitive data for apps; the page confirms, the FHIR server's Consent API shows the opt-out, and the next SMART
 * token for the child carries the sensitive-data choice. Screenshots in {@code target/e2e-screenshots/data-sharing/}.
 */
@KeycloakIT
class DataSharingBrowserIT {

    private static final String SCOPE = "launch/patient openid patient/Coverage.read";

    @Test
    void aRepresentativeMakesChoicesOnTheAccountPage_andTheFhirServerAndTheNextTokenSeeThem(KeycloakServer server, AdminApi admin) {
        String child = "kid-" + UUID.randomUUID().toString().substring(0, 8);
        String elder = "elder-" + UUID.randomUUID().toString().substring(0, 8);
        String member = Members.create(admin, "RelatedPerson/rp-" + child,
                List.of(child + "|Kim Child|2013-04-05|parent", elder + "|Ed Elder|1941-02-03"),
                Map.of("smart_patients_view_only", List.of(elder)));
        try (ChromiumBrowser chromium = new ChromiumBrowser("data-sharing")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(server.realmUrl("payer") + "/account/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            driver.findElement(By.id("username")).sendKeys(member);
            driver.findElement(By.id("password")).sendKeys(member);
            driver.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Data sharing and apps"))).click();
            try {
                wait.until(d -> d.findElements(By.cssSelector("#data-sharing .data-sharing-patient")).size() == 2);
            } catch (org.openqa.selenium.TimeoutException e) {
                chromium.screenshot("1-page-not-ready");
                throw new AssertionError("account page: " + driver.getCurrentUrl() + "\nconsole:\n" + chromium.console(), e);
            }
            WebElement kid = choice(driver, child, "PROVIDER_ACCESS");
            assertEquals("SHARED", kid.getAttribute("data-value"));
            assertTrue(driver.findElement(By.id("data-sharing")).getText().contains("Sharing with your doctors and other providers"));
            WebElement elderSection = driver.findElement(By.cssSelector(".data-sharing-patient[data-patient='" + elder + "']"));
            assertFalse(elderSection.findElements(By.cssSelector(".data-sharing-view-only")).isEmpty(), "view-only note");
            // A parent's access to a minor ends when the minor turns 18 (the realm's default age): the page says when.
            String ends = driver.findElement(By.cssSelector(".data-sharing-patient[data-patient='" + child + "'] .data-sharing-access-ends")).getText();
            assertTrue(ends.contains("as parent or guardian") && ends.contains("Kim Child") && ends.contains("2031"), ends);
            assertTrue(elderSection.findElements(By.cssSelector(".data-sharing-access-ends")).isEmpty(), "no end date, no sentence");
            assertTrue(elderSection.findElements(By.cssSelector("button.data-sharing-set")).isEmpty(), "no buttons to change");
            chromium.screenshot("1-data-sharing-page");

            kid.findElement(By.cssSelector("button[data-value='OPTED_OUT']")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("data-sharing-saved")));
            assertTrue(driver.findElement(By.id("data-sharing-saved")).getText().contains("opted out"),
                    driver.findElement(By.id("data-sharing-saved")).getText());
            wait.until(d -> "OPTED_OUT".equals(choice(d, child, "PROVIDER_ACCESS").getAttribute("data-value")));
            choice(driver, child, "SENSITIVE_DATA_FOR_APPS").findElement(By.cssSelector("button[data-value='INCLUDE']")).click();
            wait.until(d -> "INCLUDE".equals(choice(d, child, "SENSITIVE_DATA_FOR_APPS").getAttribute("data-value")));
            chromium.screenshot("2-opted-out-and-sensitive-included");

            // the FHIR server sees the opt-out
            HttpResponse<String> consents = Http.get(server.realmUrl("payer") + "/data-sharing/fhir/Consent?patient=" + child
                    + "&category=provider-access", "Authorization", org.payerauth.it.smart.SmartLaunchAccess.basic("fhir-server", "fhir-server-secret"));
            assertEquals(200, consents.statusCode(), consents.body());
            JsonNode consent = Http.json(consents).get("entry").get(0).get("resource");
            assertEquals("deny", consent.get("provision").get("type").asText());

            // the next token for the child carries the sensitive-data choice
            BrowserLaunch launch = BrowserLaunch.of(server, SCOPE);
            driver.get(launch.url());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-patient-picker")));
            driver.findElement(By.cssSelector("label[for=patient-" + child + "]")).click();
            driver.findElement(By.id("smart-pick")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-consent")));
            WebElement sensitive = driver.findElement(By.id("smart-consent-sensitive-data"));
            assertTrue(sensitive.isSelected(), "the consent page starts from the standing choice (include)");
            chromium.screenshot("3-consent-with-the-sensitive-data-choice");
            driver.findElement(By.id("smart-consent-allow")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(BrowserLaunch.REDIRECT_URI));
            JsonNode token = launch.exchange(driver);
            assertEquals(child, token.get("patient").asText());
            JsonNode claims = org.payerauth.it.support.Jwt.claims(token.get("access_token").asText());
            assertNotNull(claims.get("sensitive_data"), claims.toString());
            assertEquals("include", claims.get("sensitive_data").asText());
        }
    }

    private static WebElement choice(WebDriver driver, String patient, String choice) {
        return driver.findElement(By.cssSelector(".data-sharing-patient[data-patient='" + patient + "'] "
                + ".data-sharing-choice[data-choice='" + choice + "']"));
    }
}
