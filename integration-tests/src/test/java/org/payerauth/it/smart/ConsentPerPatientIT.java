package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.Jwt;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/**
 * SMART consent the member controls (issue 10, items 4 and 5): partial consent ("limited access") on the consent
 * page, and consent per patient for representatives. Every test uses a member of its own.
 */
@KeycloakIT
class ConsentPerPatientIT {

    private static final String SCOPE =
            "launch/patient openid fhirUser offline_access patient/Coverage.read patient/ExplanationOfBenefit.read";
    private static final List<String> TWO_PATIENTS = List.of("kid-1|Kid One|2010-01-01", "kid-2|Kid Two|2012-02-02");

    private static SmartLaunch launch(KeycloakServer server, Browser browser, String patient) {
        return new SmartLaunch(server, SmartLaunch.App.PUBLIC, browser).pick(patient).param("scope", SCOPE);
    }

    private static Set<String> scopes(String scope) {
        return Set.of(scope.trim().split("\\s+"));
    }

    private static Set<String> grantedByKeycloak(AdminApi admin, String member) {
        JsonNode consents = admin.getJson("/realms/payer/users/" + Members.id(admin, member) + "/consents");
        for (JsonNode c : consents) {
            if (c.get("clientId").asText().equals(SmartLaunch.App.PUBLIC.clientId())) {
                return StreamSupport.stream(c.get("grantedClientScopes").spliterator(), false)
                        .map(JsonNode::asText).collect(java.util.stream.Collectors.toSet());
            }
        }
        return Set.of();
    }

    private static List<String> records(AdminApi admin, String member) {
        JsonNode attributes = admin.getJson("/realms/payer/users/" + Members.id(admin, member)).path("attributes");
        List<String> values = new ArrayList<>();
        attributes.path("smart_consents").forEach(v -> values.add(v.asText()));
        return values;
    }

    @Nested
    class PartialConsent {

        @Test
        void uncheckedResourceScopesAndOfflineAccess_areNotInTheToken_norInTheResponseScope(KeycloakServer server, AdminApi admin) {
            String member = Members.create(admin, "RelatedPerson/rp-partial-1", TWO_PATIENTS);
            SmartLaunch launch = launch(server, new Browser(), "kid-1");
            launch.withheld.addAll(List.of("patient/ExplanationOfBenefit.read", "offline_access"));
            JsonNode token = launch.launch(member);

            String page = launch.consentPage;
            assertNotNull(page, launch.pagesSeen.toString());
            for (String optional : List.of("patient/Coverage.read", "patient/ExplanationOfBenefit.read", "offline_access")) {
                assertTrue(page.contains("name=\"scope." + optional + "\""), "a checkbox for " + optional);
            }
            for (String fixed : List.of("fhirUser", "launch/patient")) {
                assertFalse(page.contains("name=\"scope." + fixed + "\""), "no checkbox for " + fixed);
            }

            Set<String> granted = scopes(token.get("scope").asText());
            assertTrue(granted.contains("patient/Coverage.read"), granted.toString());
            assertFalse(granted.contains("patient/ExplanationOfBenefit.read"), granted.toString());
            assertFalse(granted.contains("offline_access"), granted.toString());
            assertEquals(granted, scopes(Jwt.claims(token.get("access_token").asText()).get("scope").asText()));
            assertEquals("Refresh", Jwt.claims(token.get("refresh_token").asText()).get("typ").asText(), "no offline grant");
            assertEquals("kid-1", token.get("patient").asText());

            Set<String> stored = grantedByKeycloak(admin, member);
            assertTrue(stored.contains("patient/Coverage.read"), stored.toString());
            assertFalse(stored.contains("patient/ExplanationOfBenefit.read") || stored.contains("offline_access"), stored.toString());

            // The refresh keeps to what was allowed.
            JsonNode refreshed = Http.json(launch.refresh(token.get("refresh_token").asText(), null));
            assertEquals(granted, scopes(refreshed.get("scope").asText()));
        }

        @Test
        void whatWasLeftOut_isAskedAgainNextTime_whatWasAllowedIsNot(KeycloakServer server, AdminApi admin) {
            String member = Members.create(admin, "RelatedPerson/rp-partial-2", TWO_PATIENTS);
            Browser browser = new Browser();
            SmartLaunch first = launch(server, browser, "kid-1");
            first.withheld.add("patient/ExplanationOfBenefit.read");
            first.launch(member);

            SmartLaunch again = launch(server, browser, "kid-1");
            JsonNode token = again.launch(member);
            assertNotNull(again.consentPage, again.pagesSeen.toString());
            assertTrue(again.consentPage.contains("name=\"scope.patient/ExplanationOfBenefit.read\""));
            assertFalse(again.consentPage.contains("data-scope=\"patient/Coverage.read\""), "already allowed: not asked");
            assertTrue(scopes(token.get("scope").asText()).contains("patient/ExplanationOfBenefit.read"));
        }

        @Test
        void tickingAScopeTheAppDidNotRequest_grantsNothing(KeycloakServer server, AdminApi admin) {
            String member = Members.create(admin, "RelatedPerson/rp-partial-3", TWO_PATIENTS);
            SmartLaunch launch = new SmartLaunch(server, SmartLaunch.App.PUBLIC, new Browser()).pick("kid-1")
                    .param("scope", "launch/patient openid patient/Coverage.read");
            launch.consentExtras.put("scope.user/*.read", "on");
            launch.consentExtras.put("scope.offline_access", "on");
            JsonNode token = launch.launch(member);
            assertNotNull(launch.consentPage, launch.pagesSeen.toString());
            Set<String> granted = scopes(token.get("scope").asText());
            assertFalse(granted.contains("user/*.read") || granted.contains("offline_access"), granted.toString());
            Set<String> stored = grantedByKeycloak(admin, member);
            assertFalse(stored.contains("user/*.read") || stored.contains("offline_access"), stored.toString());
        }
    }

    @Nested
    class PerPatient {

        @Test
        void consentForOnePatient_asksAgainForAnother_andNotAgainForTheFirst(KeycloakServer server, AdminApi admin) {
            String member = Members.create(admin, "RelatedPerson/rp-per-1", TWO_PATIENTS);
            Browser browser = new Browser();
            SmartLaunch forKid1 = launch(server, browser, "kid-1");
            forKid1.launch(member);
            assertTrue(forKid1.pagesSeen.toString().contains("consent"), forKid1.pagesSeen.toString());

            SmartLaunch forKid2 = launch(server, browser, "kid-2");
            JsonNode kid2 = forKid2.launch(member);
            assertTrue(forKid2.pagesSeen.toString().contains("consent"), "another patient asks again: " + forKid2.pagesSeen);
            assertTrue(forKid2.consentPage.contains("Kid Two"), "the page names the patient");
            assertEquals("kid-2", kid2.get("patient").asText());

            SmartLaunch kid1Again = launch(server, browser, "kid-1");
            kid1Again.launch(member);
            assertFalse(kid1Again.pagesSeen.toString().contains("consent"), "allowed before for kid-1: " + kid1Again.pagesSeen);
            assertEquals(2, records(admin, member).size(), records(admin, member).toString());
        }

        @Test
        void withdrawingOnePatient_endsThatLaunchOnly(KeycloakServer server, AdminApi admin) {
            String member = Members.create(admin, "RelatedPerson/rp-per-2", TWO_PATIENTS);
            JsonNode kid1 = launch(server, new Browser(), "kid-1").launch(member);
            SmartLaunch kid2Launch = launch(server, new Browser(), "kid-2");
            JsonNode kid2 = kid2Launch.launch(member);

            // The admin (or the member's account page) removes the consent record for kid-1.
            List<String> kept = records(admin, member).stream().filter(v -> !v.contains("|kid-1|")).toList();
            assertEquals(1, kept.size());
            String id = Members.id(admin, member);
            JsonNode user = admin.getJson("/realms/payer/users/" + id);
            ((ObjectNode) user.get("attributes")).set("smart_consents", Http.JSON.valueToTree(kept));
            assertEquals(204, admin.putJson("/realms/payer/users/" + id, user).statusCode());

            SmartLaunch kid1Launch = launch(server, new Browser(), "kid-1");
            HttpResponse<String> refused = kid1Launch.refresh(kid1.get("refresh_token").asText(), null);
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("invalid_grant", Http.json(refused).get("error").asText());
            assertTrue(Http.json(refused).get("error_description").asText().contains("consent"), refused.body());

            HttpResponse<String> stillFine = kid2Launch.refresh(kid2.get("refresh_token").asText(), null);
            assertEquals(200, stillFine.statusCode(), stillFine.body());
            assertEquals("kid-2", Http.json(stillFine).get("patient").asText());
        }

        @Test
        void withdrawingOnePatient_endsNarrowedRefreshesAndUserScopesOfThatLaunchToo(KeycloakServer server, AdminApi admin) {
            // Security review 2, M3: a refresh narrowed to openid (or user/ scopes) used to skip every patient check.
            String member = Members.create(admin, "RelatedPerson/rp-per-m3", TWO_PATIENTS);
            SmartLaunch kid1Launch = launch(server, new Browser(), "kid-1").param("scope", SCOPE + " user/*.read");
            JsonNode kid1 = kid1Launch.launch(member);
            SmartLaunch kid2Launch = launch(server, new Browser(), "kid-2");
            JsonNode kid2 = kid2Launch.launch(member);
            // offline_access kept: Keycloak 26.5 marks an access token refreshed from an offline grant without it as an
            // online one, which its introspection then cannot find (fixed in 26.6; docs/app-developer-guide.md,
            // "Keycloak behaviours worth knowing")
            HttpResponse<String> narrowed = kid1Launch.refresh(kid1.get("refresh_token").asText(),
                    "openid offline_access user/*.read");
            assertEquals(200, narrowed.statusCode(), narrowed.body());
            String narrowedAccess = Http.json(narrowed).get("access_token").asText();
            assertEquals("kid-1", Jwt.claims(narrowedAccess).get("smart_launch_patient").asText(),
                    "a narrowed token still names its launch's patient");
            JsonNode narrowedIntrospection = kid1Launch.introspect(narrowedAccess);
            assertTrue(narrowedIntrospection.get("active").asBoolean(),
                    narrowedIntrospection + " for " + Jwt.claims(narrowedAccess));

            List<String> kept = records(admin, member).stream().filter(v -> !v.contains("|kid-1|")).toList();
            String id = Members.id(admin, member);
            JsonNode user = admin.getJson("/realms/payer/users/" + id);
            ((ObjectNode) user.get("attributes")).set("smart_consents", Http.JSON.valueToTree(kept));
            assertEquals(204, admin.putJson("/realms/payer/users/" + id, user).statusCode());

            for (String scope : List.of("openid user/*.read", "openid")) {
                HttpResponse<String> refused = kid1Launch.refresh(kid1.get("refresh_token").asText(), scope);
                assertEquals(400, refused.statusCode(), scope + ": " + refused.body());
                assertEquals("invalid_grant", Http.json(refused).get("error").asText());
                HttpResponse<String> refusedAgain = kid1Launch.refresh(Http.json(narrowed).get("refresh_token").asText(), scope);
                assertEquals(400, refusedAgain.statusCode(), scope + " (narrowed token): " + refusedAgain.body());
            }
            assertFalse(kid1Launch.introspect(kid1.get("access_token").asText()).get("active").asBoolean());
            assertFalse(kid1Launch.introspect(narrowedAccess).get("active").asBoolean());

            HttpResponse<String> stillFine = kid2Launch.refresh(kid2.get("refresh_token").asText(), null);
            assertEquals(200, stillFine.statusCode(), stillFine.body());
            assertEquals("kid-2", Http.json(stillFine).get("patient").asText());
        }

        @Test
        void revokingTheAppInTheAccountConsole_asksAgainForEveryPatient(KeycloakServer server, AdminApi admin) {
            String member = Members.create(admin, "RelatedPerson/rp-per-3", TWO_PATIENTS);
            launch(server, new Browser(), "kid-1").launch(member);
            launch(server, new Browser(), "kid-2").launch(member);
            assertEquals(2, records(admin, member).size());

            // What the account console's Applications → "Remove access" does (Keycloak's own consent store).
            HttpResponse<String> revoked = admin.delete("/realms/payer/users/" + Members.id(admin, member)
                    + "/consents/" + SmartLaunch.App.PUBLIC.clientId());
            assertEquals(204, revoked.statusCode(), revoked.body());

            SmartLaunch again = launch(server, new Browser(), "kid-2");
            again.launch(member);
            assertTrue(again.pagesSeen.toString().contains("consent"), again.pagesSeen.toString());
            List<String> after = records(admin, member);
            assertEquals(1, after.size(), "a consent made anew voids the old records: " + after);
            assertTrue(after.get(0).contains("|kid-2|"), after.toString());

            SmartLaunch kid1 = launch(server, new Browser(), "kid-1");
            kid1.launch(member);
            assertTrue(kid1.pagesSeen.toString().contains("consent"), "kid-1 asks again too: " + kid1.pagesSeen);
        }
    }

    /** A URL of the resource behind the account console page "Apps and patients" ({@code /realms/payer/smart-consents}). */
    private static String url(KeycloakServer server, String path) {
        return server.realmUrl("payer") + "/smart-consents" + path;
    }

    private static Browser signedIn(KeycloakServer server, String member) {
        return org.payerauth.it.support.AccountConsole.signIn(server, member);
    }

    /** What an admin does in the admin console's user page: the member's {@code smart_consents} values replaced. */
    private static void setRecords(AdminApi admin, String member, List<String> values) {
        String id = Members.id(admin, member);
        JsonNode user = admin.getJson("/realms/payer/users/" + id);
        ObjectNode attributes = (ObjectNode) user.get("attributes");
        if (values.isEmpty()) {
            attributes.remove("smart_consents");
        } else {
            attributes.set("smart_consents", Http.JSON.valueToTree(values));
        }
        HttpResponse<String> updated = admin.putJson("/realms/payer/users/" + id, user);
        assertEquals(204, updated.statusCode(), updated.body());
        assertEquals(values, records(admin, member));
    }

    /** The account page's entry for the demo app. */
    private static JsonNode listedApp(KeycloakServer server, Browser browser) {
        HttpResponse<String> listed = browser.request("GET", url(server, ""));
        assertEquals(200, listed.statusCode(), listed.body());
        for (JsonNode app : Http.json(listed).get("apps")) {
            if (app.get("clientId").asText().equals(SmartLaunch.App.PUBLIC.clientId())) {
                return app;
            }
        }
        throw new AssertionError("the app is not listed: " + listed.body());
    }

    /**
     * Security review 2, M1: an app whose per-patient records an admin deleted (or left malformed) covers no patient.
     * It never turns into a consent for every patient; only a realm that names its upgrade from before records
     * ({@code smart.consentsPerPatientSince}) has such consents, and only those written before that instant.
     */
    @Nested
    class AnAdminLeavesTheAppWithoutRecords {

        @Test
        void removingTheLastRecord_refusesTheRefresh_asksForAnotherPatient_andListsTheAppForNoPatient(KeycloakServer server,
                                                                                                      AdminApi admin) {
            leftWithout(server, admin, "RelatedPerson/rp-admin-1", List.of());
        }

        @Test
        void replacingTheLastRecordWithGarbage_doesTheSame(KeycloakServer server, AdminApi admin) {
            leftWithout(server, admin, "RelatedPerson/rp-admin-2", List.of("not a consent record"));
        }

        private void leftWithout(KeycloakServer server, AdminApi admin, String fhirUser, List<String> leftValues) {
            String member = Members.create(admin, fhirUser, TWO_PATIENTS);
            Browser browser = signedIn(server, member);
            SmartLaunch kid1Launch = launch(server, browser, "kid-1");
            JsonNode kid1 = kid1Launch.launch(member);
            assertEquals(1, records(admin, member).size(), records(admin, member).toString());

            setRecords(admin, member, leftValues);

            JsonNode app = listedApp(server, browser);
            assertFalse(app.get("allPatients").asBoolean(), "not a consent for every patient: " + app);
            assertEquals(0, app.get("patients").size(), app.toString());

            HttpResponse<String> refused = kid1Launch.refresh(kid1.get("refresh_token").asText(), null);
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("invalid_grant", Http.json(refused).get("error").asText(), refused.body());

            SmartLaunch kid2 = launch(server, new Browser(), "kid-2");
            JsonNode token = kid2.launch(member);
            assertNotNull(kid2.consentPage, "another patient asks again: " + kid2.pagesSeen);
            assertTrue(kid2.consentPage.contains("Kid Two"), "the page names the patient");
            assertEquals("kid-2", token.get("patient").asText());
        }

        /** The documented upgrade path, explicit: a consent written before the realm's upgrade instant, with no record. */
        @Test
        void aConsentWrittenBeforeTheRealmsUpgradeInstant_coversEveryPatient_onlyWhileTheRealmNamesIt(KeycloakServer server,
                                                                                                       AdminApi admin) {
            String member = Members.create(admin, "RelatedPerson/rp-admin-3", TWO_PATIENTS);
            Browser browser = signedIn(server, member);
            launch(server, browser, "kid-1").launch(member);
            setRecords(admin, member, List.of()); // as a realm upgraded from a release without records has them
            String upgrade = java.time.Instant.now().plusSeconds(60).toString();
            RealmAttributes.with(admin, "smart.consentsPerPatientSince", upgrade, () -> {
                assertTrue(listedApp(server, browser).get("allPatients").asBoolean());
                SmartLaunch kid2 = launch(server, new Browser(), "kid-2");
                assertEquals("kid-2", kid2.launch(member).get("patient").asText());
                assertNull(kid2.consentPage, "given before records: covers every patient " + kid2.pagesSeen);
            });
            assertFalse(listedApp(server, browser).get("allPatients").asBoolean());
            SmartLaunch kid2 = launch(server, new Browser(), "kid-2");
            kid2.launch(member);
            assertNotNull(kid2.consentPage, "without the realm's upgrade instant: asks " + kid2.pagesSeen);
        }
    }

    /** The resource behind the account console page "Apps and patients" ({@code /realms/payer/smart-consents}). */
    @Nested
    class AccountPage {

        private static final String CSRF = "X-Payer-Auth-Request";

        @Test
        void listsEachAppWithItsPatients_andWithdrawsOnePatient_thenTheApp(KeycloakServer server, AdminApi admin) {
            String member = Members.create(admin, "RelatedPerson/rp-page-1", TWO_PATIENTS);
            Browser browser = signedIn(server, member);
            SmartLaunch kid1Launch = launch(server, browser, "kid-1");
            kid1Launch.withheld.add("patient/ExplanationOfBenefit.read");
            JsonNode kid1 = kid1Launch.launch(member);
            SmartLaunch kid2Launch = launch(server, browser, "kid-2");
            JsonNode kid2 = kid2Launch.launch(member);

            HttpResponse<String> listed = browser.request("GET", url(server, ""));
            assertEquals(200, listed.statusCode(), listed.body());
            assertEquals("no-store", listed.headers().firstValue("Cache-Control").orElse(""));
            JsonNode app = Http.json(listed).get("apps").get(0);
            assertEquals("smart-demo-public", app.get("clientId").asText());
            assertFalse(app.get("allPatients").asBoolean());
            assertEquals(2, app.get("patients").size(), app.toString());
            JsonNode first = app.get("patients").get(0);
            assertEquals("kid-1", first.get("id").asText());
            assertEquals("Kid One", first.get("name").asText());
            assertTrue(first.get("scopes").toString().contains("patient/Coverage.read"), first.toString());
            assertFalse(first.get("scopes").toString().contains("patient/ExplanationOfBenefit.read"), "withheld: " + first);

            HttpResponse<String> withdrawn = browser.request("DELETE", url(server, "/smart-demo-public/patients/kid-1"), CSRF, "1");
            assertEquals(204, withdrawn.statusCode(), withdrawn.body());
            JsonNode after = Http.json(browser.request("GET", url(server, ""))).get("apps").get(0);
            assertEquals(1, after.get("patients").size());
            assertEquals("kid-2", after.get("patients").get(0).get("id").asText());

            HttpResponse<String> refused = kid1Launch.refresh(kid1.get("refresh_token").asText(), null);
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("invalid_grant", Http.json(refused).get("error").asText());
            HttpResponse<String> inactive = Http.postForm(kid1Launch.endpoint("token/introspect"),
                    java.util.Map.of("token", kid1.get("access_token").asText()),
                    "Authorization", SmartLaunch.basic("fhir-server", "fhir-server-secret"));
            assertFalse(Http.json(inactive).get("active").asBoolean(), inactive.body());
            HttpResponse<String> kid2Refresh = kid2Launch.refresh(kid2.get("refresh_token").asText(), null);
            assertEquals(200, kid2Refresh.statusCode(), kid2Refresh.body());
            assertEquals(1, events(admin, member), "one REVOKE_GRANT event");

            // The last patient withdrawn: the app's Keycloak consent goes too.
            assertEquals(204, browser.request("DELETE", url(server, "/smart-demo-public/patients/kid-2"), CSRF, "1").statusCode());
            assertEquals(Set.of(), grantedByKeycloak(admin, member));
            assertEquals(0, Http.json(browser.request("GET", url(server, ""))).get("apps").size());
            JsonNode kid2Refreshed = Http.json(kid2Refresh);
            assertEquals(400, kid2Launch.refresh(kid2Refreshed.get("refresh_token").asText(), null).statusCode());
        }

        @Test
        void withdrawingTheApp_removesItsConsentAndRecords(KeycloakServer server, AdminApi admin) {
            String member = Members.create(admin, "RelatedPerson/rp-page-2", TWO_PATIENTS);
            Browser browser = signedIn(server, member);
            launch(server, browser, "kid-1").launch(member);
            assertEquals(204, browser.request("DELETE", url(server, "/smart-demo-public"), CSRF, "1").statusCode());
            assertEquals(List.of(), records(admin, member));
            assertEquals(Set.of(), grantedByKeycloak(admin, member));
        }

        @Test
        void refusals_changeNothing(KeycloakServer server, AdminApi admin) {
            String member = Members.create(admin, "RelatedPerson/rp-page-3", TWO_PATIENTS);
            Browser browser = signedIn(server, member);
            launch(server, browser, "kid-1").launch(member);
            List<String> before = records(admin, member);
            Set<String> consentBefore = grantedByKeycloak(admin, member);

            assertEquals(401, new Browser().request("GET", url(server, "")).statusCode(), "not signed in");
            HttpResponse<String> anonymous = new Browser().request("DELETE", url(server, "/smart-demo-public/patients/kid-1"), CSRF, "1");
            assertEquals(401, anonymous.statusCode());
            HttpResponse<String> noHeader = browser.request("DELETE", url(server, "/smart-demo-public/patients/kid-1"));
            assertEquals(403, noHeader.statusCode());
            assertTrue(Http.json(noHeader).get("error_description").asText().contains(CSRF), noHeader.body());
            HttpResponse<String> crossSite = browser.request("DELETE", url(server, "/smart-demo-public/patients/kid-1"),
                    CSRF, "1", "Origin", "https://evil.example");
            assertEquals(403, crossSite.statusCode());
            assertEquals(404, browser.request("DELETE", url(server, "/smart-demo-public/patients/kid-2"), CSRF, "1").statusCode());
            assertEquals(404, browser.request("DELETE", url(server, "/no-such-app"), CSRF, "1").statusCode());

            assertEquals(before, records(admin, member));
            assertEquals(consentBefore, grantedByKeycloak(admin, member));
            assertEquals(0, events(admin, member));
        }

        private int events(AdminApi admin, String member) {
            return admin.getJson("/realms/payer/events?type=REVOKE_GRANT&user=" + Members.id(admin, member)).size();
        }
    }

    @Test
    void aMemberWithOnePatient_isAskedOnce(KeycloakServer server, AdminApi admin) {
        String member = Members.create(admin, "Patient/solo-1", List.of("solo-1|Solo One|1990-01-01"));
        Browser browser = new Browser();
        SmartLaunch first = new SmartLaunch(server, SmartLaunch.App.PUBLIC, browser).param("scope", SCOPE);
        first.launch(member);
        assertTrue(first.pagesSeen.toString().contains("consent"));
        SmartLaunch second = new SmartLaunch(server, SmartLaunch.App.PUBLIC, browser).param("scope", SCOPE);
        second.launch(member);
        assertNull(second.consentPage, second.pagesSeen.toString());
    }
}
