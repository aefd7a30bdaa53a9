package org.payerauth.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.pki.Pem;
import org.payerauth.udap.registration.SoftwareStatementBuilder;

/**
 * A payer's admin manages a UDAP trust community in Keycloak's admin console (headless Chromium): signs in, opens
 * <em>Trust communities</em> from the realm's navigation, uploads PEM files, is told what is wrong with a bad file and
 * a key of another certificate (and nothing is stored), saves a good community, and an app then registers against
 * it; the app's registration shows read-only in its client's pages, and switching the client off blocks it; the
 * community is edited (the masked key kept) and deleted in the console. Screenshots in
 * {@code target/e2e-screenshots/admin-console-trust-community/}.
 */
@KeycloakIT
class AdminConsoleBrowserIT {

    private static final String REALM = "payer";
    private static final String COMMUNITY = "udap://console.test/community";
    private static final String COMPONENTS = "/realms/" + REALM + "/components";
    private static final String CONSOLE_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";

    @Test
    void anAdminCreatesATrustCommunityByUploadingPemFilesAndAnAppRegistersAgainstIt(KeycloakServer server, AdminApi admin,
                                                                                  @TempDir Path files) throws Exception {
        CertificateAuthority root = CertificateAuthority.newRoot("Console test community", KeyAlgorithm.RSA_2048);
        IssuedCertificate serverCertificate = root.issue(LeafSpec.builder("Payer server")
                .sanUri(server.realmUrl(REALM)).build());
        IssuedCertificate other = root.issue(LeafSpec.builder("Someone else").sanUri("https://other.test").build());
        Path anchors = Files.writeString(files.resolve("community-root.pem"), Pem.certificate(root.certificate()));
        Path notPem = Files.writeString(files.resolve("root.crt.txt"), "this file holds no certificate\n");
        Path serverChain = Files.writeString(files.resolve("server-chain.pem"), Pem.certificates(serverCertificate.chain()));
        Path crls = Files.writeString(files.resolve("community.crl.pem"), Pem.crl(root.crl()));
        Path otherKey = Files.writeString(files.resolve("someone-else.key"), Pem.privateKey(other.privateKey()));
        Path serverKey = Files.writeString(files.resolve("server.key"), Pem.privateKey(serverCertificate.privateKey()));

        try (ChromiumBrowser chromium = new ChromiumBrowser("admin-console-trust-community")) {
            AdminConsole console = new AdminConsole(server, chromium);
            console.signIn(REALM);
            console.navigate("Trust communities");
            console.await().until(d -> d.getPageSource().contains("UDAP trust communities"));
            chromium.screenshot("trust-communities-empty");
            console.click("Create item");

            // 1. A file that is not PEM: refused, named by its field; nothing stored.
            console.type("config.communityUri", COMMUNITY);
            console.upload("trustAnchors", notPem);
            chromium.screenshot("form-with-a-bad-file");
            String refused = console.save("Trust anchors [trustAnchors]", "bad-file-refused");
            assertTrue(refused.contains("not a PEM certificate"), refused);
            assertTrue(communities(admin).isEmpty());

            // 2. The right anchors, the server chain, uploaded CRLs, and the key of another certificate: refused.
            console.upload("trustAnchors", anchors);
            console.upload("signingCertificateChain", serverChain);
            console.select("revocationSource", "uploaded-crls");
            console.upload("crls", crls);
            console.upload("signingKey", otherKey);
            refused = console.save("does not belong to any certificate", "key-of-another-certificate-refused");
            assertTrue(refused.contains("Server private key [signingKey]"), refused);
            assertTrue(communities(admin).isEmpty());

            // 3. The server's own key: saved.
            console.upload("signingKey", serverKey);
            console.save("Saved successfully", "community-saved");
            List<JsonNode> saved = communities(admin);
            assertEquals(1, saved.size());
            JsonNode community = saved.get(0);
            assertEquals(CONSOLE_TYPE, community.get("providerType").asText());
            assertEquals("**********", community.at("/config/signingKey/0").asText(), "the key is never read back");

            // 4. The realm's UDAP metadata for the community is signed with the uploaded certificate, and an app of
            //    the community registers.
            assertEquals(serverCertificate.certificate(), signingCertificate(server));
            IssuedCertificate app = root.issue(LeafSpec.builder("Console test app").sanUri("https://console-app.test/ac").build());
            HttpResponse<String> registered = register(server, app);
            assertEquals(201, registered.statusCode(), registered.body());
            String clientId = Http.json(registered).get("client_id").asText();

            // 5. The app's registration in its client's pages, read-only: the description names the certificate and
            //    its expiry; the Credentials tab shows what the registration recorded.
            String internalId = internalId(admin, clientId);
            console.driver().get(server.baseUrl() + "/admin/master/console/#/" + REALM + "/clients/" + internalId + "/settings");
            console.await().until(d -> d.getPageSource().contains("certificate CN=Console test app"));
            chromium.screenshot("registered-app-settings");
            console.click("Credentials");
            org.openqa.selenium.WebElement iss = console.await().until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='udap.iss']")));
            assertEquals("https://console-app.test/ac", iss.getAttribute("value"));
            assertEquals(admin.getJson("/realms/" + REALM + "/clients/" + internalId).at("/attributes/udap.certificate.sha256").asText(),
                    console.driver().findElement(By.cssSelector("[data-testid='udap.certificate.sha256']")).getAttribute("value"));
            assertEquals(COMMUNITY, console.driver().findElement(By.cssSelector("[data-testid='udap.community']")).getAttribute("value"));
            chromium.screenshot("registered-app-credentials");

            // 6. Blocked: the admin switches the client off; the app can no longer register itself back on.
            org.openqa.selenium.WebElement enabled = console.driver().findElement(By.cssSelector("[data-testid='" + clientId + "-switch']"));
            ((org.openqa.selenium.JavascriptExecutor) console.driver()).executeScript("arguments[0].click();", enabled);
            console.click(console.await().until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=confirm]"))));
            console.await().until(d -> !admin.getJson("/realms/" + REALM + "/clients/" + internalId).get("enabled").asBoolean());
            chromium.screenshot("registered-app-disabled");
            HttpResponse<String> again = register(server, app);
            assertEquals(400, again.statusCode(), again.body());
            assertEquals("unapproved_software_statement", Http.json(again).get("error").asText());
            assertFalse(admin.getJson("/realms/" + REALM + "/clients/" + internalId).get("enabled").asBoolean());

            // 7. Listed; opened; edited: the masked key is kept.
            console.navigate("Trust communities");
            console.await().until(d -> !d.findElements(By.linkText(COMMUNITY)).isEmpty());
            chromium.screenshot("trust-communities-listed");
            console.click(console.driver().findElement(By.linkText(COMMUNITY)));
            console.await().until(d -> COMMUNITY.equals(d.findElement(By.id("config.communityUri")).getAttribute("value")));
            assertEquals("**********", console.field("signingKey").getAttribute("value"), "the key reads back masked");
            console.setSwitch("trustedForIdentityProviders", true);
            console.save("Saved successfully", "community-edited");
            JsonNode edited = communities(admin).get(0);
            assertEquals("true", edited.at("/config/trustedForIdentityProviders/0").asText());
            assertEquals(serverCertificate.certificate(), signingCertificate(server), "the stored key still signs");

            // 8. Deleted from its page.
            console.dismissAlerts();
            console.click(console.driver().findElement(By.cssSelector("[data-testid=action-dropdown]")));
            console.click(console.await().until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=delete-item]"))));
            console.click(console.await().until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=confirm]"))));
            console.alert("The item has been deleted");
            chromium.screenshot("community-deleted");
            assertTrue(communities(admin).isEmpty());
            admin.delete("/realms/" + REALM + "/clients/" + internalId);
        } finally {
            communities(admin).forEach(c -> admin.delete(COMPONENTS + "/" + c.get("id").asText()));
        }
    }

    @Test
    void anAdminChangesTheRealmsSmartAndUdapSettingsInTheConsole_aBadValueIsRefusedAtSave(KeycloakServer server,
                                                                                         AdminApi admin) {
        String maxClients = "udap.maxClients";
        try (ChromiumBrowser chromium = new ChromiumBrowser("admin-console-realm-settings")) {
            AdminConsole console = new AdminConsole(server, chromium);
            console.signIn(REALM);
            console.navigate("Realm settings");
            console.click("SMART / UDAP");
            // The tab shows the settings in force: the demo realm file sets the Tiered OAuth contacts.
            console.await().until(d -> "mailto:tiered-oauth@payer-auth.dev".equals(
                    console.field("config.tieredContacts").getAttribute("value")));
            chromium.screenshot("smart-udap-tab");
            // The user-access brand the demo publishes, on the same tab.
            org.openqa.selenium.WebElement brandName = console.field("config.brandName");
            ((org.openqa.selenium.JavascriptExecutor) console.driver()).executeScript("arguments[0].scrollIntoView()", brandName);
            assertEquals("payer-auth demo health plan", brandName.getAttribute("value"));
            chromium.screenshot("smart-udap-tab-brand");

            console.type("config.maxClients", "lots");
            String refused = console.save("[udap.maxClients]", "bad-number-refused");
            assertTrue(refused.contains("must be a whole number"), refused);
            assertEquals("", attribute(admin, maxClients), "nothing written");

            console.type("config.maxClients", "5000");
            console.save("Saved successfully", "quota-saved");
            assertEquals("5000", attribute(admin, maxClients));

            // Changed elsewhere (kcadm, REST): the tab shows it.
            setAttribute(admin, maxClients, "6000");
            console.driver().navigate().refresh();
            console.await().until(d -> "6000".equals(console.field("config.maxClients").getAttribute("value")));

            // A cleared field removes the setting.
            console.type("config.maxClients", "");
            console.save("Saved successfully", "quota-cleared");
            assertEquals("", attribute(admin, maxClients));
        } finally {
            setAttribute(admin, maxClients, "");
        }
    }

    @Test
    void anAdminRecordsAMembersDataSharingChoiceOnTheMembersPage_withAReason(KeycloakServer server, AdminApi admin) {
        String patient = "p-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String member = org.payerauth.it.smart.Members.create(admin, "Patient/" + patient,
                java.util.List.of(patient + "|Console Member|1966-06-06"));
        String userId = org.payerauth.it.smart.Members.id(admin, member);
        try (ChromiumBrowser chromium = new ChromiumBrowser("admin-console-data-sharing")) {
            AdminConsole console = new AdminConsole(server, chromium);
            console.signIn(REALM);
            console.driver().get(server.baseUrl() + "/admin/master/console/#/" + REALM + "/users/" + userId + "/settings");
            console.click("Data sharing");
            console.field("config.patient");
            chromium.screenshot("data-sharing-tab");

            String shown = console.save("Current choices for Console Member", "data-sharing-shown");
            assertTrue(shown.contains("Provider Access SHARED (never changed)"), shown);

            console.select("choice", "Payer-to-Payer");
            console.select("value", "ALL_DATA");
            String refused = console.save("needs a reason", "data-sharing-no-reason");
            assertTrue(refused.contains("reason"), refused);
            assertEquals(0, history(admin, userId).size(), "nothing recorded");

            console.type("reason", "Member's letter of 2026-12-01");
            console.save("Saved successfully", "data-sharing-recorded");

            // a second save updates the tab's component, which Keycloak keeps only declared keys of: still recorded
            console.dismissAlerts();
            console.select("choice", "Sensitive data for apps");
            console.select("value", "INCLUDE");
            console.type("reason", "Member's call of 2026-12-02");
            console.save("Saved successfully", "data-sharing-recorded-again");
        }
        com.fasterxml.jackson.databind.JsonNode history = history(admin, userId);
        assertEquals(2, history.size(), history.toString());
        assertEquals("INCLUDE", history.get(1).get("value").asText(), history.toString());
        assertEquals("ALL_DATA", history.get(0).get("value").asText());
        assertEquals("STAFF", history.get(0).get("actingAs").asText());
        assertEquals("ADMIN_CONSOLE", history.get(0).get("channel").asText());
        assertEquals("Member's letter of 2026-12-01", history.get(0).get("reason").asText());
        String stored = admin.getJson("/realms/" + REALM + "/components?type=org.keycloak.services.ui.extend.UiTabProvider").toString();
        assertFalse(stored.contains(userId) || stored.contains("letter"), "the tab's component keeps nothing of a member: " + stored);
    }

    private static com.fasterxml.jackson.databind.JsonNode history(AdminApi admin, String userId) {
        return admin.getJson("/realms/" + REALM + "/data-sharing/users/" + userId).get("patients").get(0).get("history");
    }

    private static String attribute(AdminApi admin, String name) {
        return admin.getJson("/realms/" + REALM).path("attributes").path(name).asText("");
    }

    private static void setAttribute(AdminApi admin, String name, String value) {
        com.fasterxml.jackson.databind.node.ObjectNode realm = admin.getJson("/realms/" + REALM).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) realm.get("attributes")).put(name, value);
        assertEquals(204, admin.putJson("/realms/" + REALM, realm).statusCode());
    }

    /** The console test app registers (a fresh software statement each time). */
    private static HttpResponse<String> register(KeycloakServer server, IssuedCertificate app) {
        String endpoint = server.realmUrl(REALM) + "/clients-registrations/udap";
        String statement = SoftwareStatementBuilder.authorizationCode("https://console-app.test/ac", endpoint)
                .redirectUris(List.of("https://console-app.test/callback"))
                .scope("openid launch/patient patient/*.read")
                .sign(app.privateKey(), app.chain());
        return Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(SoftwareStatementBuilder.registrationRequest(statement)))
                .build());
    }

    /** The realm's trust communities with the test's URI, of either type. */
    private static List<JsonNode> communities(AdminApi admin) {
        List<JsonNode> found = new java.util.ArrayList<>();
        for (String type : List.of(CONSOLE_TYPE, "org.payerauth.keycloak.udap.community.TrustCommunityProvider")) {
            admin.getJson(COMPONENTS + "?type=" + type).forEach(c -> {
                if (COMMUNITY.equals(c.at("/config/communityUri/0").asText())) {
                    found.add(c);
                }
            });
        }
        return found;
    }

    private static java.security.cert.X509Certificate signingCertificate(KeycloakServer server) throws Exception {
        JsonNode metadata = Http.json(Http.get(server.realmUrl(REALM) + "/.well-known/udap?community=" + Http.encode(COMMUNITY)));
        SignedJWT signed = SignedJWT.parse(metadata.get("signed_metadata").asText());
        byte[] der = signed.getHeader().getX509CertChain().get(0).decode();
        return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    private static String internalId(AdminApi admin, String clientId) {
        JsonNode clients = admin.getJson("/realms/" + REALM + "/clients?clientId=" + Http.encode(clientId));
        assertFalse(clients.isEmpty());
        return clients.get(0).get("id").asText();
    }
}
