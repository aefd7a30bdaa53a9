package org.payerauth.smart.brands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** SMART App Launch 2.2 User-access Brands: the Brand Bundle's required and must-support elements. */
class UserAccessBrandTest {

    private static final Instant CHANGED = Instant.parse("2026-12-06T08:00:00Z");
    private static final String BASE = "https://kc.example/realms/payer/user-access-brands";

    private static Map<String, String> acmeSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put(UserAccessBrand.NAME, "Acme Health Plan");
        settings.put(UserAccessBrand.WEBSITE, "https://www.acme-health.example/members");
        settings.put(UserAccessBrand.LOGO_URL, "https://acme-health.example/logo.svg");
        settings.put(UserAccessBrand.PORTAL_NAME, "Acme member portal");
        settings.put(UserAccessBrand.PORTAL_URL, "https://my.acme-health.example");
        settings.put(UserAccessBrand.PORTAL_DESCRIPTION, "For Acme members and their representatives.");
        return settings;
    }

    private static UserAccessBrand brand(Map<String, String> settings, List<String> fhir) {
        return UserAccessBrand.fromSettings(settings::get, fhir, CHANGED);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resource(Map<String, Object> bundle, int index) {
        return (Map<String, Object>) ((List<Map<String, Object>>) bundle.get("entry")).get(index).get("resource");
    }

    @Test
    void recommendedIdentifier_isTheWebsitesHttpsOrigin_withoutWwwAndPath() {
        assertEquals(new UserAccessBrand.Identifier("urn:ietf:rfc:3986", "https://acme-health.example"),
                UserAccessBrand.recommendedIdentifier("https://www.Acme-Health.example/members?x=1"));
        assertEquals("https://acme.example:8443", UserAccessBrand.recommendedIdentifier("https://acme.example:8443/").value());
        assertNull(UserAccessBrand.recommendedIdentifier("http://acme.example"));
        assertNull(UserAccessBrand.recommendedIdentifier("not a url"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void brandBundle_isACollectionWithTimestamp_oneBrandAndAnEndpointPerFhirBaseUrl() {
        Map<String, Object> bundle = brand(acmeSettings(),
                List.of("https://fhir.acme-health.example/r4", "https://fhir2.acme-health.example/r4")).bundle(BASE + "/");
        assertEquals("Bundle", bundle.get("resourceType"));
        assertEquals("collection", bundle.get("type"));
        assertEquals("2026-12-06T08:00:00Z", bundle.get("timestamp"));
        List<Map<String, Object>> entries = (List<Map<String, Object>>) bundle.get("entry");
        assertEquals(List.of(BASE + "/Organization/brand", BASE + "/Endpoint/fhir-1", BASE + "/Endpoint/fhir-2"),
                entries.stream().map(e -> e.get("fullUrl")).toList());

        Map<String, Object> brand = resource(bundle, 0);
        assertEquals("Organization", brand.get("resourceType"));
        assertEquals("Acme Health Plan", brand.get("name"));
        assertEquals(true, brand.get("active"));
        assertEquals(List.of(Map.of("system", "url", "value", "https://www.acme-health.example/members")), brand.get("telecom"));
        assertEquals(List.of(Map.of("system", "urn:ietf:rfc:3986", "value", "https://acme-health.example")), brand.get("identifier"));
        assertEquals("insurance", ((List<Map<String, List<Map<String, Object>>>>) brand.get("type")).get(0).get("coding").get(0).get("code"),
                "a payer's brand is in the insurance category unless configured");
        List<Map<String, Object>> extensions = (List<Map<String, Object>>) brand.get("extension");
        Map<String, Object> portal = extensions.stream()
                .filter(e -> e.get("url").equals("http://hl7.org/fhir/StructureDefinition/organization-portal")).findFirst().orElseThrow();
        List<Map<String, Object>> portalParts = (List<Map<String, Object>>) portal.get("extension");
        assertTrue(portalParts.contains(Map.of("url", "portalUrl", "valueUrl", "https://my.acme-health.example")), portalParts.toString());
        assertTrue(portalParts.contains(Map.of("url", "portalDescription", "valueMarkdown", "For Acme members and their representatives.")));
        assertTrue(portalParts.contains(Map.of("url", "portalEndpoint", "valueReference", Map.of("reference", "Endpoint/fhir-2"))));
        assertEquals(List.of(Map.of("reference", "Endpoint/fhir-1"), Map.of("reference", "Endpoint/fhir-2")), brand.get("endpoint"),
                "uab-1: portal endpoints also appear at Organization.endpoint");

        Map<String, Object> endpoint = resource(bundle, 1);
        assertEquals("Endpoint", endpoint.get("resourceType"));
        assertEquals("fhir-1", endpoint.get("id"));
        assertEquals("https://fhir.acme-health.example/r4", endpoint.get("address"));
        assertEquals("active", endpoint.get("status"));
        assertEquals("hl7-fhir-rest", ((Map<String, Object>) endpoint.get("connectionType")).get("code"));
        assertEquals(1, ((List<?>) endpoint.get("payloadType")).size(), "R4 requires a payloadType");
        assertEquals(List.of(Map.of("url", "http://hl7.org/fhir/StructureDefinition/endpoint-fhir-version", "valueCode", "4.0.1")),
                endpoint.get("extension"));
        assertEquals(List.of(Map.of("system", "url", "value", "https://www.acme-health.example/members")), endpoint.get("contact"),
                "without a developer portal the website is the contact");
    }

    @Test
    @SuppressWarnings("unchecked")
    void mustSupportElements_aliasesAddressesLogosAndCustomerIdentifiers_areCarried() {
        Map<String, String> settings = acmeSettings();
        settings.put(UserAccessBrand.ALIASES, "Acme Health\n  Acme Mutual  \n");
        settings.put(UserAccessBrand.IDENTIFIERS, "http://hl7.org/fhir/sid/us-npi|1234567893\nACME-1");
        settings.put(UserAccessBrand.ADDRESSES, "1 Main St, Suite 2, Boston, MA, 02111\n02139\nMA\nCambridge, MA\nSalem, MA, 01970-1234");
        settings.put(UserAccessBrand.LOGO_LICENSE_URL, "https://acme-health.example/logo-license");
        settings.put(UserAccessBrand.PORTAL_LOGO_URL, "data:image/svg+xml;base64,PHN2Zy8+");
        settings.put(UserAccessBrand.PORTAL_LOGO_LICENSE_URL, "https://acme-health.example/portal-logo-license");
        settings.put(UserAccessBrand.DEVELOPER_PORTAL_URL, "https://developer.acme-health.example");
        settings.put(UserAccessBrand.CATEGORIES, "insurance, pharmacy");
        UserAccessBrand brand = brand(settings, List.of("https://fhir.acme-health.example/r4"));
        assertEquals(List.of(), brand.problems());
        Map<String, Object> organization = brand.organization();
        assertEquals(List.of("Acme Health", "Acme Mutual"), organization.get("alias"));
        assertEquals(List.of(Map.of("system", "http://hl7.org/fhir/sid/us-npi", "value", "1234567893"), Map.of("value", "ACME-1"),
                Map.of("system", "urn:ietf:rfc:3986", "value", "https://acme-health.example")), organization.get("identifier"),
                "customer-supplied identifiers first, then SMART's recommended one");
        assertEquals(new UserAccessBrand.Identifier("http://hl7.org/fhir/sid/us-npi", "1234567893"), brand.primaryIdentifier());
        assertEquals(List.of(
                Map.of("line", List.of("1 Main St, Suite 2"), "city", "Boston", "state", "MA", "postalCode", "02111"),
                Map.of("postalCode", "02139"), Map.of("state", "MA"), Map.of("city", "Cambridge", "state", "MA"),
                Map.of("city", "Salem", "state", "MA", "postalCode", "01970-1234")), organization.get("address"));
        assertEquals(List.of("insurance", "pharmacy"), brand.categories());
        List<Map<String, Object>> extensions = (List<Map<String, Object>>) organization.get("extension");
        assertEquals(Map.of("url", "http://hl7.org/fhir/StructureDefinition/organization-brand", "extension", List.of(
                Map.of("url", "brandLogo", "valueUrl", "https://acme-health.example/logo.svg"),
                Map.of("url", "brandLogoLicense", "valueUrl", "https://acme-health.example/logo-license"))), extensions.get(0));
        List<Map<String, Object>> portal = (List<Map<String, Object>>) extensions.get(1).get("extension");
        assertTrue(portal.contains(Map.of("url", "portalLogo", "valueUrl", "data:image/svg+xml;base64,PHN2Zy8+")));
        assertTrue(portal.contains(Map.of("url", "portalLogoLicense", "valueUrl", "https://acme-health.example/portal-logo-license")));
        assertEquals(List.of(Map.of("system", "url", "value", "https://developer.acme-health.example")), brand.endpoint(0).get("contact"));
    }

    @Test
    void aSuppliedUriIdentifier_replacesTheRecommendedOne() {
        Map<String, String> settings = acmeSettings();
        settings.put(UserAccessBrand.IDENTIFIERS, "urn:ietf:rfc:3986|https://acme.example");
        assertEquals(List.of(new UserAccessBrand.Identifier("urn:ietf:rfc:3986", "https://acme.example")),
                brand(settings, List.of("https://fhir.acme.example")).identifiers());
    }

    @Test
    void anIncompleteBrand_namesEachMissingField_andHasNoBundle() {
        Map<String, String> settings = new HashMap<>();
        settings.put(UserAccessBrand.NAME, " ");
        settings.put(UserAccessBrand.WEBSITE, "http://acme.example");
        settings.put(UserAccessBrand.LOGO_URL, "ftp://logo");
        settings.put(UserAccessBrand.PORTAL_URL, "http://portal.example");
        settings.put(UserAccessBrand.CATEGORIES, "hospital");
        UserAccessBrand empty = UserAccessBrand.fromSettings(settings::get, List.of(), null);
        List<String> problems = empty.problems();
        for (String field : List.of("name:", "website:", "identifiers:", "logoUrl:", "portalUrl:", "categories:", "endpoints:",
                "lastChanged:")) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(field)), field + " in " + problems);
        }
        assertThrows(IllegalStateException.class, () -> empty.bundle(BASE));
        assertTrue(brand(acmeSettings(), List.of("https://fhir.acme-health.example/r4")).problems().isEmpty());
        assertTrue(brand(acmeSettings(), List.of("http://fhir.acme-health.example/r4")).problems().get(0).startsWith("endpoints:"),
                "an endpoint other than a local one must be https");
    }

    @Test
    void malformedSettings_areNamed_oneSettingAtATime() {
        assertTrue(UserAccessBrand.problem(UserAccessBrand.ADDRESSES, "Boston, MA, Suffolk").contains("ZIP code"));
        assertTrue(UserAccessBrand.problem(UserAccessBrand.ADDRESSES, "Boston,,MA").contains("empty part"));
        assertTrue(UserAccessBrand.problem(UserAccessBrand.ADDRESSES, "02111, MA").contains("state or city"));
        assertTrue(UserAccessBrand.problem(UserAccessBrand.IDENTIFIERS, "not a uri|x").contains("not"));
        assertTrue(UserAccessBrand.problem(UserAccessBrand.IDENTIFIERS, "urn:x|").contains("no value"));
        assertTrue(UserAccessBrand.problem(UserAccessBrand.CATEGORIES, "insurance hospital").contains("'hospital'"));
        assertTrue(UserAccessBrand.problem(UserAccessBrand.DEVELOPER_PORTAL_URL, "http://dev.example").contains("https"));
        assertNull(UserAccessBrand.problem(UserAccessBrand.NAME, "Acme"));
        assertNull(UserAccessBrand.problem(UserAccessBrand.ADDRESSES, "Boston, MA, 02111\n02139"));
        assertNull(UserAccessBrand.problem(UserAccessBrand.LOGO_URL, "data:image/png;base64,iVBORw0KGgo="));
    }
}
