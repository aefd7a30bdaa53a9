package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.it.support.TestClock;

/**
 * SMART App Launch 2.2 User-access Brands: the realm's Brand Bundle read the way an app gallery reads it (HAPI's R4
 * parser, strict: an unknown element or a wrong datatype fails), checked against what the {@code user-access-brand},
 * {@code user-access-endpoint} and {@code user-access-brands-bundle} profiles require (and Inferno's brand tests
 * check), found from {@code smart-configuration}, cached by weak ETag, open to any origin, stamped when it changes,
 * and withheld, saying why, while incomplete.
 */
@KeycloakIT
class UserAccessBrandsIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String CATEGORY_SYSTEM = "http://hl7.org/fhir/smart-app-launch/CodeSystem/user-access-category";
    private static final Set<String> CATEGORIES = Set.of("clinical", "insurance", "laboratory", "imaging", "pharmacy",
            "network", "aggregator");
    private static final String PORTAL = "http://hl7.org/fhir/StructureDefinition/organization-portal";
    private static final String BRAND = "http://hl7.org/fhir/StructureDefinition/organization-brand";

    private static IParser parser() {
        return FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    }

    private static JsonNode smartConfiguration(KeycloakServer server, String realm) {
        return Http.json(Http.get(server.realmUrl(realm) + "/.well-known/smart-configuration"));
    }

    @Test
    void theDemoRealmAdvertisesItsBrand_andTheBundleMeetsTheProfiles(KeycloakServer server) {
        JsonNode smart = smartConfiguration(server, "payer");
        String bundleUrl = smart.path("user_access_brand_bundle").asText();
        assertEquals(server.realmUrl("payer") + "/user-access-brands", bundleUrl);
        JsonNode primary = smart.path("user_access_brand_identifier");
        assertEquals("urn:ietf:rfc:3986", primary.path("system").asText(), "SHOULD have a system");
        assertEquals("https://payer-auth.example", primary.path("value").asText(), "SHALL have a value: the website's origin");

        HttpResponse<String> response = Http.get(bundleUrl, "Origin", "https://gallery.example", "Accept", "application/fhir+json");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/fhir+json"));
        assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""), "SHALL support CORS on GET");
        assertTrue(response.headers().firstValue("ETag").orElse("").startsWith("W/\""), "SHOULD send a weak ETag");

        Bundle bundle = parser().parseResource(Bundle.class, response.body());
        assertEquals(Bundle.BundleType.COLLECTION, bundle.getType());
        assertTrue(bundle.hasTimestamp(), "SHALL populate Bundle.timestamp");
        List<Organization> brands = resources(bundle, Organization.class);
        List<Endpoint> endpoints = resources(bundle, Endpoint.class);
        Set<String> endpointIds = endpoints.stream().map(e -> "Endpoint/" + e.getIdElement().getIdPart()).collect(Collectors.toSet());

        List<Organization> primaryBrands = brands.stream().filter(o -> o.getIdentifier().stream().anyMatch(i ->
                primary.path("system").asText().equals(i.getSystem()) && primary.path("value").asText().equals(i.getValue()))).toList();
        assertEquals(1, primaryBrands.size(), "exactly one Brand carries the identifier smart-configuration names");
        Organization brand = primaryBrands.get(0);
        assertEquals("payer-auth demo health plan", brand.getName(), "name 1..1");
        assertEquals(1, brand.getTelecom().size(), "telecom 1..1: the brand's website");
        assertEquals(ContactPoint.ContactPointSystem.URL, brand.getTelecomFirstRep().getSystem());
        assertEquals("https://www.payer-auth.example", brand.getTelecomFirstRep().getValue());
        for (CodeableConcept type : brand.getType()) {
            for (Coding coding : type.getCoding()) {
                if (CATEGORY_SYSTEM.equals(coding.getSystem())) {
                    assertTrue(CATEGORIES.contains(coding.getCode()), "required binding: " + coding.getCode());
                }
            }
        }
        assertTrue(brand.getType().stream().flatMap(t -> t.getCoding().stream())
                .anyMatch(c -> CATEGORY_SYSTEM.equals(c.getSystem()) && "insurance".equals(c.getCode())), "a payer: insurance");
        assertTrue(brand.getAddress().stream().anyMatch(a -> "Boston".equals(a.getCity()) && "02111".equals(a.getPostalCode())));

        Extension brandDetails = brand.getExtensionByUrl(BRAND);
        assertTrue(brandDetails.getExtensionByUrl("brandLogo").getValue().primitiveValue().startsWith("data:image/svg+xml;base64,"));
        Extension portal = brand.getExtensionByUrl(PORTAL);
        assertEquals("Demo member portal", portal.getExtensionByUrl("portalName").getValue().primitiveValue());
        assertEquals("https://www.payer-auth.example/members", portal.getExtensionByUrl("portalUrl").getValue().primitiveValue());
        assertTrue(portal.getExtensionByUrl("portalDescription").getValue().fhirType().equals("markdown"));
        Set<String> organizationEndpoints = brand.getEndpoint().stream().map(Reference::getReference).collect(Collectors.toSet());
        List<String> portalEndpoints = portal.getExtensionsByUrl("portalEndpoint").stream()
                .map(e -> ((Reference) e.getValue()).getReference()).toList();
        assertFalse(portalEndpoints.isEmpty());
        assertTrue(organizationEndpoints.containsAll(portalEndpoints), "uab-1: portal endpoints also at Organization.endpoint");
        assertTrue(endpointIds.containsAll(organizationEndpoints), "every referenced Endpoint is in the Bundle (Inferno)");

        assertEquals(1, endpoints.size(), "one FHIR base URL in the demo");
        Endpoint endpoint = endpoints.get(0);
        assertEquals(server.realmUrl("payer"), endpoint.getAddress(), "the demo's FHIR base URL (unset: the realm URL)");
        assertEquals(Endpoint.EndpointStatus.ACTIVE, endpoint.getStatus());
        assertEquals("hl7-fhir-rest", endpoint.getConnectionType().getCode());
        assertEquals("http://terminology.hl7.org/CodeSystem/endpoint-connection-type", endpoint.getConnectionType().getSystem());
        assertFalse(endpoint.getPayloadType().isEmpty(), "payloadType 1..* (R4)");
        assertEquals("4.0.1", endpoint.getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/endpoint-fhir-version")
                .getValue().primitiveValue(), "endpoint-fhir-version 1..*");
        assertTrue(endpoint.getContact().stream().anyMatch(c -> c.getSystem() == ContactPoint.ContactPointSystem.URL
                && "https://www.payer-auth.example/developers".equals(c.getValue())), "a URL where developers configure access");

        // Each entry's fullUrl is where the resource is.
        for (JsonNode entry : Http.json(response).path("entry")) {
            String fullUrl = entry.path("fullUrl").asText();
            assertTrue(fullUrl.startsWith(bundleUrl + "/"), fullUrl);
            HttpResponse<String> read = Http.get(fullUrl);
            assertEquals(200, read.statusCode(), fullUrl + ": " + read.body());
            assertEquals(entry.path("resource"), Http.json(read), fullUrl);
        }
        assertEquals(404, Http.get(bundleUrl + "/Endpoint/fhir-9").statusCode());
    }

    @Test
    void anAppRevalidatesByETag_andABrowserMaySendIfNoneMatch(KeycloakServer server) {
        String bundleUrl = server.realmUrl("payer") + "/user-access-brands";
        HttpResponse<String> first = Http.get(bundleUrl);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals(etag, Http.get(bundleUrl).headers().firstValue("ETag").orElseThrow(), "stable while nothing changes");

        HttpResponse<String> unchanged = Http.get(bundleUrl, "If-None-Match", etag, "Origin", "https://gallery.example");
        assertEquals(304, unchanged.statusCode());
        assertEquals("", unchanged.body());
        assertEquals(etag, unchanged.headers().firstValue("ETag").orElse(""));
        assertEquals("*", unchanged.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals(304, Http.get(bundleUrl, "If-None-Match", "W/\"other\", " + etag.substring(2)).statusCode(),
                "weak comparison, any tag of the list");
        assertEquals(200, Http.get(bundleUrl, "If-None-Match", "W/\"other\"").statusCode());

        HttpResponse<String> preflight = Http.send(HttpRequest.newBuilder(URI.create(bundleUrl))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://gallery.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "if-none-match")
                .build());
        assertTrue(preflight.statusCode() == 200 || preflight.statusCode() == 204, "preflight " + preflight.statusCode());
        assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase().contains("if-none-match"));
        assertTrue(first.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("ETag"),
                "a browser app can read the ETag");
    }

    @Test
    void anIncompleteBrandIsWithheldSayingWhy_aChangeMovesTheTimestampAndTheETag(KeycloakServer server, AdminApi admin) {
        String realm = "brands-check";
        Map<String, Object> attributes = new HashMap<>(Map.of("smart.brand.name", "Check Health"));
        assertEquals(201, admin.postJson("/realms", Map.of("realm", realm, "enabled", true, "attributes", attributes)).statusCode());
        String bundleUrl = server.realmUrl(realm) + "/user-access-brands";
        try (TestClock clock = TestClock.of(server, admin)) {
            assertFalse(smartConfiguration(server, realm).has("user_access_brand_bundle"), "not advertised while incomplete");
            HttpResponse<String> incomplete = Http.get(bundleUrl, "Origin", "https://gallery.example");
            assertEquals(404, incomplete.statusCode());
            assertEquals("*", incomplete.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            JsonNode outcome = Http.json(incomplete);
            assertEquals("OperationOutcome", outcome.path("resourceType").asText());
            String diagnostics = outcome.path("issue").get(0).path("diagnostics").asText();
            assertTrue(diagnostics.contains("smart.brand.website"), diagnostics);

            setAttributes(admin, realm, Map.of("smart.brand.website", "https://www.check-health.example",
                    "smart.fhirBaseUrls", "https://fhir.check-health.example/r4 https://fhir.check-health.example/r4-claims"));
            JsonNode smart = smartConfiguration(server, realm);
            assertEquals(bundleUrl, smart.path("user_access_brand_bundle").asText());
            assertEquals("https://check-health.example", smart.path("user_access_brand_identifier").path("value").asText());
            HttpResponse<String> published = Http.get(bundleUrl);
            assertEquals(200, published.statusCode(), published.body());
            Bundle before = parser().parseResource(Bundle.class, published.body());
            assertEquals(List.of("https://fhir.check-health.example/r4", "https://fhir.check-health.example/r4-claims"),
                    resources(before, Endpoint.class).stream().map(Endpoint::getAddress).toList(), "an Endpoint per FHIR base URL");
            String etag = published.headers().firstValue("ETag").orElseThrow();

            clock.advance(Duration.ofHours(1));
            assertEquals(304, Http.get(bundleUrl, "If-None-Match", etag).statusCode(), "unchanged: same Bundle, same timestamp");
            setAttributes(admin, realm, Map.of("smart.brand.portalName", "Check members", "smart.brand.identifiers",
                    "http://hl7.org/fhir/sid/us-npi|1234567893"));
            HttpResponse<String> changed = Http.get(bundleUrl, "If-None-Match", etag);
            assertEquals(200, changed.statusCode(), "changed content, new ETag");
            assertNotEquals(etag, changed.headers().firstValue("ETag").orElseThrow());
            Bundle after = parser().parseResource(Bundle.class, changed.body());
            assertTrue(after.getTimestamp().toInstant().isAfter(before.getTimestamp().toInstant().plus(Duration.ofMinutes(59))),
                    before.getTimestamp() + " then " + after.getTimestamp());
            Organization brand = resources(after, Organization.class).get(0);
            assertEquals(List.of("http://hl7.org/fhir/sid/us-npi|1234567893", "urn:ietf:rfc:3986|https://check-health.example"),
                    brand.getIdentifier().stream().map(i -> i.getSystem() + "|" + i.getValue()).toList(),
                    "the customer-supplied identifier first; SMART's recommended one kept");
            JsonNode primary = smartConfiguration(server, realm).path("user_access_brand_identifier");
            assertEquals("http://hl7.org/fhir/sid/us-npi", primary.path("system").asText(), "the first identifier is the primary one");
            assertEquals(1, brand.getIdentifier().stream().filter(i -> matches(i, primary)).count());
        } finally {
            admin.delete("/realms/" + realm);
        }
    }

    @Test
    void aRealmWithoutABrandSaysSo(KeycloakServer server, AdminApi admin) {
        String realm = "brands-none";
        assertEquals(201, admin.postJson("/realms", Map.of("realm", realm, "enabled", true)).statusCode());
        try {
            assertFalse(smartConfiguration(server, realm).has("user_access_brand_identifier"));
            HttpResponse<String> none = Http.get(server.realmUrl(realm) + "/user-access-brands");
            assertEquals(404, none.statusCode());
            assertTrue(Http.json(none).path("issue").get(0).path("diagnostics").asText().contains("smart.brand.name"), none.body());
        } finally {
            admin.delete("/realms/" + realm);
        }
    }

    @Test
    void theSettingsTabRefusesAMalformedBrandSetting_andStampsASavedChange(KeycloakServer server, AdminApi admin) {
        String realm = "brands-tab";
        assertEquals(201, admin.postJson("/realms", Map.of("realm", realm, "enabled", true, "attributes", Map.of(
                "smart.brand.name", "Tab Health", "smart.brand.website", "https://tab-health.example"))).statusCode());
        try {
            JsonNode tab = admin.getJson("/realms/" + realm + "/components?type=org.keycloak.services.ui.extend.UiTabProvider")
                    .get(0);
            String stampBefore = attribute(admin, realm, "smart.brand.lastChanged");
            assertFalse(stampBefore.isEmpty(), "stamped when the realm was created");

            ObjectNode bad = tab.deepCopy();
            ((ObjectNode) bad.get("config")).putArray("brandWebsite").add("http://tab-health.example");
            HttpResponse<String> refused = admin.putJson("/realms/" + realm + "/components/" + tab.get("id").asText(), bad);
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("smart.brand.website") && refused.body().contains("https"), refused.body());
            assertEquals("https://tab-health.example", attribute(admin, realm, "smart.brand.website"), "nothing written");
            assertEquals(stampBefore, attribute(admin, realm, "smart.brand.lastChanged"));

            ObjectNode good = tab.deepCopy();
            ((ObjectNode) good.get("config")).putArray("brandPortalName").add("Tab members");
            HttpResponse<String> saved = admin.putJson("/realms/" + realm + "/components/" + tab.get("id").asText(), good);
            assertEquals(204, saved.statusCode(), saved.body());
            assertEquals("Tab members", attribute(admin, realm, "smart.brand.portalName"));
            assertNotEquals(stampBefore.substring(stampBefore.indexOf(' ')),
                    attribute(admin, realm, "smart.brand.lastChanged").substring(stampBefore.indexOf(' ')), "re-stamped");
        } finally {
            admin.delete("/realms/" + realm);
        }
    }

    private static boolean matches(Identifier identifier, JsonNode json) {
        return json.path("system").asText().equals(identifier.getSystem()) && json.path("value").asText().equals(identifier.getValue());
    }

    private static <T extends Resource> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast).toList();
    }

    private static String attribute(AdminApi admin, String realm, String name) {
        return admin.getJson("/realms/" + realm).path("attributes").path(name).asText("");
    }

    private static void setAttributes(AdminApi admin, String realm, Map<String, String> values) {
        ObjectNode representation = admin.getJson("/realms/" + realm).deepCopy();
        ObjectNode attributes = representation.has("attributes") ? (ObjectNode) representation.get("attributes")
                : representation.putObject("attributes");
        values.forEach(attributes::put);
        assertEquals(204, admin.putJson("/realms/" + realm, representation).statusCode());
    }
}
