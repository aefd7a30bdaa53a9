package org.payerauth.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.payerauth.it.smart.Members;
import org.payerauth.it.smart.SmartLaunch;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.ChromiumBrowser;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * A payer's admin keeps a Patient Access report in Keycloak's admin console (headless Chromium): <em>Patient Access
 * reports</em> in the realm's navigation, <em>Create item</em> with a period; a bad date is refused naming the fields
 * and nothing is stored; a good period is counted at the save, and the list shows the two CMS numbers, equal to the
 * admin REST report of the same period. Screenshots in {@code target/e2e-screenshots/admin-console-patient-access-reports/}.
 */
@KeycloakIT
class PatientAccessReportsConsoleBrowserIT {

    private static final String TYPE = "org.keycloak.services.ui.extend.UiPageProvider";

    @Test
    void anAdminKeepsAReportOfAPeriod_andTheListShowsTheRestReportsNumbers(KeycloakServer server, AdminApi admin) {
        String patient = "prc-" + UUID.randomUUID().toString().substring(0, 8);
        String member = Members.create(admin, "Patient/" + patient, List.of(patient + "|Report Member|1985-04-05"));
        new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser()).pick(patient).launch(member);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String monthStart = today.substring(0, 8) + "01";
        String note = "console test " + UUID.randomUUID().toString().substring(0, 6);

        try (ChromiumBrowser chromium = new ChromiumBrowser("admin-console-patient-access-reports")) {
            AdminConsole console = new AdminConsole(server, chromium);
            console.signIn("payer");
            console.navigate("Patient Access reports");
            console.await().until(d -> d.getPageSource().contains("The CMS Patient Access API numbers"));
            console.click("Create item");

            console.type("config.from", "July 2025");
            console.type("config.to", today);
            console.type("config.note", note);
            String refused = console.save("From / To", "bad-date-refused");
            assertTrue(refused.contains("must be an ISO date"), refused);
            assertTrue(reports(admin, note).isEmpty(), "nothing stored");

            console.type("config.from", monthStart);
            console.save("Saved successfully", "report-saved");
            List<JsonNode> saved = reports(admin, note);
            assertEquals(1, saved.size());
            JsonNode rest = admin.getJson("/realms/payer/patient-access-metrics?from=" + monthStart + "&to=" + today);
            assertTrue(rest.get("uniquePatients").asLong() >= 1, rest.toString());
            assertEquals(rest.get("uniquePatients").asText(), saved.get(0).at("/config/uniquePatients/0").asText());
            assertEquals(rest.get("patientsTransferredMoreThanOnce").asText(),
                    saved.get(0).at("/config/patientsTransferredMoreThanOnce/0").asText());

            console.dismissAlerts();
            console.navigate("Patient Access reports");
            String period = monthStart + " to " + today;
            console.await().until(d -> d.findElements(By.xpath("//td[.//a[normalize-space()='" + period + "']]")).size() > 0);
            String row = console.driver().findElement(By.xpath("//tr[td//a[normalize-space()='" + period + "']]")).getText();
            assertTrue(row.contains(rest.get("uniquePatients").asText()), row);
            chromium.screenshot("report-listed");
        } finally {
            for (JsonNode report : reports(admin, note)) {
                admin.delete("/realms/payer/components/" + report.get("id").asText());
            }
        }
    }

    private static List<JsonNode> reports(AdminApi admin, String note) {
        List<JsonNode> found = new java.util.ArrayList<>();
        for (JsonNode component : admin.getJson("/realms/payer/components?type=" + TYPE)) {
            if ("payer-patient-access-reports".equals(component.get("providerId").asText())
                    && note.equals(component.at("/config/note/0").asText())) {
                found.add(component);
            }
        }
        return found;
    }
}
