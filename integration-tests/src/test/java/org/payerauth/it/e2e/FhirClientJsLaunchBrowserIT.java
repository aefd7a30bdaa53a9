package org.payerauth.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.FhirClientJs;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.Jwt;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * An unmodified SMART client, the {@code fhirclient} JavaScript library, pointed at the realm URL as its {@code iss}:
 * it discovers the endpoints from {@code .well-known/smart-configuration}, sends {@code aud} and PKCE S256 on its own,
 * and after the representative picks a patient it holds {@code patient}, an id_token with {@code fhirUser} and a
 * refresh token. The app is served on http://localhost:3000 (the demo client's registered redirect URI).
 */
@KeycloakIT
class FhirClientJsLaunchBrowserIT {

    private static final int APP_PORT = 3000;

    @Test
    void fhirclientLaunchesAgainstTheRealmUrl(KeycloakServer server) throws Exception {
        Path bundle = FhirClientJs.bundle();
        String iss = server.realmUrl("payer");
        HttpServer app = startApp(bundle, iss);
        try (ChromiumBrowser chromium = new ChromiumBrowser("fhirclient-js")) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));

            driver.get("http://localhost:" + APP_PORT + "/launch");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            assertTrue(driver.getCurrentUrl().contains("aud="), "fhirclient sends aud: " + driver.getCurrentUrl());
            assertTrue(driver.getCurrentUrl().contains("code_challenge_method=S256"), driver.getCurrentUrl());
            driver.findElement(By.id("username")).sendKeys("rita");
            driver.findElement(By.id("password")).sendKeys("rita");
            driver.findElement(By.id("kc-login")).click();

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-patient-picker")));
            driver.findElement(By.cssSelector("label[for=patient-mona-2003]")).click();
            chromium.screenshot("picker");
            driver.findElement(By.id("smart-pick")).click();

            wait.until(d -> d.getCurrentUrl().startsWith("http://localhost:" + APP_PORT + "/callback")
                    || !d.findElements(By.id("smart-consent-allow")).isEmpty());
            if (!driver.findElements(By.id("smart-consent-allow")).isEmpty()) {
                chromium.screenshot("consent");
                driver.findElement(By.id("smart-consent-allow")).click();
            }

            wait.until(d -> "ready".equals(d.getTitle()) || "error".equals(d.getTitle()));
            chromium.screenshot("app-ready");
            String out = driver.findElement(By.id("out")).getText();
            assertEquals("ready", driver.getTitle(), out);
            JsonNode result = Http.JSON.readTree(out);
            assertEquals("mona-2003", result.get("patient").asText());
            // fhirclient reduces the id_token's absolute fhirUser to "Type/id"
            assertEquals("RelatedPerson/rita-rp-2001", result.get("fhirUser").asText());
            JsonNode token = result.get("tokenResponse");
            assertTrue(token.hasNonNull("refresh_token"), "refresh token: " + token.fieldNames());
            assertEquals(iss + "/RelatedPerson/rita-rp-2001", Jwt.claims(token.get("id_token").asText()).get("fhirUser").asText());
            assertEquals(iss, Jwt.claims(token.get("access_token").asText()).get("aud").asText());
        } finally {
            app.stop(0);
        }
    }

    private static HttpServer startApp(Path bundle, String iss) throws IOException {
        HttpServer app;
        try {
            app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), APP_PORT), 0);
        } catch (BindException e) {
            throw new IllegalStateException("port " + APP_PORT + " (the demo client's redirect URI) is in use", e);
        }
        byte[] js = Files.readAllBytes(bundle);
        app.createContext("/fhir-client.min.js", exchange -> respond(exchange, "application/javascript", js));
        app.createContext("/launch", exchange -> respond(exchange, "text/html", page("""
                FHIR.oauth2.authorize({
                  iss: %s,
                  clientId: "smart-demo-public",
                  scope: "launch/patient openid fhirUser offline_access patient/*.read",
                  redirectUri: "http://localhost:%d/callback"
                });
                """.formatted(Http.JSON.valueToTree(iss).toString(), APP_PORT))));
        app.createContext("/callback", exchange -> respond(exchange, "text/html", page("""
                FHIR.oauth2.ready().then(function (client) {
                  document.getElementById("out").textContent = JSON.stringify({
                    patient: client.patient.id,
                    fhirUser: client.user.fhirUser,
                    tokenResponse: client.state.tokenResponse
                  });
                  document.title = "ready";
                }).catch(function (e) {
                  document.getElementById("out").textContent = "ERROR " + e;
                  document.title = "error";
                });
                """)));
        app.start();
        return app;
    }

    private static byte[] page(String script) {
        return ("<!doctype html><html><head><title>app</title><script src=\"/fhir-client.min.js\"></script></head>"
                + "<body><pre id=\"out\"></pre><script>" + script + "</script></body></html>").getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
