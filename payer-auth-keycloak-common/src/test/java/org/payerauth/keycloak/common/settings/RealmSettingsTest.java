package org.payerauth.keycloak.common.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.payerauth.udap.RegistrationSettings;

class RealmSettingsTest {

    private final Map<String, String> attributes = new HashMap<>();
    private final RealmSettings settings = new RealmSettings("payer", attributes::get, "https://kc.example/realms/payer");

    @Test
    void withoutAFhirBaseUrlTheRealmUrlStandsIn() {
        assertEquals(List.of("https://kc.example/realms/payer"), settings.fhirBaseUrls().orElseThrow().all());
    }

    @Test
    void fhirBaseUrlsAreReadInOrder() {
        attributes.put(RealmSettings.FHIR_BASE_URLS, " https://fhir.example/r4  https://fhir.example/r4b/ ");
        assertEquals(List.of("https://fhir.example/r4", "https://fhir.example/r4b"), settings.fhirBaseUrls().orElseThrow().all());
    }

    @Test
    void aMalformedFhirBaseUrlFailsClosed() {
        attributes.put(RealmSettings.FHIR_BASE_URLS, "fhir.example/r4");
        assertEquals(Optional.empty(), settings.fhirBaseUrls());
    }

    @Test
    void aChangedFhirBaseUrlSettingIsReadAtOnce_parsedSettingsStayBounded() {
        attributes.put(RealmSettings.FHIR_BASE_URLS, "https://fhir.example/r4");
        assertEquals(List.of("https://fhir.example/r4"), settings.fhirBaseUrls().orElseThrow().all());
        assertTrue(settings.fhirBaseUrls().orElseThrow() == settings.fhirBaseUrls().orElseThrow(), "parsed once");
        attributes.put(RealmSettings.FHIR_BASE_URLS, "https://fhir.example/r5");
        assertEquals(List.of("https://fhir.example/r5"), settings.fhirBaseUrls().orElseThrow().all());
        for (int i = 0; i < 3 * RealmSettings.PARSED_FHIR_BASE_URLS_BOUND; i++) {
            attributes.put(RealmSettings.FHIR_BASE_URLS, "https://fhir" + i + ".example/r4");
            assertEquals(List.of("https://fhir" + i + ".example/r4"), settings.fhirBaseUrls().orElseThrow().all());
            assertTrue(RealmSettings.parsedFhirBaseUrlSettings() <= RealmSettings.PARSED_FHIR_BASE_URLS_BOUND);
        }
    }

    @Test
    void theRealmUrlIsAskedForOnlyWhenAReaderNeedsIt() {
        int[] asked = {0};
        RealmSettings lazy = new RealmSettings("payer", attributes::get, () -> {
            asked[0]++;
            return "https://kc.example/realms/payer";
        });
        lazy.udapMode();
        lazy.styleUrl();
        attributes.put(RealmSettings.FHIR_BASE_URLS, "https://fhir.example/r4");
        assertEquals(List.of("https://fhir.example/r4"), lazy.fhirBaseUrls().orElseThrow().all());
        assertEquals(0, asked[0], "a configured FHIR base URL needs no realm URL");
        attributes.put(RealmSettings.FHIR_BASE_URLS, " \u0001 ");
        assertEquals(List.of("https://kc.example/realms/payer"), lazy.fhirBaseUrls().orElseThrow().all());
        attributes.remove(RealmSettings.FHIR_BASE_URLS);
        lazy.fhirBaseUrls();
        lazy.fhirBaseUrls();
        assertEquals("https://kc.example/realms/payer", lazy.realmUrl());
        assertEquals(1, asked[0]);
    }

    @Test
    void everyMalformedSettingIsNamedWithAReason_unsetAndValidOnesAreNot() {
        assertEquals(Map.of(), settings.invalid(RealmSettings.ALL));
        attributes.put(RealmSettings.FHIR_BASE_URLS, "fhir.example/r4");
        attributes.put(RealmSettings.UDAP_MODE, "stu3");
        attributes.put(RealmSettings.UDAP_CLIENT_SECRET_BASIC, "yes");
        attributes.put(RealmSettings.UDAP_MAX_CLIENTS, "0");
        attributes.put(RealmSettings.UDAP_MIN_REGISTRATION_INTERVAL, "-5");
        attributes.put(RealmSettings.UDAP_REGISTRATION_SCOPES, "  ");
        attributes.put(RealmSettings.TIERED_MEMBER_MAPPING, "auto");
        attributes.put(RealmSettings.TIERED_LOGO_URI, "logo.png");
        attributes.put(RealmSettings.TIERED_CONTACTS, "mailto:a@payer.example security team");
        attributes.put(RealmSettings.TIERED_MAX_IDENTITY_PROVIDERS, "12");
        attributes.put(RealmSettings.TIERED_MAX_CONCURRENT_METADATA_LOADS, "0");
        attributes.put(RealmSettings.TIERED_MAX_NEW_IDENTITY_PROVIDERS_PER_HOUR, "0");
        Map<String, String> invalid = settings.invalid(RealmSettings.ALL);
        assertEquals(List.of(RealmSettings.FHIR_BASE_URLS, RealmSettings.UDAP_MODE, RealmSettings.UDAP_CLIENT_SECRET_BASIC,
                RealmSettings.UDAP_MAX_CLIENTS, RealmSettings.UDAP_MIN_REGISTRATION_INTERVAL,
                RealmSettings.TIERED_MEMBER_MAPPING, RealmSettings.TIERED_MAX_CONCURRENT_METADATA_LOADS,
                RealmSettings.TIERED_MAX_NEW_IDENTITY_PROVIDERS_PER_HOUR,
                RealmSettings.TIERED_LOGO_URI, RealmSettings.TIERED_CONTACTS),
                List.copyOf(invalid.keySet()));
        assertTrue(invalid.values().stream().noneMatch(reason -> reason == null || reason.isBlank()), invalid.toString());
        assertEquals("must be stu2 or stu1.1", invalid.get(RealmSettings.UDAP_MODE));
        assertEquals(Map.of(), settings.invalid(List.of(RealmSettings.TIERED_MAX_IDENTITY_PROVIDERS, RealmSettings.STYLE_URL)));
    }

    @Test
    void consentsPerPatientSince_isAnInstant_unsetOrMalformedMeansNoConsentPredatesThem() {
        assertEquals(Optional.empty(), settings.consentsPerPatientSince());
        attributes.put(RealmSettings.CONSENTS_PER_PATIENT_SINCE, " 2026-12-04T09:00:00Z ");
        assertEquals(Optional.of(java.time.Instant.parse("2026-12-04T09:00:00Z")), settings.consentsPerPatientSince());
        assertEquals(Map.of(), settings.invalid(RealmSettings.ALL));
        attributes.put(RealmSettings.CONSENTS_PER_PATIENT_SINCE, "2026-12-04");
        assertEquals(Optional.empty(), settings.consentsPerPatientSince());
        assertEquals("must be an ISO-8601 instant such as 2026-12-04T09:00:00Z",
                settings.invalid(RealmSettings.ALL).get(RealmSettings.CONSENTS_PER_PATIENT_SINCE));
    }

    @Test
    void userAccessBrand_isOfferedOnceNamed_stampedWhenItsSettingsChange() {
        assertEquals(Optional.empty(), settings.userAccessBrand());
        assertEquals(Optional.empty(), settings.brandStamp(java.time.Instant.parse("2026-12-06T10:00:00Z")));
        attributes.put(RealmSettings.BRAND_PREFIX + "name", "Acme Health Plan");
        attributes.put(RealmSettings.BRAND_PREFIX + "website", "https://www.acme.example");
        assertTrue(settings.userAccessBrand().orElseThrow().problems().get(0).startsWith("lastChanged:"),
                "not stamped yet: no timestamp to publish");
        String stamp = settings.brandStamp(java.time.Instant.parse("2026-12-06T10:00:00.123Z")).orElseThrow();
        assertTrue(stamp.startsWith("2026-12-06T10:00:00Z "), stamp);
        attributes.put(RealmSettings.BRAND_LAST_CHANGED, stamp);
        assertEquals(Optional.of(java.time.Instant.parse("2026-12-06T10:00:00Z")), settings.brandLastChanged());
        assertEquals(Optional.empty(), settings.brandStamp(java.time.Instant.parse("2026-12-07T10:00:00Z")), "nothing changed");
        assertEquals(List.of(), settings.userAccessBrand().orElseThrow().problems());
        assertEquals(List.of("https://kc.example/realms/payer"), settings.userAccessBrand().orElseThrow().fhirBaseUrls());

        attributes.put(RealmSettings.BRAND_PREFIX + "portalName", "Acme members");
        assertEquals(Optional.empty(), settings.brandLastChanged(), "a changed brand setting voids the stamp");
        assertTrue(settings.brandStamp(java.time.Instant.parse("2026-12-07T10:00:00Z")).orElseThrow().startsWith("2026-12-07T10:00:00Z "));
        attributes.put(RealmSettings.BRAND_LAST_CHANGED, settings.brandStamp(java.time.Instant.parse("2026-12-07T10:00:00Z")).orElseThrow());
        attributes.put(RealmSettings.FHIR_BASE_URLS, "https://fhir.acme.example/r4");
        assertEquals(Optional.empty(), settings.brandLastChanged(), "so does a changed FHIR base URL (the Endpoints)");
        attributes.put(RealmSettings.BRAND_LAST_CHANGED, "garbage");
        assertEquals(Optional.empty(), settings.brandLastChanged());
    }

    @Test
    void userAccessBrandSettings_areCheckedLikeTheOthers() {
        attributes.put(RealmSettings.BRAND_PREFIX + "website", "http://acme.example");
        attributes.put(RealmSettings.BRAND_PREFIX + "categories", "hospital");
        attributes.put(RealmSettings.BRAND_PREFIX + "addresses", "Boston, MA, Suffolk");
        attributes.put(RealmSettings.BRAND_PREFIX + "name", "Acme");
        Map<String, String> invalid = settings.invalid(RealmSettings.ALL);
        assertEquals(List.of("smart.brand.website", "smart.brand.categories", "smart.brand.addresses"), List.copyOf(invalid.keySet()));
        assertTrue(invalid.get("smart.brand.categories").contains("'hospital'"), invalid.toString());
    }

    @Test
    void patientLinkRules_parentsUntil18ByDefault_otherAgesAndTheTimeZoneConfigurable() {
        var parent = org.payerauth.smart.PatientChoice.Relationship.PARENT;
        var legal = org.payerauth.smart.PatientChoice.Relationship.LEGAL_REPRESENTATIVE;
        assertEquals(java.util.OptionalInt.of(18), settings.patientLinkRules().untilAge(parent));
        assertEquals(java.util.OptionalInt.empty(), settings.patientLinkRules().untilAge(legal));
        assertEquals(java.time.ZoneOffset.UTC, settings.linksTimeZone());
        attributes.put(RealmSettings.LINKS_PARENT_UNTIL_AGE, "13");
        attributes.put(RealmSettings.LINKS_LEGAL_REPRESENTATIVE_UNTIL_AGE, "21");
        attributes.put(RealmSettings.LINKS_TIME_ZONE, "America/New_York");
        assertEquals(java.util.OptionalInt.of(13), settings.patientLinkRules().untilAge(parent));
        assertEquals(java.util.OptionalInt.of(21), settings.patientLinkRules().untilAge(legal));
        assertEquals(java.time.ZoneId.of("America/New_York"), settings.linksTimeZone());
        attributes.put(RealmSettings.LINKS_PARENT_UNTIL_AGE, "none");
        assertEquals(java.util.OptionalInt.empty(), settings.patientLinkRules().untilAge(parent));
        assertEquals(Map.of(), settings.invalid(RealmSettings.ALL));
        attributes.put(RealmSettings.LINKS_PARENT_UNTIL_AGE, "0");
        attributes.put(RealmSettings.LINKS_TIME_ZONE, "Eastern");
        assertEquals(java.util.OptionalInt.of(18), settings.patientLinkRules().untilAge(parent), "malformed: the default");
        assertEquals(java.time.ZoneOffset.UTC, settings.linksTimeZone());
        assertEquals(List.of(RealmSettings.LINKS_PARENT_UNTIL_AGE, RealmSettings.LINKS_TIME_ZONE),
                List.copyOf(settings.invalid(RealmSettings.ALL).keySet()));
    }

    @Test
    void styleUrlIsOptional() {
        assertEquals(Optional.empty(), settings.styleUrl());
        attributes.put(RealmSettings.STYLE_URL, "  ");
        assertEquals(Optional.empty(), settings.styleUrl());
        attributes.put(RealmSettings.STYLE_URL, " https://app.example/style.json ");
        assertEquals(Optional.of("https://app.example/style.json"), settings.styleUrl());
    }

    @Test
    void udapDefaultsAreStu2WithClientSecretBasicAndNoLocalhost() {
        RegistrationSettings udap = settings.udap();
        assertEquals(RegistrationSettings.Mode.STU2, udap.mode());
        assertTrue(udap.clientSecretBasicAllowed());
        assertFalse(udap.localhostRedirectsAllowed());
        assertEquals(RegistrationSettings.defaults().maxRequestBytes(), udap.maxRequestBytes());
    }

    @Test
    void udapModeAcceptsTheStu11Spellings() {
        for (String value : List.of("stu1.1", "STU11", " Stu1.1 ")) {
            attributes.put(RealmSettings.UDAP_MODE, value);
            assertEquals(RegistrationSettings.Mode.STU1_1, settings.udapMode(), value);
        }
        attributes.put(RealmSettings.UDAP_MODE, "stu3");
        assertEquals(RegistrationSettings.Mode.STU2, settings.udapMode(), "unknown values fall back to stu2");
    }

    @Test
    void udapSwitchesAndLimitsAreRead() {
        attributes.put(RealmSettings.UDAP_CLIENT_SECRET_BASIC, "false");
        attributes.put(RealmSettings.UDAP_LOCALHOST_REDIRECTS, "true");
        attributes.put(RealmSettings.UDAP_MAX_REQUEST_BYTES, "1000");
        attributes.put(RealmSettings.UDAP_MAX_X5C_CERTIFICATES, "2");
        attributes.put(RealmSettings.UDAP_MAX_X5C_CERTIFICATE_CHARS, "3000");
        RegistrationSettings udap = settings.udap();
        assertFalse(udap.clientSecretBasicAllowed());
        assertTrue(udap.localhostRedirectsAllowed());
        assertEquals(1000, udap.maxRequestBytes());
        assertEquals(2, udap.maxX5cCount());
        assertEquals(3000, udap.maxX5cEntryBytes());
    }

    @Test
    void theRegistrationScopeAllowListDefaultsAndCanBeReplaced() {
        assertEquals(org.payerauth.udap.registration.RegistrationScopePolicy.DEFAULT_ALLOWED, settings.registrationScopes().allowed());
        attributes.put(RealmSettings.UDAP_REGISTRATION_SCOPES, "openid patient/*");
        assertEquals(List.of("openid", "patient/*"), settings.registrationScopes().allowed());
        attributes.put(RealmSettings.UDAP_REGISTRATION_SCOPES, "patient/*.read");
        assertEquals(org.payerauth.udap.registration.RegistrationScopePolicy.DEFAULT_ALLOWED, settings.registrationScopes().allowed(),
                "a malformed list falls back to the default, never to everything");
    }

    @Test
    void nonPositiveOrNonNumericLimitsKeepTheDefault() {
        attributes.put(RealmSettings.UDAP_MAX_REQUEST_BYTES, "-5");
        attributes.put(RealmSettings.UDAP_MAX_X5C_CERTIFICATES, "many");
        RegistrationSettings udap = settings.udap();
        assertEquals(RegistrationSettings.defaults().maxRequestBytes(), udap.maxRequestBytes());
        assertEquals(RegistrationSettings.defaults().maxX5cCount(), udap.maxX5cCount());
    }

    @Test
    void registrationLimitsAreOffUnlessSetAndAMalformedValueLeavesThatLimitOff() {
        assertEquals(org.payerauth.udap.registration.RegistrationLimits.none(), settings.registrationLimits());
        attributes.put(RealmSettings.UDAP_MAX_CLIENTS, "5000");
        attributes.put(RealmSettings.UDAP_MIN_REGISTRATION_INTERVAL, "30");
        assertEquals(java.util.OptionalInt.of(5000), settings.registrationLimits().maxClients());
        assertEquals(java.time.Duration.ofSeconds(30), settings.registrationLimits().minInterval());
        attributes.put(RealmSettings.UDAP_MAX_CLIENTS, "lots");
        attributes.put(RealmSettings.UDAP_MIN_REGISTRATION_INTERVAL, "-1");
        assertEquals(org.payerauth.udap.registration.RegistrationLimits.none(), settings.registrationLimits());
    }

    @Test
    void tieredDefaultsAreSafeTheDevelopmentSwitchIsOffAndRegistrationDetailsAreUnset() {
        org.payerauth.udap.tiered.TieredSettings tiered = settings.tiered();
        assertEquals(false, tiered.allowInsecureIdps(), "the development switch is off unless set");
        assertEquals(org.payerauth.udap.tiered.TieredSettings.MemberMapping.VERIFY_EXISTING, tiered.memberMapping());
        assertEquals(java.time.Duration.ofHours(1), tiered.metadataMaxReuse());
        assertEquals(100, tiered.maxIdentityProviders());
        assertEquals(8, tiered.maxConcurrentMetadataLoads());
        assertEquals(10, tiered.maxNewIdentityProvidersPerHour());
        assertEquals("payer (UDAP Tiered OAuth)", tiered.clientName());
        assertEquals(java.util.Optional.empty(), tiered.logoUri());
        assertEquals(java.util.List.of(), tiered.contacts());
    }

    @Test
    void tieredSettingsAreReadAndAMalformedMemberMappingFallsBackToTheStricterPreLinked() {
        attributes.put(RealmSettings.TIERED_ALLOW_INSECURE_IDPS, "true");
        attributes.put(RealmSettings.TIERED_MEMBER_MAPPING, "pre-linked");
        attributes.put(RealmSettings.TIERED_METADATA_MAX_REUSE, "600");
        attributes.put(RealmSettings.TIERED_LOGO_URI, " https://payer.example/logo.png ");
        attributes.put(RealmSettings.TIERED_CONTACTS, "mailto:a@payer.example, mailto:b@payer.example");
        attributes.put(RealmSettings.TIERED_MAX_CONCURRENT_METADATA_LOADS, "3");
        attributes.put(RealmSettings.TIERED_MAX_NEW_IDENTITY_PROVIDERS_PER_HOUR, "4");
        org.payerauth.udap.tiered.TieredSettings tiered = settings.tiered();
        assertEquals(3, tiered.maxConcurrentMetadataLoads());
        assertEquals(4, tiered.maxNewIdentityProvidersPerHour());
        assertEquals(true, tiered.allowInsecureIdps());
        assertEquals(org.payerauth.udap.tiered.TieredSettings.MemberMapping.PRE_LINKED, tiered.memberMapping());
        assertEquals(java.time.Duration.ofMinutes(10), tiered.metadataMaxReuse());
        assertEquals(java.util.Optional.of("https://payer.example/logo.png"), tiered.logoUri());
        assertEquals(java.util.List.of("mailto:a@payer.example", "mailto:b@payer.example"), tiered.contacts());
        attributes.put(RealmSettings.TIERED_MEMBER_MAPPING, "create");
        assertEquals(org.payerauth.udap.tiered.TieredSettings.MemberMapping.CREATE, settings.tiered().memberMapping());
        attributes.put(RealmSettings.TIERED_MEMBER_MAPPING, "auto-create-everyone");
        assertEquals(org.payerauth.udap.tiered.TieredSettings.MemberMapping.PRE_LINKED, settings.tiered().memberMapping());
    }

    @Test
    void dataSharingDefaults_areConservative_andOnlyTheExactWordIncludesSensitiveData() {
        assertEquals(org.payerauth.sharing.SensitiveData.EXCLUDE, settings.sharingDefaults().sensitiveDataForApps());
        attributes.put(RealmSettings.SHARING_SENSITIVE_DATA_DEFAULT, "yes");
        assertEquals(org.payerauth.sharing.SensitiveData.EXCLUDE, settings.sharingDefaults().sensitiveDataForApps());
        assertEquals(Map.of(RealmSettings.SHARING_SENSITIVE_DATA_DEFAULT, "must be include or exclude"),
                settings.invalid(List.of(RealmSettings.SHARING_SENSITIVE_DATA_DEFAULT)));
        attributes.put(RealmSettings.SHARING_SENSITIVE_DATA_DEFAULT, " Include ");
        assertEquals(org.payerauth.sharing.SensitiveData.INCLUDE, settings.sharingDefaults().sensitiveDataForApps());
        assertFalse(settings.askSensitiveOnConsent());
    }

    @Test
    void theConsentApiReadersAreNoneUntilNamed_andThePayerOrganizationFallsBackToTheRealm() {
        assertTrue(settings.sharingReaderClients().isEmpty(), "fail closed: nobody reads members' choices");
        attributes.put(RealmSettings.SHARING_READER_CLIENTS, "fhir-server  fhir-server,other");
        assertEquals(java.util.Set.of("fhir-server", "other"), settings.sharingReaderClients());

        assertEquals("Organization/payer", settings.consentSettings().payerReference());
        assertEquals("https://kc.example/realms/payer", settings.consentSettings().userIdentifierSystem());
        attributes.put(RealmSettings.PAYER_ORGANIZATION, "Organization/acme-health");
        attributes.put(RealmSettings.PAYER_ORGANIZATION_NAME, "Acme Health");
        assertEquals("Organization/acme-health", settings.consentSettings().payerReference());
        assertEquals("Acme Health", settings.consentSettings().payerDisplay());
        attributes.put(RealmSettings.PAYER_ORGANIZATION, "Practitioner/1");
        assertEquals("Organization/payer", settings.consentSettings().payerReference(), "a malformed value is not used");
        assertEquals(Map.of(RealmSettings.PAYER_ORGANIZATION, "must be a FHIR reference Organization/<id>"),
                settings.invalid(List.of(RealmSettings.PAYER_ORGANIZATION)));
    }
}
