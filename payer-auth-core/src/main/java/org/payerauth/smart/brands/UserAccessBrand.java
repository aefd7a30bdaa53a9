package org.payerauth.smart.brands;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A payer's User Access Brand (SMART App Launch 2.2, "User-access Brands and Endpoints"): what an app gallery shows on
 * the payer's card and the FHIR endpoints behind it. {@link #bundle} is the Brand Bundle: one {@code Organization}
 * (profile {@code user-access-brand}) and one {@code Endpoint} (profile {@code user-access-endpoint}) per FHIR base URL,
 * in a {@code collection} Bundle with the time of the last change. {@link #problems} names what the profiles require
 * and the brand lacks.
 */
public record UserAccessBrand(String name, String website, Identifier identifier, String logoUrl, String logoLicenseUrl,
                              String portalName, String portalUrl, String portalDescription, List<String> categories,
                              List<String> fhirBaseUrls, String developerPortalUrl, Instant lastChanged) {

    /** The code system of the brand categories. */
    public static final String CATEGORY_SYSTEM = "http://hl7.org/fhir/smart-app-launch/CodeSystem/user-access-category";
    /** The categories the code system defines. */
    public static final Set<String> CATEGORIES = Set.of("clinical", "insurance", "laboratory", "imaging", "pharmacy",
            "network", "aggregator");
    /** The identifier system SMART recommends: the brand's website origin as a URI. */
    public static final String URI_SYSTEM = "urn:ietf:rfc:3986";
    /** The FHIR version of the endpoints (R4). */
    public static final String FHIR_VERSION = "4.0.1";

    /** An {@code Organization.identifier}; {@code user_access_brand_identifier} in smart-configuration. */
    public record Identifier(String system, String value) {
        public Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            if (system != null) {
                json.put("system", system);
            }
            json.put("value", value);
            return json;
        }
    }

    public UserAccessBrand {
        categories = categories == null ? List.of() : List.copyOf(categories);
        fhirBaseUrls = fhirBaseUrls == null ? List.of() : List.copyOf(fhirBaseUrls);
        identifier = identifier != null ? identifier : recommendedIdentifier(website);
    }

    /**
     * SMART's recommended identifier: system {@value #URI_SYSTEM}, value the website's HTTPS origin without
     * {@code www.} and without a path ({@code https://www.acme-health.example/members} → {@code https://acme-health.example});
     * null when the website is not an absolute HTTPS URL.
     */
    public static Identifier recommendedIdentifier(String website) {
        URI uri = absoluteHttps(website);
        if (uri == null) {
            return null;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        host = host.startsWith("www.") ? host.substring(4) : host;
        return new Identifier(URI_SYSTEM, "https://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
    }

    /** What the profiles require and this brand lacks, each naming the field; empty when the bundle may be published. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("name: the brand's name is required");
        }
        if (absoluteHttps(website) == null) {
            problems.add("website: the brand's public website is required, an https URL");
        }
        if (identifier == null || identifier.value() == null || identifier.value().isBlank()) {
            problems.add("identifier: a value is required (or a website to derive it from)");
        }
        for (String[] url : new String[][] {{"logo", logoUrl}, {"logoLicense", logoLicenseUrl}, {"portalUrl", portalUrl}}) {
            if (url[1] != null && absoluteHttps(url[1]) == null && !(url[0].equals("logo") && url[1].startsWith("data:image/"))) {
                problems.add(url[0] + ": must be an https URL" + (url[0].equals("logo") ? " or a data:image URL" : ""));
            }
        }
        for (String category : categories) {
            if (!CATEGORIES.contains(category)) {
                problems.add("categories: '" + category + "' is not one of " + String.join(", ", CATEGORIES.stream().sorted().toList()));
            }
        }
        if (fhirBaseUrls.isEmpty()) {
            problems.add("endpoints: at least one FHIR base URL is required");
        }
        for (String url : fhirBaseUrls) {
            if (absoluteHttps(url) == null && !url.startsWith("http://localhost") && !url.startsWith("http://127.0.0.1")) {
                problems.add("endpoints: '" + url + "' is not an https URL");
            }
        }
        if (lastChanged == null) {
            problems.add("lastChanged: the time of the last change is required (Bundle.timestamp)");
        }
        return problems;
    }

    /** The Brand Bundle ({@code user-access-brands-bundle}) as JSON members. */
    public Map<String, Object> bundle() {
        if (!problems().isEmpty()) {
            throw new IllegalStateException("the brand is incomplete: " + String.join("; ", problems()));
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        List<Map<String, Object>> endpointReferences = new ArrayList<>();
        for (int i = 0; i < fhirBaseUrls.size(); i++) {
            String id = "fhir-" + (i + 1);
            endpointReferences.add(Map.of("reference", "Endpoint/" + id));
            entries.add(entry(fhirBaseUrls.get(i).replaceAll("/+$", "") + "/Endpoint/" + id, endpoint(id, fhirBaseUrls.get(i))));
        }
        entries.add(0, entry(fhirBaseUrls.get(0).replaceAll("/+$", "") + "/Organization/brand", organization(endpointReferences)));
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("resourceType", "Bundle");
        bundle.put("id", "user-access-brands");
        bundle.put("type", "collection");
        bundle.put("timestamp", lastChanged.toString());
        bundle.put("entry", entries);
        return bundle;
    }

    private Map<String, Object> organization(List<Map<String, Object>> endpoints) {
        Map<String, Object> organization = new LinkedHashMap<>();
        organization.put("resourceType", "Organization");
        organization.put("id", "brand");
        organization.put("meta", Map.of("lastUpdated", lastChanged.toString()));
        List<Map<String, Object>> extensions = new ArrayList<>();
        List<Map<String, Object>> brand = new ArrayList<>();
        addUrl(brand, "brandLogo", logoUrl);
        addUrl(brand, "brandLogoLicense", logoLicenseUrl);
        if (!brand.isEmpty()) {
            extensions.add(Map.of("url", "http://hl7.org/fhir/StructureDefinition/organization-brand", "extension", brand));
        }
        List<Map<String, Object>> portal = new ArrayList<>();
        if (portalName != null && !portalName.isBlank()) {
            portal.add(Map.of("url", "portalName", "valueString", portalName));
        }
        if (portalDescription != null && !portalDescription.isBlank()) {
            portal.add(Map.of("url", "portalDescription", "valueMarkdown", portalDescription));
        }
        addUrl(portal, "portalUrl", portalUrl);
        for (Map<String, Object> endpoint : endpoints) {
            portal.add(Map.of("url", "portalEndpoint", "valueReference", endpoint));
        }
        extensions.add(Map.of("url", "http://hl7.org/fhir/StructureDefinition/organization-portal", "extension", portal));
        organization.put("extension", extensions);
        organization.put("identifier", List.of(identifier.json()));
        organization.put("active", true);
        if (!categories.isEmpty()) {
            organization.put("type", categories.stream().map(c -> Map.of("coding", List.of(Map.of("system", CATEGORY_SYSTEM,
                    "code", c, "display", c.substring(0, 1).toUpperCase(Locale.ROOT) + c.substring(1))))).toList());
        }
        organization.put("name", name);
        organization.put("telecom", List.of(Map.of("system", "url", "value", website)));
        organization.put("endpoint", endpoints);
        return organization;
    }

    private Map<String, Object> endpoint(String id, String address) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("resourceType", "Endpoint");
        endpoint.put("id", id);
        endpoint.put("meta", Map.of("lastUpdated", lastChanged.toString()));
        endpoint.put("extension", List.of(Map.of("url", "http://hl7.org/fhir/StructureDefinition/endpoint-fhir-version",
                "valueCode", FHIR_VERSION)));
        endpoint.put("status", "active");
        endpoint.put("connectionType", Map.of("system", "http://terminology.hl7.org/CodeSystem/endpoint-connection-type",
                "code", "hl7-fhir-rest"));
        endpoint.put("name", "FHIR R4 endpoint of " + name);
        String contact = developerPortalUrl != null && !developerPortalUrl.isBlank() ? developerPortalUrl : website;
        endpoint.put("contact", List.of(Map.of("system", "url", "value", contact)));
        endpoint.put("payloadType", List.of(Map.of("coding", List.of(Map.of(
                "system", "http://terminology.hl7.org/CodeSystem/endpoint-payload-type", "code", "none")))));
        endpoint.put("address", address);
        return endpoint;
    }

    private static Map<String, Object> entry(String fullUrl, Map<String, Object> resource) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("fullUrl", fullUrl);
        entry.put("resource", resource);
        return entry;
    }

    private static void addUrl(List<Map<String, Object>> extensions, String name, String url) {
        if (url != null && !url.isBlank()) {
            extensions.add(Map.of("url", name, "valueUrl", url));
        }
    }

    private static URI absoluteHttps(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(value.trim());
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
