package org.payerauth.it.console;

import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.KeycloakServer;

/**
 * Keycloak's own admin console (the unmodified {@code keycloak.v2} admin theme) driven as an admin uses it: the
 * master-realm sign-in, the realm's left navigation, the declarative-UI forms and their alerts.
 */
final class AdminConsole {

    private final KeycloakServer server;
    private final ChromiumBrowser chromium;
    private final WebDriver driver;
    private final WebDriverWait wait;

    AdminConsole(KeycloakServer server, ChromiumBrowser chromium) {
        this.server = server;
        this.chromium = chromium;
        this.driver = chromium.driver();
        // React re-renders replace elements while a wait reads them: read again.
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    WebDriver driver() {
        return driver;
    }

    WebDriverWait await() {
        return wait;
    }

    /** Signs in as the bootstrap admin and opens the realm. */
    void signIn(String realm) {
        driver.get(server.baseUrl() + "/admin/master/console/#/" + realm);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        driver.findElement(By.id("username")).sendKeys(server.adminUsername());
        driver.findElement(By.id("password")).sendKeys(server.adminPassword());
        driver.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=currentRealm]")));
    }

    /** Follows the left navigation's link with this text. */
    void navigate(String linkText) {
        wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//nav//a[normalize-space()='" + linkText + "']"))).click();
    }

    /** Clicks the button, link or menu item with this text. */
    void click(String text) {
        click(wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//*[self::button or self::a or @role='option' or @role='menuitem'][normalize-space()='" + text + "']"))));
    }

    /** Clicks an element after scrolling it to the middle of the window (clear of the console's sticky header). */
    void click(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        try {
            element.click();
        } catch (org.openqa.selenium.ElementClickInterceptedException behindTheTabBarsScrollButton) {
            // The realm settings' tab bar scrolls sideways behind its own buttons: click as a script does.
            ((JavascriptExecutor) driver).executeScript("arguments[0].click();", element);
        }
    }

    WebElement field(String id) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    /** Replaces a field's value as a user does (React keeps the value it knows: select all, delete, type). */
    void type(String id, String text) {
        WebElement input = field(id);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", input);
        input.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"));
        input.sendKeys(org.openqa.selenium.Keys.DELETE);
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
    }

    /** Uploads a file into the file field whose text area has this id (its Browse… input). */
    void upload(String id, Path file) {
        WebElement input = driver.findElement(By.xpath("//textarea[@id='" + id
                + "']/ancestor::div[contains(@class,'pf-v5-c-file-upload')]//input[@type='file']"));
        input.sendKeys(file.toAbsolutePath().toString());
        wait.until(d -> !d.findElement(By.id(id)).getAttribute("value").isBlank());
    }

    /** Turns a switch on or off. */
    void setSwitch(String id, boolean on) {
        WebElement input = field(id);
        if (input.isSelected() != on) {
            ((JavascriptExecutor) driver).executeScript("arguments[0].click();", input);
        }
        wait.until(d -> d.findElement(By.id(id)).isSelected() == on);
    }

    /** Picks an option of a single-select list (its toggle has this id). */
    void select(String id, String option) {
        click(field(id));
        click(option);
    }

    /** Submits the form and waits for an alert that contains {@code expected}; returns its text. */
    String save(String expected, String screenshot) {
        driver.findElement(By.cssSelector("[data-testid=save]")).click();
        String alert = alert(expected);
        chromium.screenshot(screenshot);
        return alert;
    }

    /** Closes the alerts (they sit over the page header's menus). */
    void dismissAlerts() {
        ((JavascriptExecutor) driver).executeScript(
                "document.querySelectorAll('.pf-v5-c-alert-group .pf-v5-c-alert__action button').forEach(b => b.click());");
        wait.until(d -> d.findElements(By.cssSelector(".pf-v5-c-alert-group .pf-v5-c-alert__title")).isEmpty());
    }

    /** Waits for an alert that contains {@code expected}; returns its text. */
    String alert(String expected) {
        try {
            return wait.until(d -> d.findElements(By.cssSelector(".pf-v5-c-alert-group .pf-v5-c-alert__title")).stream()
                    .map(WebElement::getText)
                    .filter(text -> text.contains(expected))
                    .findFirst()
                    .orElse(null));
        } catch (org.openqa.selenium.TimeoutException e) {
            chromium.screenshot("no-alert-" + expected.replaceAll("[^A-Za-z]+", "-"));
            throw new AssertionError("No alert containing '" + expected + "'; alerts: "
                    + driver.findElements(By.cssSelector(".pf-v5-c-alert-group .pf-v5-c-alert__title")).stream()
                            .map(WebElement::getText).toList(), e);
        }
    }
}
