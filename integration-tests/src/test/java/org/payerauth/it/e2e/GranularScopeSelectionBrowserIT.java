package org.payerauth.it.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.payerauth.it.smart.Members;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * ONC (g)(10) "SMART Granular Scope Selection" (9.15) in Chromium: the app asks for whole Condition and Observation
 * access; on the consent page the member unticks both and ticks categories in plain words instead; the token carries
 * the category scopes and not the whole types. Screenshots in {@code target/e2e-screenshots/granular-scope-selection/}.
 */
@KeycloakIT
class GranularScopeSelectionBrowserIT {

    private static final String SCOPE = "launch/patient openid fhirUser patient/Patient.rs patient/Condition.rs patient/Observation.rs";

    @Test
    void theMemberSharesLabResultsAndProblemsInsteadOfAllObservationsAndConditions(KeycloakServer server, AdminApi admin) {
        String member = Members.create(admin, "Patient/gss-1", List.of("gss-1|Gia Granular|1970-07-07|self"));
        try (ChromiumBrowser chromium = new ChromiumBrowser("granular-scope-selection")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            BrowserLaunch launch = BrowserLaunch.of(server, SCOPE);
            driver.get(launch.url());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            driver.findElement(By.id("username")).sendKeys(member);
            driver.findElement(By.id("password")).sendKeys(member);
            driver.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-consent")));
            String page = driver.findElement(By.id("smart-consent")).getText();
            for (String words : List.of("lab results", "vital signs", "problem list", "health concerns", "social needs")) {
                assertTrue(page.contains(words), words + " offered:\n" + page);
            }
            chromium.screenshot("1-consent-with-categories");

            click(driver, "scope.patient/Condition.rs");
            click(driver, "scope.patient/Observation.rs");
            String lab = "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
            String problems = "patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item";
            click(driver, "scope." + lab);
            click(driver, "scope." + problems);
            chromium.screenshot("2-categories-chosen");
            driver.findElement(By.id("smart-consent-allow")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(BrowserLaunch.REDIRECT_URI));
            JsonNode token = launch.exchange(driver);
            Set<String> scope = Set.of(token.get("scope").asText().split(" "));
            assertTrue(scope.containsAll(List.of(lab, problems, "patient/Patient.rs")), scope.toString());
            assertFalse(scope.contains("patient/Condition.rs") || scope.contains("patient/Observation.rs"), scope.toString());
            assertFalse(scope.stream().anyMatch(s -> s.contains("vital-signs")), "only what was ticked: " + scope);
        }
    }

    private static void click(WebDriver driver, String field) {
        WebElement box = driver.findElement(By.cssSelector("input[name='" + field.replace("'", "\\'") + "']"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", box);
        box.click();
    }
}
