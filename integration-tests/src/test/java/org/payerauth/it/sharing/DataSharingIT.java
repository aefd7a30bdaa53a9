package org.payerauth.it.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.payerauth.it.smart.Members;
import org.payerauth.it.smart.SmartLaunch;
import org.payerauth.it.support.AccountConsole;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.Jwt;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * Members' data-sharing choices (CMS-0057-F Provider Access opt-out, Payer-to-Payer opt-in, sensitive data for
 * apps) over real HTTP: the member's account-page resource, a representative, staff through the admin REST API, the
 * FHIR server's Consent API, and every refusal leaving the state as it was. Each test uses members and patient ids
 * of its own.
 */
@KeycloakIT
class DataSharingIT {

    private static final String PA = "PROVIDER_ACCESS";
    private static final String P2P = "PAYER_TO_PAYER";
    private static final String SENSITIVE = "SENSITIVE_DATA_FOR_APPS";

    private static String newPatient() {
        return "p-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A member whose own record is {@code patient}. */
    private static String member(AdminApi admin, String patient) {
        return Members.create(admin, "Patient/" + patient, List.of(patient + "|Pat Member|1980-01-01"));
    }

    private static JsonNode history(AdminApi admin, String username, String patient) {
        JsonNode member = admin.getJson("/realms/payer/data-sharing/users/" + Members.id(admin, username));
        for (JsonNode p : member.get("patients")) {
            if (p.get("id").asText().equals(patient)) {
                return p.get("history");
            }
        }
        throw new AssertionError("no patient " + patient + " in " + member);
    }

    private static String error(HttpResponse<String> response) {
        return Http.json(response).get("error").asText();
    }

    @Nested
    class Member {

        @Test
        void defaults_areSharedWithProviders_notWithAnotherPlan_andSensitiveDataLeftOut(KeycloakServer server, AdminApi admin) {
            String patient = newPatient();
            Browser browser = AccountConsole.signIn(server, member(admin, patient));
            JsonNode page = Sharing.page(server, browser);
            assertEquals(1, page.get("patients").size(), page.toString());
            JsonNode own = page.get("patients").get(0);
            assertEquals(patient, own.get("id").asText());
            assertTrue(own.get("self").asBoolean());
            assertTrue(own.get("mayDecide").asBoolean());
            assertEquals("SHARED", Sharing.value(own, PA));
            assertEquals("NOT_SHARED", Sharing.value(own, P2P));
            assertEquals("EXCLUDE", Sharing.value(own, SENSITIVE), "the realm's conservative default");
            assertFalse(own.get("choices").get(PA).get("recorded").asBoolean());
            assertEquals("EXCLUDE", page.get("defaults").get(SENSITIVE).asText());
        }

        @Test
        void optingOutOfProviderAccess_isRecorded_withAUserEvent_andReachesTheFhirServer(KeycloakServer server, AdminApi admin) {
            String patient = newPatient();
            String username = member(admin, patient);
            Browser browser = AccountConsole.signIn(server, username);
            Instant before = Instant.now().minusSeconds(1);

            HttpResponse<String> changed = Sharing.change(server, browser, patient, PA, "SHARED", "OPTED_OUT");
            assertEquals(200, changed.statusCode(), changed.body());
            assertEquals("OPTED_OUT", Sharing.value(Http.json(changed), PA));
            assertEquals("OPTED_OUT", Sharing.value(Sharing.patient(server, browser, patient), PA), "the page shows it");

            JsonNode history = history(admin, username, patient);
            assertEquals(1, history.size(), history.toString());
            assertEquals("SHARED", history.get(0).get("previous").asText());
            assertEquals("OPTED_OUT", history.get(0).get("value").asText());
            assertEquals("MEMBER_SELF", history.get(0).get("actingAs").asText());
            assertEquals("ACCOUNT_PAGE", history.get(0).get("channel").asText());
            assertEquals(Members.id(admin, username), history.get(0).get("changedBy").asText());

            JsonNode events = admin.getJson("/realms/payer/events?type=UPDATE_CONSENT&user=" + Members.id(admin, username));
            assertEquals(1, events.size(), events.toString());
            JsonNode details = events.get(0).get("details");
            assertEquals(patient, details.get("sharing_patient").asText());
            assertEquals(PA, details.get("sharing_choice").asText());
            assertEquals("SHARED", details.get("sharing_previous").asText());
            assertEquals("OPTED_OUT", details.get("sharing_value").asText());

            // the FHIR server: this patient's Consent is a deny, and the patient is on the opted-out list
            JsonNode mine = Sharing.bundle(server, "patient=" + patient);
            JsonNode consent = Sharing.consentOf(mine, patient, "provider-access");
            assertNotNull(consent, mine.toString());
            assertEquals("deny", consent.get("provision").get("type").asText());
            assertEquals("http://hl7.org/fhir/us/davinci-pdex/StructureDefinition/pdex-provider-consent",
                    consent.get("meta").get("profile").get(0).asText());
            assertEquals("Organization/payer-auth-demo", consent.get("organization").get(0).get("reference").asText());
            assertNotNull(Sharing.consentOf(mine, patient, "patient-access"), "sensitive data for apps: always one");
            assertNull(Sharing.consentOf(mine, patient, "payer-to-payer"), "never opted in: none");
            assertNotNull(Sharing.consentOf(Sharing.bundle(server, "category=provider-access&_count=1000"), patient,
                    "provider-access"), "on the opted-out list");

            // opting back in takes the patient off the list; a changes-since query shows the permit
            HttpResponse<String> back = Sharing.change(server, browser, patient, PA, "OPTED_OUT", "SHARED");
            assertEquals(200, back.statusCode(), back.body());
            assertNull(Sharing.consentOf(Sharing.bundle(server, "category=provider-access&_count=1000"), patient,
                    "provider-access"), "off the opted-out list");
            JsonNode since = Sharing.bundle(server, "category=provider-access&_lastUpdated=ge" + before + "&_count=1000");
            assertEquals("permit", Sharing.consentOf(since, patient, "provider-access").get("provision").get("type").asText());
            assertEquals(2, history(admin, username, patient).size());
        }

        @Test
        void payerToPayerOptIn_withoutSensitiveData_isListedForTheFhirServer_untilWithdrawn(KeycloakServer server, AdminApi admin) {
            String patient = newPatient();
            Browser browser = AccountConsole.signIn(server, member(admin, patient));
            assertEquals(200, Sharing.change(server, browser, patient, P2P, "NOT_SHARED", "ALL_EXCEPT_SENSITIVE").statusCode());
            JsonNode optedIn = Sharing.consentOf(Sharing.bundle(server, "category=payer-to-payer&_count=1000"), patient, "payer-to-payer");
            assertNotNull(optedIn);
            assertEquals("active", optedIn.get("status").asText());
            assertEquals("permit", optedIn.get("provision").get("type").asText());
            assertTrue(optedIn.get("policy").get(0).get("uri").asText().endsWith("#regular"), optedIn.toString());

            assertEquals(200, Sharing.change(server, browser, patient, P2P, "ALL_EXCEPT_SENSITIVE", "NOT_SHARED").statusCode());
            assertNull(Sharing.consentOf(Sharing.bundle(server, "category=payer-to-payer&_count=1000"), patient, "payer-to-payer"));
            JsonNode withdrawn = Sharing.consentOf(Sharing.bundle(server, "patient=Patient/" + patient + "&category=payer-to-payer"),
                    patient, "payer-to-payer");
            assertEquals("inactive", withdrawn.get("status").asText());
            assertTrue(withdrawn.get("provision").get("period").has("end"), withdrawn.toString());
        }

        @Test
        void sensitiveDataForApps_canBeIncluded(KeycloakServer server, AdminApi admin) {
            String patient = newPatient();
            Browser browser = AccountConsole.signIn(server, member(admin, patient));
            assertEquals(200, Sharing.change(server, browser, patient, SENSITIVE, "EXCLUDE", "INCLUDE").statusCode());
            JsonNode consent = Sharing.consentOf(Sharing.bundle(server, "patient=" + patient + "&category=patient-access"),
                    patient, "patient-access");
            assertTrue(consent.get("policy").get(0).get("uri").asText().endsWith("#sensitive"), consent.toString());
        }
    }

    @Nested
    class Refusals {

        @Test
        void aStaleForm_anotherMembersPatient_aValueThatChangesNothing_andBadInput_changeNothing(KeycloakServer server, AdminApi admin) {
            String patient = newPatient();
            String username = member(admin, patient);
            String other = newPatient();
            String otherMember = member(admin, other);
            Browser browser = AccountConsole.signIn(server, username);
            assertEquals(200, Sharing.change(server, browser, patient, PA, "SHARED", "OPTED_OUT").statusCode());

            HttpResponse<String> stale = Sharing.change(server, browser, patient, PA, "SHARED", "OPTED_OUT");
            assertEquals(409, stale.statusCode(), stale.body());
            assertTrue(Http.json(stale).get("error_description").asText().contains("changed since you loaded it"));

            HttpResponse<String> notMine = Sharing.change(server, browser, other, PA, "SHARED", "OPTED_OUT");
            assertEquals(403, notMine.statusCode(), notMine.body());
            assertEquals("access_denied", error(notMine));
            HttpResponse<String> unknown = Sharing.change(server, browser, newPatient(), PA, "SHARED", "OPTED_OUT");
            assertEquals(notMine.body(), unknown.body(), "an unknown patient and another member's look the same");

            HttpResponse<String> same = Sharing.change(server, browser, patient, PA, "OPTED_OUT", "OPTED_OUT");
            assertEquals(400, same.statusCode(), same.body());
            HttpResponse<String> badValue = Sharing.change(server, browser, patient, P2P, "NOT_SHARED", "EVERYTHING");
            assertEquals(400, badValue.statusCode(), badValue.body());
            assertTrue(Http.json(badValue).get("error_description").asText().contains("ALL_DATA"), badValue.body());
            HttpResponse<String> badChoice = Sharing.change(server, browser, patient, "MARKETING", "NO", "YES");
            assertEquals(400, badChoice.statusCode(), badChoice.body());
            HttpResponse<String> notJson = browser.requestWithBody("POST", Sharing.url(server) + "/patients/" + patient
                    + "/choices/" + P2P, "current=NOT_SHARED", "X-Payer-Auth-Request", "1");
            assertEquals(400, notJson.statusCode(), notJson.body());
            assertEquals("invalid_request", error(notJson));

            assertEquals(1, history(admin, username, patient).size(), "only the first change");
            assertEquals(0, history(admin, otherMember, other).size(), "the other member's record untouched");
            JsonNode otherConsents = Sharing.bundle(server, "patient=" + other);
            assertNull(Sharing.consentOf(otherConsents, other, "provider-access"), "the other member's choice untouched");
            assertEquals("OPTED_OUT", Sharing.value(Sharing.patient(server, browser, patient), PA));
        }

        @Test
        void withoutTheCsrfHeader_fromAnotherOrigin_orSignedOut_nothingChanges(KeycloakServer server, AdminApi admin) {
            String patient = newPatient();
            String username = member(admin, patient);
            Browser browser = AccountConsole.signIn(server, username);
            String body = Sharing.json(Map.of("current", "SHARED", "value", "OPTED_OUT"));
            String url = Sharing.url(server) + "/patients/" + patient + "/choices/" + PA;

            HttpResponse<String> noHeader = browser.requestWithBody("POST", url, body, "Content-Type", "application/json");
            assertEquals(403, noHeader.statusCode(), noHeader.body());
            HttpResponse<String> crossSite = browser.requestWithBody("POST", url, body, "Content-Type", "application/json",
                    "X-Payer-Auth-Request", "1", "Origin", "https://attacker.example");
            assertEquals(403, crossSite.statusCode(), crossSite.body());
            HttpResponse<String> signedOut = new Browser().requestWithBody("POST", url, body, "Content-Type", "application/json",
                    "X-Payer-Auth-Request", "1");
            assertEquals(401, signedOut.statusCode(), signedOut.body());
            assertEquals(401, new Browser().request("GET", Sharing.url(server)).statusCode());

            assertEquals(0, history(admin, username, patient).size());
            assertEquals("SHARED", Sharing.value(Sharing.patient(server, browser, patient), PA));
            assertEquals(0, admin.getJson("/realms/payer/events?type=UPDATE_CONSENT&user=" + Members.id(admin, username)).size());
        }
    }

    @Nested
    class Representative {

        @Test
        void decidesForAPatientTheyMayDecideFor_notForOneTheyMayOnlySee(KeycloakServer server, AdminApi admin) {
            String child = newPatient();
            String parent = newPatient();
            String username = Members.create(admin, "RelatedPerson/rp-" + child,
                    List.of(child + "|Kid Member|2012-01-01", parent + "|Old Member|1940-01-01"),
                    Map.of("smart_patients_view_only", List.of(parent)));
            Browser browser = AccountConsole.signIn(server, username);
            JsonNode page = Sharing.page(server, browser);
            assertEquals(2, page.get("patients").size(), page.toString());
            assertFalse(page.get("patients").get(0).get("self").asBoolean());
            assertTrue(Sharing.patient(server, browser, child).get("mayDecide").asBoolean());
            assertFalse(Sharing.patient(server, browser, parent).get("mayDecide").asBoolean());

            HttpResponse<String> forChild = Sharing.change(server, browser, child, PA, "SHARED", "OPTED_OUT");
            assertEquals(200, forChild.statusCode(), forChild.body());
            JsonNode history = history(admin, username, child);
            assertEquals("REPRESENTATIVE", history.get(0).get("actingAs").asText());
            JsonNode consent = Sharing.consentOf(Sharing.bundle(server, "patient=" + child), child, "provider-access");
            assertEquals("RelatedPerson", consent.get("performer").get(0).get("type").asText(), consent.toString());

            HttpResponse<String> forParent = Sharing.change(server, browser, parent, PA, "SHARED", "OPTED_OUT");
            assertEquals(403, forParent.statusCode(), forParent.body());
            assertTrue(Http.json(forParent).get("error_description").asText().contains("not make decisions"), forParent.body());
            assertEquals(0, history(admin, username, parent).size());
        }
    }

    @Nested
    class Staff {

        @Test
        void staffRecordAChangeWithAReason_asAnAdminEvent_andCannotWithoutOne(KeycloakServer server, AdminApi admin) {
            String patient = newPatient();
            String username = member(admin, patient);
            String userId = Members.id(admin, username);
            String path = "/realms/payer/data-sharing/users/" + userId + "/patients/" + patient + "/choices/" + P2P;

            HttpResponse<String> noReason = admin.postJson(path, Map.of("current", "NOT_SHARED", "value", "ALL_DATA"));
            assertEquals(400, noReason.statusCode(), noReason.body());
            assertTrue(Http.json(noReason).get("error_description").asText().contains("reason"), noReason.body());
            assertEquals(0, history(admin, username, patient).size());

            HttpResponse<String> notTheirs = admin.postJson("/realms/payer/data-sharing/users/" + userId + "/patients/"
                    + newPatient() + "/choices/" + P2P, Map.of("current", "NOT_SHARED", "value", "ALL_DATA", "reason", "call"));
            assertEquals(404, notTheirs.statusCode(), notTheirs.body());

            HttpResponse<String> recorded = admin.postJson(path,
                    Map.of("current", "NOT_SHARED", "value", "ALL_DATA", "reason", "Member called, ticket 4711"));
            assertEquals(200, recorded.statusCode(), recorded.body());
            JsonNode history = history(admin, username, patient);
            assertEquals("STAFF", history.get(0).get("actingAs").asText());
            assertEquals("ADMIN_CONSOLE", history.get(0).get("channel").asText());
            assertEquals("Member called, ticket 4711", history.get(0).get("reason").asText());

            List<JsonNode> events = new ArrayList<>();
            admin.getJson("/realms/payer/admin-events?operationTypes=UPDATE&resourceTypes=USER&max=200").forEach(e -> {
                if (e.get("resourcePath").asText().startsWith("users/" + userId + "/data-sharing/" + patient)) {
                    events.add(e);
                }
            });
            assertEquals(1, events.size(), events.toString());
            assertEquals("ALL_DATA", events.get(0).get("details").get("sharing_value").asText());

            // the member sees it on their page
            Browser browser = AccountConsole.signIn(server, username);
            assertEquals("ALL_DATA", Sharing.value(Sharing.patient(server, browser, patient), P2P));
        }

        @Test
        void unknownUser_isNotFound(AdminApi admin) {
            HttpResponse<String> none = admin.get("/realms/payer/data-sharing/users/" + UUID.randomUUID());
            assertEquals(404, none.statusCode(), none.body());
        }
    }

    @Nested
    class ConsentApi {

        @Test
        void onlyTheFhirServerReads_andBadParametersAreNamed(KeycloakServer server) {
            HttpResponse<String> anonymous = Http.get(Sharing.url(server) + "/fhir/Consent?category=provider-access");
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            HttpResponse<String> wrongSecret = Sharing.consents(server, "category=provider-access", Sharing.FHIR_SERVER, "nope");
            assertEquals(401, wrongSecret.statusCode(), wrongSecret.body());
            HttpResponse<String> otherClient = Sharing.consents(server, "category=provider-access",
                    "smart-demo-confidential", "smart-demo-secret");
            assertEquals(403, otherClient.statusCode(), otherClient.body());
            assertEquals("OperationOutcome", Http.json(otherClient).get("resourceType").asText());

            for (String bad : List.of("", "category=marketing", "_lastUpdated=2027-01-01", "patient=a/b", "_count=0",
                    "colour=blue", "category=patient-access")) {
                HttpResponse<String> response = Sharing.consents(server, bad);
                assertEquals(400, response.statusCode(), bad + ": " + response.body());
                JsonNode outcome = Http.json(response);
                assertEquals("OperationOutcome", outcome.get("resourceType").asText());
                assertFalse(outcome.get("issue").get(0).get("diagnostics").asText().isBlank());
            }
        }

        @Test
        void changesSince_arePaged(KeycloakServer server, AdminApi admin) {
            Instant before = Instant.now().minusSeconds(1);
            List<String> patients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String patient = newPatient();
                patients.add(patient);
                Browser browser = AccountConsole.signIn(server, member(admin, patient));
                assertEquals(200, Sharing.change(server, browser, patient, SENSITIVE, "EXCLUDE", "INCLUDE").statusCode());
            }
            List<String> seen = new ArrayList<>();
            String next = Sharing.url(server) + "/fhir/Consent?category=patient-access&_lastUpdated=ge" + before + "&_count=1";
            int pages = 0;
            while (next != null && pages++ < 50) {
                HttpResponse<String> page = Sharing.consents(server, next.substring(next.indexOf('?') + 1));
                assertEquals(200, page.statusCode(), page.body());
                JsonNode bundle = Http.json(page);
                assertTrue(bundle.get("entry").size() <= 1);
                bundle.get("entry").forEach(e -> seen.add(e.get("resource").get("patient").get("reference").asText()));
                next = null;
                for (JsonNode link : bundle.get("link")) {
                    if (link.get("relation").asText().equals("next")) {
                        next = link.get("url").asText();
                    }
                }
            }
            for (String patient : patients) {
                assertTrue(seen.contains("Patient/" + patient), patient + " in " + seen);
            }
            assertEquals(seen.size(), new java.util.HashSet<>(seen).size(), "no patient twice");
        }
    }

    @Nested
    class SensitiveDataInTokens {

        private static final String SCOPE = "launch/patient openid offline_access patient/Coverage.read";

        private SmartLaunch launch(KeycloakServer server, String patient) {
            return new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser()).pick(patient).param("scope", SCOPE);
        }

        @Test
        void theConsentPageChoiceIsTheStandingChoice_tokensCarryIt_andIntrospectionAndRefreshFollowALaterChange(
                KeycloakServer server, AdminApi admin) {
            String patient = newPatient();
            String username = member(admin, patient);
            SmartLaunch launch = launch(server, patient);
            launch.consentExtras.put("sensitive_data", "include");
            JsonNode token = launch.launch(username);
            assertTrue(launch.consentPage.contains("id=\"smart-consent-sensitive-data\""), "the consent page offers it");
            assertFalse(launch.consentPage.contains("smart-consent-sensitive-data\" name=\"sensitive_data\" value=\"include\" checked"),
                    "unticked: the realm's default (exclude) is the standing choice");
            assertEquals(patient, token.get("patient").asText());
            assertEquals("include", Jwt.claims(token.get("access_token").asText()).get("sensitive_data").asText());
            JsonNode history = history(admin, username, patient);
            assertEquals(1, history.size(), history.toString());
            assertEquals(SENSITIVE, history.get(0).get("choice").asText());
            assertEquals("CONSENT_PAGE", history.get(0).get("channel").asText());
            String access = token.get("access_token").asText();
            assertEquals("include", launch.introspect(access).get("sensitive_data").asText());

            // the member leaves it out again on the account page: introspection says so at once, the next refresh too
            Browser account = AccountConsole.signIn(server, username);
            assertEquals(200, Sharing.change(server, account, patient, SENSITIVE, "INCLUDE", "EXCLUDE").statusCode());
            assertEquals("exclude", launch.introspect(access).get("sensitive_data").asText());
            HttpResponse<String> refreshed = launch.refresh(token.get("refresh_token").asText(), null);
            assertEquals(200, refreshed.statusCode(), refreshed.body());
            assertEquals("exclude", Jwt.claims(Http.json(refreshed).get("access_token").asText()).get("sensitive_data").asText());
        }

        @Test
        void whenTheRealmDoesNotAsk_theConsentPageDoesNotOffer_andAForgedAnswerChangesNothing(KeycloakServer server, AdminApi admin) {
            String patient = newPatient();
            String username = member(admin, patient);
            org.payerauth.it.smart.RealmAttributesAccess.with(admin, "payer.sharing.askSensitiveOnConsent", "false", () -> {
                SmartLaunch launch = launch(server, patient);
                launch.consentExtras.put("sensitive_data_offered", "1");
                launch.consentExtras.put("sensitive_data", "include");
                JsonNode token = launch.launch(username);
                assertNotNull(launch.consentPage, launch.pagesSeen.toString());
                assertFalse(launch.consentPage.contains("smart-consent-sensitive"), "not offered");
                assertEquals("exclude", Jwt.claims(token.get("access_token").asText()).get("sensitive_data").asText(),
                        "the standing choice (the realm's default) still travels with the token");
            });
            assertEquals(0, history(admin, username, patient).size());
        }

        @Test
        void aRepresentativeWhoMayOnlySee_isShownTheChoice_andAForgedAnswerChangesNothing(KeycloakServer server, AdminApi admin) {
            String patient = newPatient();
            String username = Members.create(admin, "RelatedPerson/rp-" + patient, List.of(patient + "|Viewed Member|1950-01-01"),
                    Map.of("smart_patients_view_only", List.of(patient)));
            SmartLaunch launch = launch(server, patient);
            launch.consentExtras.put("sensitive_data_offered", "1");
            launch.consentExtras.put("sensitive_data", "include");
            JsonNode token = launch.launch(username);
            assertTrue(launch.consentPage.contains("smart-consent-sensitive-fixed"), "shown, not offered");
            assertFalse(launch.consentPage.contains("name=\"sensitive_data\""));
            assertEquals("exclude", Jwt.claims(token.get("access_token").asText()).get("sensitive_data").asText());
            assertEquals(0, history(admin, username, patient).size());
        }
    }
}
