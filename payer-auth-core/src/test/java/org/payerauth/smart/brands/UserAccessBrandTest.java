package org.payerauth.smart.brands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** SMART App Launch 2.2 User-access Brands: the Brand Bundle's required elements and the recommended identifier. */
class UserAccessBrandTest {

    private static final Instant CHANGED = Instant.parse("2026-12-06T08:00:00Z");

    private static UserAccessBrand acme(List<String> fhir) {
        return new UserAccessBrand("Acme Health Plan", "https://www.acme-health.example/members", null,
                "https://acme-health.example/logo.svg", null, "Acme member portal", "https://my.acme-health.example",
                "For Acme members and their representatives.", List.of("insurance"), fhir, null, CHANGED);
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
        Map<String, Object> bundle = acme(List.of("https://fhir.acme-health.example/r4", "https://fhir2.acme-health.example/r4")).bundle();
        assertEquals("Bundle", bundle.get("resourceType"));
        assertEquals("collection", bundle.get("type"));
        assertEquals("2026-12-06T08:00:00Z", bundle.get("timestamp"));
        assertEquals(3, ((List<?>) bundle.get("entry")).size());

        Map<String, Object> brand = resource(bundle, 0);
        assertEquals("Organization", brand.get("resourceType"));
        assertEquals("Acme Health Plan", brand.get("name"));
        assertEquals(List.of(Map.of("system", "url", "value", "https://www.acme-health.example/members")), brand.get("telecom"));
        assertEquals(List.of(Map.of("system", "urn:ietf:rfc:3986", "value", "https://acme-health.example")), brand.get("identifier"));
        assertEquals("insurance", ((List<Map<String, List<Map<String, Object>>>>) brand.get("type")).get(0).get("coding").get(0).get("code"));
        List<Map<String, Object>> extensions = (List<Map<String, Object>>) brand.get("extension");
        Map<String, Object> portal = extensions.stream()
                .filter(e -> e.get("url").equals("http://hl7.org/fhir/StructureDefinition/organization-portal")).findFirst().orElseThrow();
        List<Map<String, Object>> portalParts = (List<Map<String, Object>>) portal.get("extension");
        assertTrue(portalParts.contains(Map.of("url", "portalUrl", "valueUrl", "https://my.acme-health.example")), portalParts.toString());
        assertTrue(portalParts.contains(Map.of("url", "portalEndpoint", "valueReference", Map.of("reference", "Endpoint/fhir-2"))));
        assertEquals(List.of(Map.of("reference", "Endpoint/fhir-1"), Map.of("reference", "Endpoint/fhir-2")), brand.get("endpoint"));

        Map<String, Object> endpoint = resource(bundle, 1);
        assertEquals("Endpoint", endpoint.get("resourceType"));
        assertEquals("fhir-1", endpoint.get("id"));
        assertEquals("https://fhir.acme-health.example/r4", endpoint.get("address"));
        assertEquals("active", endpoint.get("status"));
        assertEquals("hl7-fhir-rest", ((Map<String, Object>) endpoint.get("connectionType")).get("code"));
        assertEquals(1, ((List<?>) endpoint.get("payloadType")).size(), "R4 requires a payloadType");
        assertEquals(List.of(Map.of("url", "http://hl7.org/fhir/StructureDefinition/endpoint-fhir-version", "valueCode", "4.0.1")),
                endpoint.get("extension"));
        assertTrue(((List<?>) endpoint.get("contact")).size() >= 1, "at least one contact URL");
    }

    @Test
    void anIncompleteBrand_namesEachMissingField_andHasNoBundle() {
        UserAccessBrand empty = new UserAccessBrand(" ", "http://acme.example", null, "ftp://logo", null, null, null, null,
                List.of("hospital"), List.of(), null, null);
        List<String> problems = empty.problems();
        for (String field : List.of("name:", "website:", "identifier:", "logo:", "categories:", "endpoints:", "lastChanged:")) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(field)), field + " in " + problems);
        }
        assertThrows(IllegalStateException.class, empty::bundle);
        assertTrue(acme(List.of("https://fhir.acme-health.example/r4")).problems().isEmpty());
    }

    @Test
    void aCustomerSuppliedIdentifier_isKept() {
        UserAccessBrand brand = new UserAccessBrand("Acme", "https://acme.example", new UserAccessBrand.Identifier(
                "http://hl7.org/fhir/sid/us-npi", "1234567893"), null, null, null, null, null, List.of(),
                List.of("https://fhir.acme.example"), null, CHANGED);
        assertEquals("1234567893", brand.identifier().value());
        assertTrue(brand.problems().isEmpty(), brand.problems().toString());
    }
}
