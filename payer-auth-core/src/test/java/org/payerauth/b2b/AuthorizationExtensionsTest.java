package org.payerauth.b2b;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.payerauth.udap.UdapException;

/**
 * The {@code hl7-b2b} authorization extension of a B2B client assertion (HL7 UDAP Security IG 2.0 §5.2.1.1):
 * {@code version} "1", {@code organization_id} URI, non-empty {@code purpose_of_use}, optional string subject and
 * organization members, consent policies and references as absolute URIs; every problem is {@code invalid_grant}.
 */
class AuthorizationExtensionsTest {

    private static final String ORG = "https://payer.example.org/organizations/42";

    // ------------------------------------------------------------------ helpers

    private static Map<String, Object> minimal() {
        Map<String, Object> b2b = new LinkedHashMap<>();
        b2b.put("version", "1");
        b2b.put("organization_id", ORG);
        b2b.put("purpose_of_use", List.of("SYSDEV"));
        return b2b;
    }

    private static Map<String, Object> full() {
        Map<String, Object> b2b = new LinkedHashMap<>();
        b2b.put("version", "1");
        b2b.put("subject_name", "Dr. Jane Smith");
        b2b.put("subject_id", "urn:oid:2.16.840.1.113883.4.6#1234567893");
        b2b.put("subject_role", "http://nucc.org/provider-taxonomy#207Q00000X");
        b2b.put("organization_name", "Example Payer");
        b2b.put("organization_id", ORG);
        b2b.put("purpose_of_use", List.of("urn:oid:2.16.840.1.113883.5.8#TREAT", "SYSDEV"));
        b2b.put("consent_policy", List.of("https://consent.example.org/policies/opt-in", "urn:oid:2.16.840.1.113883.3.7204.1.1.1.1.2.1"));
        b2b.put("consent_reference", List.of("https://fhir.example.org/Consent/123"));
        return b2b;
    }

    private static Map<String, Object> extensions(Object b2b) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put(AuthorizationExtensions.HL7_B2B, b2b);
        return extensions;
    }

    private static Map<String, Object> minimalWith(Consumer<Map<String, Object>> change) {
        Map<String, Object> b2b = minimal();
        change.accept(b2b);
        return b2b;
    }

    private static Map<String, Object> put(String member, Object value) {
        return minimalWith(b2b -> b2b.put(member, value));
    }

    private static Map<String, Object> without(String member) {
        return minimalWith(b2b -> b2b.remove(member));
    }

    private static Map<String, Object> validate(Object extensions, boolean required) throws UdapException {
        B2bContext context = AuthorizationExtensions.read(extensions, B2bPolicy.requiringHl7B2b(required));
        return context == null ? null : context.hl7B2b();
    }

    private static UdapException rejected(Object extensions, boolean required) {
        UdapException e = assertThrows(UdapException.class, () -> validate(extensions, required));
        assertEquals("invalid_grant", e.error(), () -> "description: " + e.description());
        assertFalse(e.description() == null || e.description().isBlank());
        return e;
    }

    // ------------------------------------------------------------------ accepted extensions

    static Stream<Arguments> validExtensions() {
        return Stream.of(
                arguments(named("minimal: version, organization_id, purpose_of_use [SYSDEV]",
                        (Supplier<Map<String, Object>>) AuthorizationExtensionsTest::minimal)),
                arguments(named("full: subject_*, organization_name, consent_policy, consent_reference",
                        (Supplier<Map<String, Object>>) AuthorizationExtensionsTest::full)),
                arguments(named("organization_id as a URN",
                        (Supplier<Map<String, Object>>) () -> put("organization_id", "urn:oid:2.16.840.1.113883.3.1234"))),
                arguments(named("several purposes of use",
                        (Supplier<Map<String, Object>>) () -> put("purpose_of_use", List.of("TREAT", "HPAYMT", "HOPERAT")))),
                arguments(named("empty consent_policy array",
                        (Supplier<Map<String, Object>>) () -> put("consent_policy", List.of()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExtensions")
    void hl7_b2b_accepts_a_valid_extension_and_returns_its_members(Supplier<Map<String, Object>> b2b) throws Exception {
        Map<String, Object> value = b2b.get();
        assertEquals(value, validate(extensions(value), true));
        assertEquals(value, validate(extensions(value), false));
    }

    @Test
    void hl7_b2b_drops_unknown_members_from_the_returned_extension() throws Exception {
        Map<String, Object> sent = full();
        sent.put("vendor_specific", "x");
        sent.put("nested", Map.of("a", 1));

        Map<String, Object> accepted = validate(extensions(sent), true);

        assertEquals(full(), accepted);
        assertFalse(accepted.containsKey("vendor_specific"));
        assertFalse(accepted.containsKey("nested"));
    }

    @Test
    void hl7_b2b_is_found_next_to_other_extensions() throws Exception {
        Map<String, Object> all = extensions(minimal());
        all.put("tefca-ias", Map.of("version", "1"));
        assertEquals(minimal(), validate(all, true));
    }

    // ------------------------------------------------------------------ absent extension

    static Stream<Arguments> absentExtension() {
        return Stream.of(
                arguments(named("no extensions claim", null)),
                arguments(named("empty extensions object", new LinkedHashMap<String, Object>())),
                arguments(named("only another extension", Map.of("tefca-ias", Map.of("version", "1")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("absentExtension")
    void hl7_b2b_absent_and_not_required_is_null(Object extensions) throws Exception {
        assertNull(validate(extensions, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("absentExtension")
    void hl7_b2b_absent_but_required__invalid_grant(Object extensions) {
        rejected(extensions, true);
    }

    // ------------------------------------------------------------------ invalid extensions

    static Stream<Arguments> invalidExtensions() {
        return Stream.of(
                arguments(named("extensions a string", "hl7-b2b")),
                arguments(named("extensions an array", List.of(minimalExtensionsOnly()))),
                arguments(named("extensions a number", 1)),
                arguments(named("hl7-b2b a string", extensions("{\"version\":\"1\"}"))),
                arguments(named("hl7-b2b an array", extensions(List.of(minimal())))),
                arguments(named("hl7-b2b a boolean", extensions(true))),
                arguments(named("version missing", extensions(without("version")))),
                arguments(named("version \"2\"", extensions(put("version", "2")))),
                arguments(named("version the number 1", extensions(put("version", 1)))),
                arguments(named("version \"1.0\"", extensions(put("version", "1.0")))),
                arguments(named("organization_id missing", extensions(without("organization_id")))),
                arguments(named("organization_id not a URI", extensions(put("organization_id", "Example Payer Inc")))),
                arguments(named("organization_id relative", extensions(put("organization_id", "/organizations/42")))),
                arguments(named("organization_id a bare host", extensions(put("organization_id", "payer.example.org")))),
                arguments(named("organization_id a number", extensions(put("organization_id", 42)))),
                arguments(named("purpose_of_use missing", extensions(without("purpose_of_use")))),
                arguments(named("purpose_of_use empty", extensions(put("purpose_of_use", List.of())))),
                arguments(named("purpose_of_use a string", extensions(put("purpose_of_use", "SYSDEV")))),
                arguments(named("purpose_of_use with a number", extensions(put("purpose_of_use", List.of("SYSDEV", 7))))),
                arguments(named("subject_name a number", extensions(put("subject_name", 7)))),
                arguments(named("subject_id an array", extensions(put("subject_id", List.of("1234567890"))))),
                arguments(named("subject_role an object", extensions(put("subject_role", Map.of("code", "207Q00000X"))))),
                arguments(named("organization_name a boolean", extensions(put("organization_name", false)))),
                arguments(named("consent_policy a string", extensions(put("consent_policy", "https://consent.example.org/p")))),
                arguments(named("consent_policy with a non-URI",
                        extensions(put("consent_policy", List.of("https://consent.example.org/p", "opt in please"))))),
                arguments(named("consent_policy with a relative URI", extensions(put("consent_policy", List.of("policies/opt-in"))))),
                arguments(named("consent_policy with a number", extensions(put("consent_policy", List.of(1))))),
                arguments(named("consent_reference with a relative URI", extensions(put("consent_reference", List.of("Consent/123"))))),
                arguments(named("consent_reference a string",
                        extensions(put("consent_reference", "https://fhir.example.org/Consent/123")))));
    }

    private static Map<String, Object> minimalExtensionsOnly() {
        return extensions(minimal());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExtensions")
    void hl7_b2b_rejects_a_malformed_extension_whether_or_not_required__invalid_grant(Object extensions) {
        rejected(extensions, true);
        rejected(extensions, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"subject_name", "subject_id", "subject_role", "organization_name"})
    void hl7_b2b_accepts_each_optional_subject_member_as_a_string(String member) throws Exception {
        Map<String, Object> b2b = put(member, "value of " + member);
        assertEquals(b2b, validate(extensions(b2b), true));
    }

    @org.junit.jupiter.api.Test
    void hl7b2b_rejects_a_blank_purpose_of_use__invalid_grant() {
        java.util.Map<String, Object> b2b = new java.util.LinkedHashMap<>();
        b2b.put("version", "1");
        b2b.put("organization_id", "https://org.example/");
        b2b.put("purpose_of_use", java.util.List.of(" "));
        UdapException e = org.junit.jupiter.api.Assertions.assertThrows(UdapException.class,
                () -> validate(java.util.Map.of("hl7-b2b", b2b), true));
        org.junit.jupiter.api.Assertions.assertEquals("invalid_grant", e.error());
    }

    // ------------------------------------------------------------------ NPI, purposes, Group, hl7-b2b-user, policy

    private static B2bContext read(Map<String, Object> b2b, B2bPolicy policy) throws UdapException {
        return AuthorizationExtensions.read(extensions(b2b), policy);
    }

    private static UdapException refused(Object extensions, B2bPolicy policy, String field) {
        UdapException e = assertThrows(UdapException.class, () -> AuthorizationExtensions.read(extensions, policy));
        assertEquals("invalid_grant", e.error());
        org.junit.jupiter.api.Assertions.assertTrue(e.description().contains(field), e.description());
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567893", "urn:oid:2.16.840.1.113883.4.6#1234567893", "http://hl7.org/fhir/sid/us-npi|1234567893"})
    void hl7_b2b_subject_id_claiming_an_npi_is_checked_and_carried(String subjectId) throws Exception {
        B2bContext context = read(put("subject_id", subjectId), B2bPolicy.DEFAULT);
        assertEquals("1234567893", context.npi());
        assertEquals(subjectId, context.subjectId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890", "urn:oid:2.16.840.1.113883.4.6#1234567894", "urn:oid:2.16.840.1.113883.4.6#12345",
            "http://hl7.org/fhir/sid/us-npi|12345678AB"})
    void hl7_b2b_subject_id_claiming_an_invalid_npi__invalid_grant_naming_subject_id(String subjectId) {
        refused(extensions(put("subject_id", subjectId)), B2bPolicy.DEFAULT, "subject_id");
    }

    @Test
    void hl7_b2b_subject_id_must_be_an_npi_when_the_community_says_so() throws Exception {
        B2bPolicy npiOnly = new B2bPolicy(true, false, java.util.Set.of(), true, null);
        refused(extensions(put("subject_id", "mailto:dr.smith@example.org")), npiOnly, "subject_id");
        assertEquals("1234567893", read(put("subject_id", "1234567893"), npiOnly).npi());
        assertNull(read(minimal(), npiOnly).npi(), "subject_id stays optional (non-human requestors omit it)");
    }

    @Test
    void hl7_b2b_purpose_of_use_is_read_in_each_written_form_of_the_hl7_value_set() throws Exception {
        B2bContext context = read(put("purpose_of_use", List.of("TREAT", "urn:oid:2.16.840.1.113883.5.8#COC",
                "http://terminology.hl7.org/CodeSystem/v3-ActReason|HPAYMT")), B2bPolicy.DEFAULT);
        assertEquals(List.of("TREAT", "COC", "HPAYMT"), context.purposesOfUse());
    }

    @ParameterizedTest
    @ValueSource(strings = {"treat", "urn:oid:2.16.840.1.113883.5.9#TREAT", "TREATMENT", "urn:oid:2.16.840.1.113883.5.8#"})
    void hl7_b2b_purpose_of_use_outside_the_hl7_value_set__invalid_grant_naming_purpose_of_use(String purpose) {
        refused(extensions(put("purpose_of_use", List.of("TREAT", purpose))), B2bPolicy.DEFAULT, "purpose_of_use");
    }

    @Test
    void hl7_b2b_purpose_of_use_follows_a_community_allow_list_instead_of_the_value_set() throws Exception {
        B2bPolicy tefca = new B2bPolicy(true, false, java.util.Set.of("T-TREAT", "T-PYMNT"), false, null);
        assertEquals(List.of("T-TREAT"), read(put("purpose_of_use", List.of("T-TREAT")), tefca).purposesOfUse());
        UdapException e = refused(extensions(put("purpose_of_use", List.of("TREAT"))), tefca, "purpose_of_use");
        org.junit.jupiter.api.Assertions.assertTrue(e.description().contains("T-PYMNT, T-TREAT"), e.description());
    }

    @Test
    void hl7_b2b_subject_id_naming_a_group_is_an_organization_level_provider_access_request() throws Exception {
        assertEquals("attributed-42", read(put("subject_id", "Group/attributed-42"), B2bPolicy.DEFAULT).group());
        B2bPolicy providerAccess = B2bPolicy.DEFAULT.withApi(B2bApi.PROVIDER_ACCESS);
        assertEquals("attributed-42", read(put("subject_id", "attributed-42"), providerAccess).group());
        assertNull(read(put("subject_id", "attributed-42"), B2bPolicy.DEFAULT).group(),
                "a bare id names a Group only for Provider Access clients");
        assertNull(read(put("subject_id", "1234567893"), providerAccess).group(), "an NPI is never a Group");
    }

    private static Map<String, Object> user() {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("version", "1");
        user.put("user_person", Map.of("resourceType", "Person", "name", List.of(Map.of("family", "Smith"))));
        user.put("purpose_of_use", List.of("TREAT"));
        return user;
    }

    @Test
    void hl7_b2b_user_carries_the_requesting_person() throws Exception {
        Map<String, Object> all = extensions(minimal());
        all.put(AuthorizationExtensions.HL7_B2B_USER, user());
        B2bContext context = AuthorizationExtensions.read(all, new B2bPolicy(true, true, java.util.Set.of(), false, null));
        assertEquals("Person", context.userPerson().get("resourceType"));
    }

    @Test
    void hl7_b2b_user_required_but_missing_or_malformed__invalid_grant_naming_it() {
        B2bPolicy userRequired = new B2bPolicy(true, true, java.util.Set.of(), false, null);
        refused(extensions(minimal()), userRequired, "hl7-b2b-user");
        for (String member : List.of("version", "user_person", "purpose_of_use")) {
            Map<String, Object> all = extensions(minimal());
            Map<String, Object> broken = user();
            broken.remove(member);
            all.put(AuthorizationExtensions.HL7_B2B_USER, broken);
            refused(all, B2bPolicy.DEFAULT, "hl7-b2b-user." + member);
        }
        Map<String, Object> notAPerson = extensions(minimal());
        Map<String, Object> practitioner = user();
        practitioner.put("user_person", Map.of("resourceType", "Practitioner"));
        notAPerson.put(AuthorizationExtensions.HL7_B2B_USER, practitioner);
        refused(notAPerson, B2bPolicy.DEFAULT, "user_person");
    }
}
