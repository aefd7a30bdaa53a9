package org.payerauth.it.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
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
}
