package org.payerauth.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.payerauth.it.smart.Members;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * Staff record a member's data-sharing choice on the staff page ({@code /realms/payer/data-sharing/staff}): the demo
 * staff login {@code sam} signs in (PKCE, public client), opens the member, is refused without a reason, records a
 * Payer-to-Payer opt-in with one, and sees it in the history; the admin REST API has it as a staff change by sam.
 * Screenshots in {@code target/e2e-screenshots/staff-page/}.
 */
@KeycloakIT
class StaffPageBrowserIT {

    @Test
    void staffRecordAChoiceWithAReason_andSeeItInTheHistory(KeycloakServer server, AdminApi admin) {
        String patient = "p-" + UUID.randomUUID().toString().substring(0, 8);
        String member = Members.create(admin, "Patient/" + patient, List.of(patient + "|Pat Caller|1970-06-07"));
        String memberId = Members.id(admin, member);
        try (ChromiumBrowser chromium = new ChromiumBrowser("staff-page")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(server.realmUrl("payer") + "/data-sharing/staff?user=" + memberId);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            driver.findElement(By.id("username")).sendKeys("sam");
            driver.findElement(By.id("password")).sendKeys("sam");
            driver.findElement(By.id("kc-login")).click();
            try {
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".staff-patient[data-patient='" + patient + "']")));
            } catch (org.openqa.selenium.TimeoutException e) {
                chromium.screenshot("1-not-ready");
                throw new AssertionError(driver.getCurrentUrl() + "\n" + driver.findElement(By.tagName("body")).getText()
                        + "\nconsole:\n" + chromium.console(), e);
            }
            assertTrue(driver.findElement(By.id("staff-signed-in")).getText().contains("sam"));
            assertTrue(driver.getCurrentUrl().endsWith("/data-sharing/staff"), "the code is gone from the address: " + driver.getCurrentUrl());
            chromium.screenshot("1-member");

            // without a reason: refused, nothing recorded
            row(driver, "PROVIDER_ACCESS").findElement(By.cssSelector("button.staff-record")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("staff-error")));
            assertTrue(driver.findElement(By.id("staff-error")).getText().contains("reason"),
                    driver.findElement(By.id("staff-error")).getText());

            WebElement p2p = row(driver, "PAYER_TO_PAYER");
            new Select(p2p.findElement(By.cssSelector("select.staff-value"))).selectByValue("ALL_EXCEPT_SENSITIVE");
            p2p.findElement(By.cssSelector("input.staff-reason")).sendKeys("Member called, ticket 5150");
            p2p.findElement(By.cssSelector("button.staff-record")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("staff-message")));
            wait.until(d -> "ALL_EXCEPT_SENSITIVE".equals(row(d, "PAYER_TO_PAYER").getAttribute("data-value")));
            assertTrue(driver.findElement(By.cssSelector(".staff-history")).getText().contains("ticket 5150"));
            chromium.screenshot("2-recorded");
        }
        JsonNode recorded = admin.getJson("/realms/payer/data-sharing/users/" + memberId).get("patients").get(0).get("history");
        assertEquals(1, recorded.size(), recorded.toString());
        assertEquals("STAFF", recorded.get(0).get("actingAs").asText());
        assertEquals(Members.id(admin, "sam"), recorded.get(0).get("changedBy").asText());
        assertEquals("Member called, ticket 5150", recorded.get(0).get("reason").asText());
    }

    private static WebElement row(WebDriver driver, String choice) {
        return driver.findElement(By.cssSelector(".staff-patient tr[data-choice='" + choice + "']"));
    }
}
