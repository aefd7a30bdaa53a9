package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.payerauth.it.support.AccountConsole;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.it.support.TestClock;

/**
 * Representative access that ends on time. A link in {@code smart_patients} carries its relationship and first/last
 * days; a parent's access ends the day the minor turns 18 (the realm's default). With the server's clock moved across
 * each boundary: the picker hides a lapsed link, code exchange and every refresh (offline grants made before the end
 * included) answer {@code invalid_grant} saying when access ended, introspection answers {@code active: false}, each
 * refusal is an event, and the account pages show the day access ends and leave lapsed patients out.
 */
@KeycloakIT
class RepresentativeLinkDatesIT {

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Moves the server's clock to {@code instant} (later than its now). */
    private static void moveTo(TestClock clock, Instant instant) {
        clock.advance(Duration.between(clock.now(), instant));
    }

    @Test
    void aParentsOfflineGrant_worksUntilTheMinorTurns18_thenRefreshIntrospectionAndThePickerRefuse(KeycloakServer server,
                                                                                                   AdminApi admin) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate eighteenthBirthday = today.plusDays(10);
        LocalDate kidBirthDate = eighteenthBirthday.minusYears(18);
        String self = id("pp"), kid = id("kid"), younger = id("kid2");
        String parent = Members.create(admin, "Patient/" + self, List.of(
                self + "|Pat Parent|1980-01-01|self",
                kid + "|Kit Turning18|" + kidBirthDate + "|parent",
                younger + "|Yul Younger|" + today.minusYears(5) + "|parent"));
        SmartLaunch launch = new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser()).pick(kid);
        JsonNode issued = launch.launch(parent);
        assertEquals(kid, issued.get("patient").asText());
        assertTrue(launch.introspect(issued.get("access_token").asText()).get("active").asBoolean());

        try (TestClock clock = TestClock.of(server, admin)) {
            moveTo(clock, eighteenthBirthday.atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(90));
            HttpResponse<String> lastDay = launch.refresh(issued.get("refresh_token").asText(), null);
            assertEquals(200, lastDay.statusCode(), "the day before the 18th birthday: " + lastDay.body());
            JsonNode beforeBirthday = Http.json(lastDay);
            assertEquals(kid, beforeBirthday.get("patient").asText());

            clock.advance(Duration.ofSeconds(120)); // the 18th birthday, 00:00:30 on the realm's calendar (UTC)
            JsonNode introspected = launch.introspect(beforeBirthday.get("access_token").asText());
            assertFalse(introspected.get("active").asBoolean(), "an unexpired token of a lapsed link: " + introspected);

            HttpResponse<String> refused = launch.refresh(beforeBirthday.get("refresh_token").asText(), null);
            assertEquals(400, refused.statusCode(), refused.body());
            JsonNode error = Http.json(refused);
            assertEquals("invalid_grant", error.get("error").asText());
            assertTrue(error.get("error_description").asText().contains("ended after " + eighteenthBirthday.minusDays(1)),
                    error.toString());

            // Keycloak does not store REFRESH_TOKEN_ERROR events by default; its event log shows the refusal.
            server.logFile().ifPresent(log -> {
                String lines = org.payerauth.it.support.LogTail.of(log, 400);
                assertTrue(lines.lines().anyMatch(l -> l.contains("REFRESH_TOKEN_ERROR") && l.contains("smart_patient_link_lapsed")
                        && l.contains(kid) && l.contains("aged_out")), "the refusal is an event:\n" + lines);
            });

            // A new launch: the picker offers the parent's own record and the younger child, not the adult one.
            SmartLaunch again = new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser());
            HttpResponse<String> page = again.authorize();
            page = again.browser.submit(page, Map.of("username", parent, "password", parent));
            assertTrue(page.body().contains("id=\"smart-patient-picker\""), page.body());
            assertTrue(page.body().contains("Yul Younger") && page.body().contains("Pat Parent"), page.body());
            assertFalse(page.body().contains("Kit Turning18"), "a lapsed link is not offered");
            HttpResponse<String> posted = again.browser.submit(page, Map.of("patient", kid, "pick", "Continue"));
            assertTrue(posted.body().contains("id=\"smart-patient-picker\""), "posting the lapsed patient shows the picker again");
        }
    }

    @Test
    void aLegalRepresentativesLink_startsOnItsFirstDay_andEndsAfterItsLastDay(KeycloakServer server, AdminApi admin) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String ward = id("ward");
        String representative = Members.create(admin, "RelatedPerson/" + id("rp"), List.of(
                ward + "|Wanda Ward|1946-10-04|legal-representative|" + today.plusDays(2) + "|" + today.plusDays(5)));
        SmartLaunch early = new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser());
        SmartLaunch.Redirect denied = early.run(representative);
        assertEquals("access_denied", denied.error(), denied.url());
        JsonNode loginErrors = admin.getJson("/realms/payer/events?type=LOGIN_ERROR&user=" + Members.id(admin, representative));
        assertTrue(hasReason(loginErrors, "smart_patient_link_lapsed"), loginErrors.toString());

        try (TestClock clock = TestClock.of(server, admin)) {
            moveTo(clock, today.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(60));
            SmartLaunch launch = new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser());
            JsonNode issued = launch.launch(representative);
            assertEquals(ward, issued.get("patient").asText(), "the first day: the only patient, selected");

            // A code issued in the last seconds of the last day, exchanged after midnight: refused.
            moveTo(clock, today.plusDays(6).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(25));
            SmartLaunch late = new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser());
            SmartLaunch.Redirect code = late.run(representative);
            assertTrue(code.code() != null, code.url());
            HttpResponse<String> lastDay = launch.refresh(issued.get("refresh_token").asText(), null);
            assertEquals(200, lastDay.statusCode(), "the last day: " + lastDay.body());
            String refreshToken = Http.json(lastDay).get("refresh_token").asText();
            clock.advance(Duration.ofSeconds(35));
            HttpResponse<String> exchanged = late.exchange(code.code());
            assertEquals(400, exchanged.statusCode(), exchanged.body());
            assertEquals("invalid_grant", Http.json(exchanged).get("error").asText());
            assertTrue(Http.json(exchanged).get("error_description").asText().contains("ended after " + today.plusDays(5)),
                    exchanged.body());
            JsonNode codeErrors = admin.getJson("/realms/payer/events?type=CODE_TO_TOKEN_ERROR&user=" + Members.id(admin, representative));
            assertTrue(hasReason(codeErrors, "smart_patient_link_lapsed"), codeErrors.toString());

            HttpResponse<String> refused = launch.refresh(refreshToken, null);
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(Http.json(refused).get("error_description").asText().contains("ended after " + today.plusDays(5)),
                    refused.body());
        }
    }

    private static boolean hasReason(JsonNode events, String reason) {
        for (JsonNode event : events) {
            if (reason.equals(event.path("details").path("reason").asText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theAccountPageShowsWhenAccessEnds_andLeavesLapsedPatientsOut(KeycloakServer server, AdminApi admin) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String self = id("ap"), kid = id("kid"), former = id("former");
        LocalDate kidBirthDate = today.minusYears(10);
        String member = Members.create(admin, "Patient/" + self, List.of(
                self + "|Ada Parent|1982-02-02|self",
                kid + "|Kai Child|" + kidBirthDate + "|parent",
                former + "|Fay Former|1950-01-01|legal-representative|" + today.minusYears(1) + "|" + today.minusDays(1)));
        Browser browser = AccountConsole.signIn(server, member);
        HttpResponse<String> listed = browser.request("GET", server.realmUrl("payer") + "/data-sharing", "Accept", "application/json");
        assertEquals(200, listed.statusCode(), listed.body());
        JsonNode patients = Http.json(listed).get("patients");
        assertEquals(2, patients.size(), "own record and the child; the ended link is left out: " + patients);
        JsonNode child = patients.get(1);
        assertEquals(kid, child.get("id").asText());
        assertEquals("parent", child.get("relationship").asText());
        assertEquals(kidBirthDate.plusYears(18).minusDays(1).toString(), child.get("accessEnds").asText());
        assertFalse(patients.get(0).has("accessEnds"), "the member's own record does not end");

        HttpResponse<String> change = browser.requestWithBody("POST", server.realmUrl("payer") + "/data-sharing/patients/"
                        + former + "/choices/PROVIDER_ACCESS", "{\"current\":\"SHARED\",\"value\":\"OPTED_OUT\"}",
                "Content-Type", "application/json", "X-Payer-Auth-Request", "1", "Origin", server.baseUrl());
        assertTrue(change.statusCode() == 403 || change.statusCode() == 404, "no decisions after the link ended: " + change.body());
    }

    @Test
    void theAdminSetsALinksRelationshipAndDates_aMalformedOneIsRefusedNamingTheForm(KeycloakServer server, AdminApi admin) {
        String patient = id("p");
        String member = Members.create(admin, "Patient/" + patient, List.of(patient + "|Pia Patient|1990-01-01"));
        String userId = Members.id(admin, member);
        for (String bad : List.of(patient + "|Pia|1990-01-01|uncle", patient + "|Pia|1990-01-01|parent|2026-1-1",
                patient + "|Pia|1990-01-01|parent|||2027-01-01")) {
            ObjectNode user = admin.getJson("/realms/payer/users/" + userId).deepCopy();
            ((ObjectNode) user.get("attributes")).set("smart_patients", Http.JSON.valueToTree(List.of(bad)));
            HttpResponse<String> refused = admin.putJson("/realms/payer/users/" + userId, user);
            assertEquals(400, refused.statusCode(), bad + ": " + refused.body());
            assertTrue(refused.body().contains("relationship|from|until"), refused.body());
        }
        assertEquals(List.of(patient + "|Pia Patient|1990-01-01"), List.of(admin.getJson("/realms/payer/users/" + userId)
                .get("attributes").get("smart_patients").get(0).asText()), "unchanged after the refusals");
        String good = patient + "|Pia Patient|1990-01-01|legal-representative|2026-01-01|2027-06-30";
        Members.setPatients(admin, member, List.of(good));
        assertEquals(good, admin.getJson("/realms/payer/users/" + userId).get("attributes").get("smart_patients").get(0).asText());
    }
}
