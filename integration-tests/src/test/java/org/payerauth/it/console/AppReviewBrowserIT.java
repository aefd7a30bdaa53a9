package org.payerauth.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.payerauth.it.e2e.BrowserLaunch;
import org.payerauth.it.smart.Members;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * App vetting in Chromium. In Keycloak's admin console, the client tab <em>App review</em> of an app held for review
 * shows its state, refuses a rejection without a reason (nothing changes), takes the app's privacy attestation, and
 * approves it: a launch of the app that stopped at the "waiting for review" page before now reaches the consent page
 * (with the attestation) and gets a token. On the review page {@code /realms/payer/app-review/staff} a reviewer with
 * only the client roles ({@code ravi}) sees the apps waiting, rejects one with a reason and approves it again.
 * Screenshots in {@code target/e2e-screenshots/app-review-console/} and {@code .../app-review-page/}.
 */
@KeycloakIT
class AppReviewBrowserIT {

    private static final String REALM = "payer";
    private static final String REVIEW = "/realms/" + REALM + "/app-review/";
    private static final String SCOPE = "launch/patient openid patient/Coverage.rs";

    @Test
    void anAdminApprovesAHeldAppInTheConsole_andItsLaunchThenWorks(KeycloakServer server, AdminApi admin) {
        String clientId = "console-review-" + UUID.randomUUID().toString().substring(0, 8);
        String uuid = createHeldApp(admin, clientId);
        try (ChromiumBrowser chromium = new ChromiumBrowser("app-review-console")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));

            // before: the launch stops after sign-in at the page that says the app awaits review
            BrowserLaunch held = BrowserLaunch.of(server, clientId, SCOPE);
            driver.get(held.url());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("alice");
            driver.findElement(By.id("password")).sendKeys("alice");
            driver.findElement(By.id("kc-login")).click();
            wait.until(d -> d.findElement(By.tagName("body")).getText().contains("waiting for the health plan"));
            chromium.screenshot("1-launch-waits-for-review");

            AdminConsole console = new AdminConsole(server, chromium);
            console.signIn(REALM);
            driver.get(server.baseUrl() + "/admin/master/console/#/" + REALM + "/clients/" + uuid + "/settings");
            console.click("App review");
            console.field("config.privacyPolicy");
            chromium.screenshot("2-app-review-tab");

            String shown = console.save("waiting for review", "3-shown");
            assertTrue(shown.contains("App " + clientId) && shown.contains("Certifications: none")
                    && shown.contains("No privacy attestation"), shown);

            console.select("action", "Reject");
            String refused = console.save("reason is required", "4-reject-without-reason");
            assertTrue(refused.contains("security risk"), refused);
            assertEquals("pending", admin.getJson(REVIEW + clientId).get("state").asText(), "nothing changed");

            console.dismissAlerts();
            console.select("action", "Save privacy attestation");
            console.type("config.privacyPolicy", "http://console-app.test/privacy");
            console.save("https URL", "5-attestation-not-https");
            assertFalse(admin.getJson(REVIEW + clientId).get("privacy").get("attested").asBoolean(), "nothing stored");
            console.dismissAlerts();
            console.type("config.privacyPolicy", "https://console-app.test/privacy");
            console.select("sellsData", "no");
            console.select("expressConsentBeforeSharing", "yes");
            console.save("Saved successfully", "6-attestation-saved");
            JsonNode privacy = admin.getJson(REVIEW + clientId).get("privacy");
            assertEquals("administrator", privacy.get("source").asText(), privacy.toString());
            assertEquals("https://console-app.test/privacy", privacy.get("privacyPolicy").asText());

            console.dismissAlerts();
            console.select("action", "Approve");
            console.await().until(d -> d.findElement(By.id("action")).getText().contains("Approve"));
            chromium.screenshot("7-approve-chosen");
            console.save("Saved successfully", "8-approved");
            JsonNode view = admin.getJson(REVIEW + clientId);
            assertEquals("approved", view.get("state").asText(), view.toString());
            assertEquals(server.adminUsername(), view.get("changedByUsername").asText(), view.toString());
            JsonNode events = admin.getJson("/realms/" + REALM + "/admin-events?resourceTypes=CLIENT&max=50&resourcePath="
                    + "clients/" + uuid + "/*");
            assertTrue(events.toString().contains("clients/" + uuid + "/app-review")
                    && events.toString().contains("clients/" + uuid + "/privacy-attestation"), events.toString());
            String stored = admin.getJson("/realms/" + REALM + "/components?type=org.keycloak.services.ui.extend.UiTabProvider").toString();
            assertFalse(stored.contains(uuid) || stored.contains("console-app.test"),
                    "the tab's component keeps nothing of an app: " + stored);

            // after: the same launch reaches the consent page (with the attestation) and the app gets its token
            BrowserLaunch approved = BrowserLaunch.of(server, clientId, SCOPE);
            driver.get(approved.url());
            wait.until(d -> !d.findElements(By.id("smart-consent")).isEmpty() || !d.findElements(By.id("username")).isEmpty());
            if (!driver.findElements(By.id("username")).isEmpty()) {
                driver.findElement(By.id("username")).sendKeys("alice");
                driver.findElement(By.id("password")).sendKeys("alice");
                driver.findElement(By.id("kc-login")).click();
            }
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-consent")));
            assertEquals("true", driver.findElement(By.id("smart-consent-privacy")).getAttribute("data-attested"));
            assertTrue(driver.findElement(By.id("smart-consent-privacy")).getText().contains("It does not sell your data."));
            chromium.screenshot("9-launch-after-approval-consent");
            driver.findElement(By.id("smart-consent-allow")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(BrowserLaunch.REDIRECT_URI));
            assertEquals("alice-1001", approved.exchange(driver).get("patient").asText());
        } finally {
            cleanUp(admin, uuid);
        }
    }

    @Test
    void aReviewerSeesTheWaitingApps_rejectsOneWithAReason_andApprovesItAgain(KeycloakServer server, AdminApi admin) {
        String clientId = "page-review-" + UUID.randomUUID().toString().substring(0, 8);
        String uuid = createHeldApp(admin, clientId);
        try (ChromiumBrowser chromium = new ChromiumBrowser("app-review-page")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            // the page re-renders the list after each decision: read again
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            driver.get(server.realmUrl(REALM) + "/app-review/staff");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("ravi");
            driver.findElement(By.id("password")).sendKeys("ravi");
            driver.findElement(By.id("kc-login")).click();
            By app = By.cssSelector("#review-apps .review-app[data-client-id='" + clientId + "']");
            try {
                wait.until(ExpectedConditions.visibilityOfElementLocated(app));
            } catch (org.openqa.selenium.TimeoutException e) {
                chromium.screenshot("1-not-ready");
                throw new AssertionError(driver.getCurrentUrl() + "\n" + driver.findElement(By.tagName("body")).getText()
                        + "\nconsole:\n" + chromium.console(), e);
            }
            assertTrue(driver.findElement(By.id("review-signed-in")).getText().contains("ravi"));
            assertTrue(driver.findElement(By.id("review-switch")).getText().contains("holds new apps"));
            WebElement entry = driver.findElement(app);
            assertEquals("pending", entry.getAttribute("data-state"));
            assertTrue(entry.getText().contains("Not attested"), entry.getText());
            chromium.screenshot("1-waiting");

            entry.findElement(By.cssSelector("button.review-reject")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-error")));
            assertTrue(driver.findElement(By.id("review-error")).getText().contains("reason is required"));
            assertEquals("pending", admin.getJson(REVIEW + clientId).get("state").asText(), "nothing changed");

            driver.findElement(app).findElement(By.cssSelector("input.review-reason"))
                    .sendKeys("Redirect URI on a host the app does not own (ticket 77)");
            driver.findElement(app).findElement(By.cssSelector("button.review-reject")).click();
            wait.until(d -> "rejected".equals(d.findElement(app).getAttribute("data-state"))
                    && d.findElement(app).getText().contains("ticket 77"));
            chromium.screenshot("2-rejected");

            driver.findElement(app).findElement(By.cssSelector("button.review-approve")).click();
            wait.until(d -> d.findElements(app).isEmpty());
            assertTrue(driver.findElement(By.id("review-message")).getText().contains("approved"));
            chromium.screenshot("3-approved");
            JsonNode view = admin.getJson(REVIEW + clientId);
            assertEquals("approved", view.get("state").asText(), view.toString());
            assertEquals("ravi", view.get("changedByUsername").asText(), view.toString());
            assertEquals(Members.id(admin, "ravi"), view.get("changedBy").asText());
        } finally {
            cleanUp(admin, uuid);
        }
    }

    /** A public SMART app an administrator creates while new apps are held: it waits for review. */
    private static String createHeldApp(AdminApi admin, String clientId) {
        reviewRequired(admin, true);
        try {
            assertEquals(201, admin.postJson("/realms/" + REALM + "/clients", Map.of("clientId", clientId,
                    "name", "Review test app", "publicClient", true, "standardFlowEnabled", true, "consentRequired", true,
                    "redirectUris", List.of(BrowserLaunch.REDIRECT_URI),
                    "defaultClientScopes", List.of("basic", "smart-context"),
                    "optionalClientScopes", List.of("launch/patient", "patient/Coverage.rs"),
                    "attributes", Map.of("pkce.code.challenge.method", "S256"))).statusCode());
        } catch (RuntimeException | AssertionError e) {
            reviewRequired(admin, false);
            throw e;
        }
        assertEquals("pending", admin.getJson(REVIEW + clientId).get("state").asText());
        return admin.getJson("/realms/" + REALM + "/clients?clientId=" + clientId).get(0).get("id").asText();
    }

    private static void cleanUp(AdminApi admin, String uuid) {
        reviewRequired(admin, false);
        admin.delete("/realms/" + REALM + "/clients/" + uuid);
    }

    private static void reviewRequired(AdminApi admin, boolean on) {
        ObjectNode realm = admin.getJson("/realms/" + REALM).deepCopy();
        ((ObjectNode) realm.get("attributes")).put("payer.apps.reviewRequired", String.valueOf(on));
        assertEquals(204, admin.putJson("/realms/" + REALM, realm).statusCode());
    }
}
