package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.it.support.TestClock;

/**
 * ONC's refresh procedure: a refresh token valid for at least three months (three calendar months can be 92 days) and
 * renewed on use. With the server's clock moved (the tests' clock provider): an offline grant refreshed 91 days after
 * the launch works and keeps the patient; refreshed again 91 days later (182 days after the launch) it still works, so
 * each refresh renewed it; left unused for 93 days it ends ({@code invalid_grant}).
 */
@KeycloakIT
class OfflineRefreshLifetimeIT {

    @Test
    void anOfflineGrant_refreshedAfter91Days_works_eachRefreshRenewsIt_andItEndsAfter93IdleDays(KeycloakServer server,
                                                                                                AdminApi admin) {
        String patient = "orl-" + UUID.randomUUID().toString().substring(0, 8);
        String member = Members.create(admin, "Patient/" + patient, List.of(patient + "|Olive Refresh|1975-05-06"));
        SmartLaunch launch = new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser()).pick(patient);
        JsonNode issued = launch.launch(member);
        assertTrue(issued.get("scope").asText().contains("offline_access"), issued.toString());

        try (TestClock clock = TestClock.of(server, admin)) {
            clock.advance(Duration.ofDays(91));
            JsonNode after91 = refreshed(launch, issued.get("refresh_token").asText(), "91 days after the launch");

            clock.advance(Duration.ofDays(91));
            JsonNode after182 = refreshed(launch, after91.get("refresh_token").asText(),
                    "182 days after the launch, 91 after the last refresh (the refresh renewed the grant)");

            clock.advance(Duration.ofDays(93));
            HttpResponse<String> idle = launch.refresh(after182.get("refresh_token").asText(), null);
            assertEquals(400, idle.statusCode(), "unused for 93 days: " + idle.body());
            assertEquals("invalid_grant", Http.json(idle).get("error").asText(), idle.body());
        }
    }

    private static JsonNode refreshed(SmartLaunch launch, String refreshToken, String when) {
        HttpResponse<String> response = launch.refresh(refreshToken, null);
        assertEquals(200, response.statusCode(), when + ": " + response.body());
        JsonNode token = Http.json(response);
        assertEquals(launch.patientToPick, token.get("patient").asText(), when + ": the patient is kept");
        assertTrue(token.has("refresh_token"), when);
        return token;
    }
}
