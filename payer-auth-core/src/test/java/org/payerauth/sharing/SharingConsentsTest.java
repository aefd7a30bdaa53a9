package org.payerauth.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.payerauth.sharing.Histories.KIM;
import static org.payerauth.sharing.Histories.MONA;
import static org.payerauth.sharing.Histories.PARENT_USER;
import static org.payerauth.sharing.Histories.STAFF_USER;
import static org.payerauth.sharing.Histories.T1;
import static org.payerauth.sharing.Histories.T2;
import static org.payerauth.sharing.Histories.T3;
import static org.payerauth.sharing.Histories.byMember;
import static org.payerauth.sharing.Histories.change;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.payerauth.sharing.ChoiceChange.ActingAs;
import org.payerauth.sharing.ChoiceChange.Channel;
import org.payerauth.smart.PatientChoice;

import com.nimbusds.jose.util.JSONObjectUtils;

/** The Consent rendering, with the exact codes of Da Vinci PDex 2.2 and HRex (see {@link SharingConsents}). */
class SharingConsentsTest {

    private static final SharingConsents CONSENTS = new SharingConsents(new ConsentSettings(
            "Organization/lakeside-health-plan", "Lakeside Health Plan", "https://auth.lakeside.example/realms/members"));
    private static final SharingDefaults DEFAULTS = SharingDefaults.CONSERVATIVE;

    private static final String PAYER = """
            {"reference": "Organization/lakeside-health-plan", "display": "Lakeside Health Plan"}""";
    private static final String COMMON = """
            "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]},
            "patient": {"reference": "Patient/kim-2002"},
            "organization": [%s],
            """.formatted(PAYER);
    private static final String SOURCE_ACTOR = """
            "actor": [{"role": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                                             "code": "performer"}]},
                       "reference": %s}]""".formatted(PAYER);
    private static final String DISCLOSE = """
            {"system": "http://terminology.hl7.org/CodeSystem/consentaction", "code": "disclose", "display": "Disclose"}""";

    private static String categories(String apiPurpose) {
        return """
                "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IDSCL"}]},
                             {"coding": [{"system": "http://hl7.org/fhir/us/davinci-pdex/CodeSystem/pdex-consent-api-purpose",
                                          "code": "%s"}]}],
                """.formatted(apiPurpose);
    }

    /** The resource as JSON would carry it, without its narrative (checked on its own). */
    private static Map<String, Object> json(Map<String, Object> resource) throws ParseException {
        Map<String, Object> copy = new LinkedHashMap<>(resource);
        copy.remove("text");
        return JSONObjectUtils.parse(JSONObjectUtils.toJSONString(copy));
    }

    private static Map<String, Object> expected(String json) throws ParseException {
        return JSONObjectUtils.parse(json);
    }

    private static ChoiceHistory optedOut() throws SharingException {
        return byMember(ChoiceHistory.empty(KIM), Choice.PROVIDER_ACCESS, ProviderAccess.SHARED, ProviderAccess.OPTED_OUT, T1);
    }

    @Test
    void a_member_who_never_chose_has_no_provider_access_and_no_payer_to_payer_consent() {
        ChoiceHistory nothing = ChoiceHistory.empty(KIM);
        // Provider Access: "Absence of a record is interpreted as Permit"; Payer-to-Payer: opt-in, so absence = not shared
        assertEquals(Optional.empty(), CONSENTS.providerAccess(nothing));
        assertEquals(Optional.empty(), CONSENTS.payerToPayer(nothing));
        List<Map<String, Object>> all = CONSENTS.consents(nothing, DEFAULTS);
        assertEquals(1, all.size());
        assertEquals(CONSENTS.sensitiveDataForApps(nothing, DEFAULTS), all.get(0));
    }

    @Test
    void a_provider_access_opt_out_is_a_pdex_provider_consent_that_denies_disclosure() throws Exception {
        Map<String, Object> consent = CONSENTS.providerAccess(optedOut()).orElseThrow();
        assertEquals(expected("""
                {"resourceType": "Consent",
                 "id": "%s",
                 "meta": {"profile": ["http://hl7.org/fhir/us/davinci-pdex/StructureDefinition/pdex-provider-consent"]},
                 "status": "active",
                 %s %s
                 "dateTime": "2027-01-05T10:15:30Z",
                 "performer": [{"reference": "Patient/kim-2002"}],
                 "policyRule": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentpolicycodes",
                                            "code": "cric", "display": "Common Rule Informed Consent"}]},
                 "provision": {
                   "type": "deny",
                   "period": {"start": "2027-01-05T10:15:30Z"},
                   %s,
                   "action": [{"coding": [%s],
                               "extension": [{"url": "http://hl7.org/fhir/us/davinci-pdex/StructureDefinition/pdex-provider-access-use-case",
                                              "valueBoolean": true}]}]}}
                """.formatted(SharingConsents.consentId(KIM, "provider-access"), COMMON, categories("provider-access"),
                SOURCE_ACTOR, DISCLOSE)), json(consent));
    }

    @Test
    void a_revoked_opt_out_updates_the_same_consent_to_permit_from_the_revocation_on() throws Exception {
        ChoiceHistory revoked = byMember(optedOut(), Choice.PROVIDER_ACCESS, ProviderAccess.OPTED_OUT, ProviderAccess.SHARED, T2);
        Map<String, Object> before = CONSENTS.providerAccess(optedOut()).orElseThrow();
        Map<String, Object> after = CONSENTS.providerAccess(revoked).orElseThrow();

        assertEquals(before.get("id"), after.get("id"));
        Map<String, Object> provision = JSONObjectUtils.getJSONObject(json(after), "provision");
        assertEquals("permit", provision.get("type"));
        assertEquals(Map.of("start", "2027-02-01T08:00:00Z"), provision.get("period"));
        assertEquals("2027-02-01T08:00:00Z", after.get("dateTime"));
        assertEquals("active", after.get("status"));
    }

    @Test
    void a_representative_is_the_performer_as_a_related_person_and_staff_record_the_patients_choice() throws Exception {
        ChoiceHistory byParent = change(ChoiceHistory.empty(MONA), Choice.PROVIDER_ACCESS, ProviderAccess.SHARED,
                ProviderAccess.OPTED_OUT, PARENT_USER, ActingAs.REPRESENTATIVE, Channel.ACCOUNT_PAGE, null, T1);
        Map<String, Object> consent = json(CONSENTS.providerAccess(byParent).orElseThrow());
        assertEquals(List.of(Map.of("type", "RelatedPerson",
                "identifier", Map.of("system", "https://auth.lakeside.example/realms/members", "value", "c41d9e20-parent"),
                "display", "Personal representative")), consent.get("performer"));
        assertEquals(Map.of("reference", "Patient/mona-2015"), consent.get("patient"));

        ChoiceHistory byStaff = change(ChoiceHistory.empty(MONA), Choice.PROVIDER_ACCESS, ProviderAccess.SHARED,
                ProviderAccess.OPTED_OUT, STAFF_USER, ActingAs.STAFF, Channel.ADMIN_CONSOLE, "letter of 2027-01-03", T1);
        assertEquals(List.of(Map.of("reference", "Patient/mona-2015")),
                json(CONSENTS.providerAccess(byStaff).orElseThrow()).get("performer"));
    }

    @Test
    void payer_to_payer_opt_ins_carry_the_hrex_policy_for_all_data_or_all_but_sensitive_data() throws Exception {
        ChoiceHistory all = byMember(ChoiceHistory.empty(KIM), Choice.PAYER_TO_PAYER, PayerToPayer.NOT_SHARED,
                PayerToPayer.ALL_DATA, T1);
        assertEquals(expected("""
                {"resourceType": "Consent",
                 "id": "%s",
                 "status": "active",
                 %s %s
                 "dateTime": "2027-01-05T10:15:30Z",
                 "performer": [{"reference": "Patient/kim-2002"}],
                 "policy": [{"uri": "http://hl7.org/fhir/us/davinci-hrex/StructureDefinition-hrex-consent.html#sensitive"}],
                 "provision": {"type": "permit", "period": {"start": "2027-01-05T10:15:30Z"}, %s, "action": [{"coding": [%s]}]}}
                """.formatted(SharingConsents.consentId(KIM, "payer-to-payer"), COMMON, categories("payer-to-payer"),
                SOURCE_ACTOR, DISCLOSE)), json(CONSENTS.payerToPayer(all).orElseThrow()));

        ChoiceHistory regular = byMember(all, Choice.PAYER_TO_PAYER, PayerToPayer.ALL_DATA, PayerToPayer.ALL_EXCEPT_SENSITIVE, T2);
        Map<String, Object> consent = json(CONSENTS.payerToPayer(regular).orElseThrow());
        assertEquals(List.of(Map.of("uri", "http://hl7.org/fhir/us/davinci-hrex/StructureDefinition-hrex-consent.html#regular")),
                consent.get("policy"));
        assertEquals(Map.of("start", "2027-02-01T08:00:00Z"), JSONObjectUtils.getJSONObject(consent, "provision").get("period"));
        // a standing choice cannot meet hrex-consent (no recipient, no end, no document): no profile is claimed
        assertFalse(consent.containsKey("meta"));
    }

    @Test
    void a_withdrawn_payer_to_payer_opt_in_becomes_inactive_with_its_period_ended() throws Exception {
        ChoiceHistory optedIn = byMember(ChoiceHistory.empty(KIM), Choice.PAYER_TO_PAYER, PayerToPayer.NOT_SHARED,
                PayerToPayer.ALL_EXCEPT_SENSITIVE, T1);
        ChoiceHistory withdrawn = byMember(optedIn, Choice.PAYER_TO_PAYER, PayerToPayer.ALL_EXCEPT_SENSITIVE,
                PayerToPayer.NOT_SHARED, T3);
        Map<String, Object> consent = json(CONSENTS.payerToPayer(withdrawn).orElseThrow());

        assertEquals(CONSENTS.payerToPayer(optedIn).orElseThrow().get("id"), consent.get("id"));
        assertEquals("inactive", consent.get("status"));
        Map<String, Object> provision = JSONObjectUtils.getJSONObject(consent, "provision");
        assertEquals("permit", provision.get("type"));
        assertEquals(Map.of("start", "2027-01-05T10:15:30Z", "end", "2027-03-15T16:45:00Z"), provision.get("period"));
        assertEquals(List.of(Map.of("uri", "http://hl7.org/fhir/us/davinci-hrex/StructureDefinition-hrex-consent.html#regular")),
                consent.get("policy"));
        assertEquals("2027-03-15T16:45:00Z", consent.get("dateTime"));
    }

    @Test
    void sensitive_data_for_apps_is_a_patient_access_consent_with_the_realm_default_until_the_member_chooses() throws Exception {
        Map<String, Object> byDefault = json(CONSENTS.sensitiveDataForApps(ChoiceHistory.empty(KIM), DEFAULTS));
        assertEquals(expected("""
                {"resourceType": "Consent",
                 "id": "%s",
                 "status": "active",
                 %s %s
                 "policy": [{"uri": "http://hl7.org/fhir/us/davinci-hrex/StructureDefinition-hrex-consent.html#regular"}],
                 "provision": {"type": "permit", %s, "action": [{"coding": [%s]}]}}
                """.formatted(SharingConsents.consentId(KIM, "patient-access"), COMMON, categories("patient-access"),
                SOURCE_ACTOR, DISCLOSE)), byDefault);
        assertEquals(List.of(Map.of("uri", "http://hl7.org/fhir/us/davinci-hrex/StructureDefinition-hrex-consent.html#sensitive")),
                json(CONSENTS.sensitiveDataForApps(ChoiceHistory.empty(KIM), SharingDefaults.parse("include"))).get("policy"));

        ChoiceHistory included = byMember(ChoiceHistory.empty(KIM), Choice.SENSITIVE_DATA_FOR_APPS, SensitiveData.EXCLUDE,
                SensitiveData.INCLUDE, T2);
        Map<String, Object> chosen = json(CONSENTS.sensitiveDataForApps(included, DEFAULTS));
        assertEquals(List.of(Map.of("uri", "http://hl7.org/fhir/us/davinci-hrex/StructureDefinition-hrex-consent.html#sensitive")),
                chosen.get("policy"));
        assertEquals(List.of(Map.of("reference", "Patient/kim-2002")), chosen.get("performer"));
        assertEquals(Map.of("start", "2027-02-01T08:00:00Z"), JSONObjectUtils.getJSONObject(chosen, "provision").get("period"));
    }

    @Test
    void every_consent_has_a_generated_narrative_of_fixed_text() throws SharingException {
        ChoiceHistory history = byMember(optedOut(), Choice.PAYER_TO_PAYER, PayerToPayer.NOT_SHARED, PayerToPayer.ALL_DATA, T2);
        List<Map<String, Object>> all = CONSENTS.consents(history, DEFAULTS);
        assertEquals(3, all.size());
        for (Map<String, Object> consent : all) {
            @SuppressWarnings("unchecked")
            Map<String, Object> text = (Map<String, Object>) consent.get("text");
            assertEquals("generated", text.get("status"));
            String div = (String) text.get("div");
            assertTrue(div.startsWith("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>") && div.endsWith("</p></div>"), div);
            assertFalse(div.contains(KIM), div);
        }
        assertTrue(((String) ((Map<?, ?>) all.get(0).get("text")).get("div")).contains("opted out"));
    }

    @Test
    void consent_ids_are_stable_fhir_ids_one_per_patient_and_api() {
        String id = SharingConsents.consentId(KIM, "provider-access");
        assertEquals(id, SharingConsents.consentId(KIM, "provider-access"));
        assertTrue(PatientChoice.isValidId(id), id);
        assertFalse(id.contains(KIM));
        assertNotEquals(id, SharingConsents.consentId(KIM, "payer-to-payer"));
        assertNotEquals(id, SharingConsents.consentId(MONA, "provider-access"));
    }

    @Test
    void the_opted_out_list_is_a_searchset_bundle_of_members_still_opted_out_with_the_total() throws Exception {
        ChoiceHistory kim = optedOut();
        ChoiceHistory mona = change(ChoiceHistory.empty(MONA), Choice.PROVIDER_ACCESS, ProviderAccess.SHARED,
                ProviderAccess.OPTED_OUT, PARENT_USER, ActingAs.REPRESENTATIVE, Channel.ACCOUNT_PAGE, null, T1);
        // Mona's representative revoked the opt-out after the page was selected: she leaves the list (§pdex-274)
        ChoiceHistory monaRevoked = change(mona, Choice.PROVIDER_ACCESS, ProviderAccess.OPTED_OUT, ProviderAccess.SHARED,
                PARENT_USER, ActingAs.REPRESENTATIVE, Channel.ACCOUNT_PAGE, null, T2);

        Map<String, Object> bundle = JSONObjectUtils.parse(JSONObjectUtils.toJSONString(
                CONSENTS.optedOutOfProviderAccess(List.of(kim, monaRevoked, ChoiceHistory.empty("never-chose")), 120)));
        assertEquals("Bundle", bundle.get("resourceType"));
        assertEquals("searchset", bundle.get("type"));
        assertEquals(120L, ((Number) bundle.get("total")).longValue());
        List<Object> entries = JSONObjectUtils.getJSONArray(bundle, "entry");
        assertEquals(1, entries.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = (Map<String, Object>) entries.get(0);
        assertEquals(Map.of("mode", "match"), entry.get("search"));
        assertEquals(json(CONSENTS.providerAccess(kim).orElseThrow()),
                json(JSONObjectUtils.getJSONObject(entry, "resource")));

        Map<String, Object> empty = SharingConsents.searchset(List.of(), 0);
        assertEquals(0L, ((Number) empty.get("total")).longValue());
        assertEquals(List.of(), empty.get("entry"));
        assertThrows(IllegalArgumentException.class,
                () -> SharingConsents.searchset(List.of(CONSENTS.providerAccess(kim).orElseThrow()), 0));
    }
}
