package org.payerauth.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.payerauth.it.smart.Members;
import org.payerauth.it.smart.SmartLaunch;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * The Patient Access API metrics page ({@code /realms/payer/patient-access-metrics/report}): the demo compliance login
 * {@code cora} (realm-management {@code view-events}) signs in and sees the two CMS numbers, the table and chart by month and the per-app table, equal to the admin REST report; a
 * staff login without {@code view-events} ({@code sam}) is told which role is missing. Screenshots in
 * {@code target/e2e-screenshots/patient-access-metrics-page/}.
 */
@KeycloakIT
class PatientAccessMetricsPageBrowserIT {

    private static final String PAGE_PATH = "/realms/payer/patient-access-metrics/report";

    @Test
    void staffWithViewEventsSeeTheRestReportsNumbers_inTablesAndAChart(KeycloakServer server, AdminApi admin) {
        String patient = "pmp-" + UUID.randomUUID().toString().substring(0, 8);
        String member = Members.create(admin, "Patient/" + patient, List.of(patient + "|Page Member|1990-02-03"));
        new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser()).pick(patient).launch(member);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String monthStart = today.substring(0, 8) + "01";

        try (ChromiumBrowser chromium = new ChromiumBrowser("patient-access-metrics-page")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(server.baseUrl() + PAGE_PATH);
            signIn(wait, driver, "cora");
            try {
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("metrics-report")));
            } catch (org.openqa.selenium.TimeoutException e) {
                chromium.screenshot("1-not-ready");
                throw new AssertionError(driver.getCurrentUrl() + "\n" + driver.findElement(By.tagName("body")).getText()
                        + "\nconsole:\n" + chromium.console(), e);
            }
            assertTrue(driver.findElement(By.id("metrics-signed-in")).getText().contains("cora"));
            assertTrue(driver.getCurrentUrl().endsWith(PAGE_PATH), "the code is gone from the address: " + driver.getCurrentUrl());
            int lastYear = LocalDate.now(ZoneOffset.UTC).getYear() - 1;
            assertEquals(lastYear + "-01-01", driver.findElement(By.id("metrics-from")).getAttribute("value"),
                    "the previous calendar year by default");
            assertEquals(12, driver.findElements(By.cssSelector("#metrics-chart svg rect")).size(), "one bar per month");

            setDate(driver, "metrics-from", monthStart);
            setDate(driver, "metrics-to", today);
            driver.findElement(By.id("metrics-show")).click();
            JsonNode rest = admin.getJson("/realms/payer/patient-access-metrics?from=" + monthStart + "&to=" + today);
            String unique = rest.get("uniquePatients").asText();
            wait.until(d -> unique.equals(d.findElement(By.id("metrics-unique")).getText()));
            assertTrue(rest.get("uniquePatients").asLong() >= 1, rest.toString());
            assertEquals(rest.get("patientsTransferredMoreThanOnce").asText(),
                    driver.findElement(By.id("metrics-more-than-once")).getText());
            String month = today.substring(0, 7);
            assertEquals(rest.get("perMonth").get(month).asText(), driver.findElement(
                    By.cssSelector("#metrics-months tr[data-key='" + month + "'] td:nth-child(2)")).getText());
            String app = SmartLaunch.App.PUBLIC.clientId();
            assertEquals(rest.get("perApp").get(app).asText(), driver.findElement(
                    By.cssSelector("#metrics-apps tr[data-key='" + app + "'] td:nth-child(2)")).getText());
            assertEquals(1, driver.findElements(By.cssSelector("#metrics-chart svg rect[data-month='" + month + "']")).size());
            assertTrue(driver.findElement(By.id("metrics-definitions")).getText().contains("an access token for the patient"),
                    driver.findElement(By.id("metrics-definitions")).getText());
            assertTrue(driver.findElement(By.id("metrics-error")).getText().isEmpty());
            chromium.screenshot("1-report");

            driver.findElement(By.id("metrics-csv")).click();
            assertTrue(driver.findElement(By.id("metrics-error")).getText().isEmpty(), "the CSV download worked");
        }

        try (ChromiumBrowser chromium = new ChromiumBrowser("patient-access-metrics-page")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(server.baseUrl() + PAGE_PATH);
            signIn(wait, driver, "sam");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("metrics-error")));
            assertTrue(driver.findElement(By.id("metrics-error")).getText().contains("view-events"),
                    driver.findElement(By.id("metrics-error")).getText());
            assertTrue(!driver.findElement(By.id("metrics-report")).isDisplayed(), "no numbers without the role");
            chromium.screenshot("2-without-view-events");
        }
    }

    private static void signIn(WebDriverWait wait, WebDriver driver, String user) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(user);
        driver.findElement(By.id("kc-login")).click();
    }

    /** Sets a date field as the page reads it (typing into a date input depends on the browser's locale). */
    private static void setDate(WebDriver driver, String id, String isoDate) {
        ((JavascriptExecutor) driver).executeScript("document.getElementById(arguments[0]).value = arguments[1];", id, isoDate);
    }
}
