package org.payerauth.it.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.payerauth.it.smart.Members;
import org.payerauth.it.smart.SmartLaunch;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.it.support.TestClock;

/**
 * The CMS Patient Access API metrics over real launches: a member's own launch and a representative's launch count
 * once each, by patient; a refresh the same day adds nothing; introspection is the other definition of a transfer; the
 * payer's own apps are left out; JSON and CSV agree; a period before recording began says it is incomplete; deleting
 * a user changes no past count; bad parameters and missing credentials are refused. Other test classes launch on the
 * same server the same day, so the numbers asserted are differences across this test's own traffic.
 */
@KeycloakIT
class PatientAccessMetricsIT {

    private static final String APP = SmartLaunch.App.PUBLIC.clientId();

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    private static JsonNode report(AdminApi admin, String query) {
        HttpResponse<String> response = admin.get("/realms/payer/patient-access-metrics?" + query);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        return Http.json(response);
    }

    private static JsonNode today(AdminApi admin) {
        return report(admin, "from=" + today() + "&to=" + today());
    }

    private static void setting(AdminApi admin, String name, String value) {
        ObjectNode realm = admin.getJson("/realms/payer").deepCopy();
        ObjectNode attributes = realm.has("attributes") ? (ObjectNode) realm.get("attributes") : realm.putObject("attributes");
        attributes.put(name, value);
        assertEquals(204, admin.putJson("/realms/payer", realm).statusCode());
    }

    @Test
    void launchesCountOncePerPatient_byEitherDefinition_leavingOutThePayersOwnApps(KeycloakServer server, AdminApi admin) {
        String own = "pam-" + UUID.randomUUID().toString().substring(0, 8);
        String child = "pac-" + UUID.randomUUID().toString().substring(0, 8);
        String member = Members.create(admin, "Patient/" + own, List.of(own + "|Pat Member|1980-01-01"));
        String parent = Members.create(admin, "RelatedPerson/rp-" + child,
                List.of(child + "|Kid Member|2015-01-01", "pac-other|Other Kid|2016-01-01"));
        JsonNode before = today(admin);
        setting(admin, "payer.metrics.transfer", "introspection");
        JsonNode introspectedBefore = today(admin);
        setting(admin, "payer.metrics.transfer", "");

        SmartLaunch ownLaunch = new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser()).pick(own);
        JsonNode ownToken = ownLaunch.launch(member);
        SmartLaunch childLaunch = new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser()).pick(child);
        JsonNode childToken = childLaunch.launch(parent);
        assertEquals(child, childToken.get("patient").asText());
        assertEquals(200, childLaunch.refresh(childToken.get("refresh_token").asText(), null).statusCode());
        assertTrue(ownLaunch.introspect(ownToken.get("access_token").asText()).get("active").asBoolean());

        JsonNode after = today(admin);
        assertEquals(2, after.get("uniquePatients").asLong() - before.get("uniquePatients").asLong(),
                "the member's patient and the represented child, each once (a refresh the same day adds nothing)");
        assertEquals(before.get("patientsTransferredMoreThanOnce").asLong(), after.get("patientsTransferredMoreThanOnce").asLong(),
                "one day is never more than once");
        assertEquals("token", after.get("definitions").get("transfer").asText());
        assertTrue(after.get("complete").asBoolean(), after.toString());
        assertTrue(after.get("perApp").has(APP), after.toString());

        setting(admin, "payer.metrics.transfer", "introspection");
        try {
            JsonNode introspected = today(admin);
            assertEquals(1, introspected.get("uniquePatients").asLong() - introspectedBefore.get("uniquePatients").asLong(),
                    "only the member's own token was introspected");
        } finally {
            setting(admin, "payer.metrics.transfer", "");
        }

        setting(admin, "payer.metrics.excludedClients", APP);
        try {
            JsonNode excluded = today(admin);
            assertTrue(!excluded.get("perApp").has(APP), excluded.toString());
            assertTrue(excluded.get("uniquePatients").asLong() <= after.get("uniquePatients").asLong() - 2, excluded.toString());
        } finally {
            setting(admin, "payer.metrics.excludedClients", "");
        }

        HttpResponse<String> csv = admin.get("/realms/payer/patient-access-metrics?format=csv&from=" + today() + "&to=" + today());
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), csv.headers().toString());
        assertTrue(csv.body().contains("uniquePatients,," + after.get("uniquePatients").asLong() + "\r\n"), csv.body());

        admin.delete("/realms/payer/users/" + Members.id(admin, member));
        assertEquals(after.get("uniquePatients").asLong(), today(admin).get("uniquePatients").asLong(),
                "deleting a user changes no past count");
    }

    /**
     * Known traffic on days no other test touches (the server's clock moved 40 and 41 days ahead), so the numbers are
     * exact: on day 1 a member launches the third-party app for herself, a parent for his child, and a second member
     * only the payer's own app; on day 2 the member's app refreshes her offline token (a transfer on a second day), the
     * payer's own app refreshes too. Two patients, one of them more than once; with the payer's own app counted, three.
     */
    @Test
    void trafficOnSeveralDays_givesTheExactNumbers_inJsonAndCsv(KeycloakServer server, AdminApi admin) {
        String own = "pmd-" + UUID.randomUUID().toString().substring(0, 8);
        String child = "pmc-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "pmo-" + UUID.randomUUID().toString().substring(0, 8);
        String member = Members.create(admin, "Patient/" + own, List.of(own + "|Dana Member|1980-01-01"));
        String parent = Members.create(admin, "RelatedPerson/rp-" + child, List.of(child + "|Kid Member|2015-01-01"));
        String otherMember = Members.create(admin, "Patient/" + other, List.of(other + "|Olu Member|1970-01-01"));
        String payersApp = SmartLaunch.App.CONFIDENTIAL.clientId();
        LocalDate day1;
        LocalDate day2;
        setting(admin, "payer.metrics.excludedClients", payersApp);
        try (TestClock clock = TestClock.of(server, admin)) {
            clock.advance(Duration.ofDays(40));
            day1 = LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
            JsonNode ownToken = new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser()).pick(own).launch(member);
            assertEquals(own, ownToken.get("patient").asText());
            JsonNode childToken = new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser()).pick(child).launch(parent);
            assertEquals(child, childToken.get("patient").asText());
            SmartLaunch payersLaunch = new SmartLaunch(server, SmartLaunch.App.CONFIDENTIAL, new Browser()).pick(other);
            JsonNode payersToken = payersLaunch.launch(otherMember);
            assertEquals(other, payersToken.get("patient").asText());

            clock.advance(Duration.ofDays(1));
            day2 = LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
            HttpResponse<String> refreshed = new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser())
                    .refresh(ownToken.get("refresh_token").asText(), null);
            assertEquals(200, refreshed.statusCode(), "an offline token refreshed a day later: " + refreshed.body());
            assertEquals(own, Http.json(refreshed).get("patient").asText());
            assertEquals(200, payersLaunch.refresh(payersToken.get("refresh_token").asText(), null).statusCode());

            String period = "from=" + day1 + "&to=" + day2;
            JsonNode report = report(admin, period);
            assertEquals(2, report.get("uniquePatients").asLong(), report.toString());
            assertEquals(1, report.get("patientsTransferredMoreThanOnce").asLong(), "the member, on two days: " + report);
            assertEquals(List.of(APP), fieldNames(report.get("perApp")), "the payer's own app is left out: " + report);
            assertEquals("<11", report.get("perApp").get(APP).asText(), "a small cell is shown as such");
            assertEquals(List.of(payersApp), List.of(report.get("definitions").get("excludedClients").get(0).asText()));
            String csv = admin.get("/realms/payer/patient-access-metrics?format=csv&" + period).body();
            assertTrue(csv.contains("\r\nuniquePatients,,2\r\npatientsTransferredMoreThanOnce,,1\r\n"), csv);
            assertTrue(csv.contains("\r\nperApp," + APP + ",<11\r\n"), csv);
            assertTrue(!csv.contains(payersApp + ",") , csv);
            for (JsonNode month : report.get("perMonth")) {
                assertEquals("<11", month.asText(), "each month of the period has our patients: " + report);
            }

            JsonNode oneDay = report(admin, "from=" + day2 + "&to=" + day2);
            assertEquals(1, oneDay.get("uniquePatients").asLong(), "day 2 alone: the member's refresh: " + oneDay);
            assertEquals(0, oneDay.get("patientsTransferredMoreThanOnce").asLong(), oneDay.toString());

            setting(admin, "payer.metrics.excludedClients", "");
            JsonNode counted = report(admin, period);
            assertEquals(3, counted.get("uniquePatients").asLong(), "the payer's app counted now: " + counted);
            assertEquals(2, counted.get("patientsTransferredMoreThanOnce").asLong(), counted.toString());
            assertEquals(List.of(payersApp, APP), fieldNames(counted.get("perApp")), counted.toString());

            JsonNode again = report(admin, period);
            assertEquals(counted, again, "a re-run over the same period gives the same numbers");
        } finally {
            setting(admin, "payer.metrics.excludedClients", "");
        }
        JsonNode afterwards = report(admin, "from=" + day1 + "&to=" + day2);
        assertEquals(3, afterwards.get("uniquePatients").asLong(), "the clock back, the days stay: " + afterwards);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aPeriodBeforeRecordingBegan_saysSo(AdminApi admin) {
        JsonNode lastYear = report(admin, "from=2025-01-01&to=2025-12-31");
        assertEquals(false, lastYear.get("complete").asBoolean(), lastYear.toString());
        assertEquals(12, lastYear.get("perMonth").size());
        JsonNode byDefault = report(admin, "");
        assertEquals((LocalDate.now(ZoneOffset.UTC).getYear() - 1) + "-01-01", byDefault.get("from").asText());
    }

    @Test
    void badParameters_andNoCredentials_areRefused(KeycloakServer server, AdminApi admin) {
        for (String query : List.of("from=2025-01-01", "from=July&to=2025-12-31", "from=2025-12-31&to=2025-01-01",
                "format=xml")) {
            HttpResponse<String> response = admin.get("/realms/payer/patient-access-metrics?" + query);
            assertEquals(400, response.statusCode(), query + ": " + response.body());
            assertEquals("invalid_request", Http.json(response).get("error").asText());
        }
        HttpResponse<String> anonymous = Http.get(server.baseUrl() + "/admin/realms/payer/patient-access-metrics");
        assertEquals(401, anonymous.statusCode(), anonymous.body());
    }

    @Test
    void thePages_areServedWithAStrictPolicy_andOnlyTheirOwnFiles(KeycloakServer server) {
        String page = server.realmUrl("payer") + "/patient-access-metrics/report";
        HttpResponse<String> html = Http.get(page);
        assertEquals(200, html.statusCode());
        assertTrue(html.body().contains("id=\"metrics-report\""), html.body());
        String policy = html.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
        assertEquals("no-referrer", html.headers().firstValue("Referrer-Policy").orElse(""));
        HttpResponse<String> staffPage = Http.get(server.realmUrl("payer") + "/data-sharing/staff");
        assertEquals(policy, staffPage.headers().firstValue("Content-Security-Policy").orElse(""),
                "the staff pages share the policy (Keycloak's realm policy, which allows inline scripts, is not used)");
        for (String file : List.of("metrics.js", "staff-pages.js", "staff.css")) {
            assertEquals(200, Http.get(page + "/" + file).statusCode(), file);
        }
        for (String file : List.of("staff.js", "index.html", "..%2Fpayer-staff%2Fstaff.js", "beans.xml")) {
            assertEquals(404, Http.get(page + "/" + file).statusCode(), file);
        }
    }
}
