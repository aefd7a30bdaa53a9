package org.payerauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver ({@code apt-get install chromium chromium-driver};
 * {@code .ci/run} installs them). Paths can be overridden with {@code -Dkc.it.chromium} / {@code -Dkc.it.chromedriver}.
 * No network access beyond what the test asks for: background networking, sync and updates are off.
 */
public final class ChromiumBrowser implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path userDataDir;
    private final Path screenshots;
    private int shot;

    public ChromiumBrowser(String testName) {
        Path chromium = Path.of(System.getProperty("kc.it.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("kc.it.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            throw new IllegalStateException("Browser tests need Chromium and chromedriver (Debian: apt-get install "
                    + "chromium chromium-driver; .ci/run does it). Not found: " + chromium + " / " + chromedriver);
        }
        try {
            userDataDir = Files.createTempDirectory("payer-auth-chromium");
            screenshots = Files.createDirectories(Path.of(System.getProperty("kc.it.screenshots", "target/e2e-screenshots"))
                    .resolve(testName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000", "--user-data-dir=" + userDataDir);
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    public WebDriver driver() {
        return driver;
    }

    /** The browser console so far (errors of the page's scripts), for failure messages. */
    public String console() {
        StringBuilder out = new StringBuilder();
        driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                .forEach(entry -> out.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n'));
        return out.toString();
    }

    /** Saves a PNG of the current page as {@code target/e2e-screenshots/<test>/NN-name.png}. */
    public Path screenshot(String name) {
        try {
            Path target = screenshots.resolve(String.format("%02d-%s.png", ++shot, name));
            Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(userDataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
