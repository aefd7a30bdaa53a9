package org.payerauth.smart.brands;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A payer's User Access Brand (SMART App Launch 2.2, "User-access Brands and Endpoints"): what an app gallery shows on
 * the payer's card and the FHIR endpoints behind it. {@link #bundle} is the Brand Bundle: one {@code Organization}
 * (profile {@code user-access-brand}) with one portal, and one {@code Endpoint} (profile {@code user-access-endpoint})
 * per FHIR base URL, in a {@code collection} Bundle stamped with the time of the last change. {@link #problems} names
 * what the profiles require and the brand lacks, and each malformed setting.
 *
 * <p>The brand is read from settings named by {@link #SETTINGS} (the must-support elements of both profiles a payer
 * supplies; {@code partOf} is not offered: a payer publishes one brand). List settings hold one entry per line:
 * {@value #ALIASES} names; {@value #IDENTIFIERS} {@code system|value} (or a bare value), customer-supplied, the first
 * the primary one; {@value #ADDRESSES} in one of the forms the profile allows ({@code 02111}, {@code MA},
 * {@code Boston, MA}, {@code Boston, MA, 02111}, {@code 1 Main St, Boston, MA, 02111}); {@value #CATEGORIES} codes
 * separated by spaces or commas (default {@code insurance}).
 */
public final class UserAccessBrand {

    public static final String NAME = "name";
    public static final String ALIASES = "aliases";
    public static final String WEBSITE = "website";
    public static final String IDENTIFIERS = "identifiers";
    public static final String LOGO_URL = "logoUrl";
    public static final String LOGO_LICENSE_URL = "logoLicenseUrl";
    public static final String CATEGORIES = "categories";
    public static final String ADDRESSES = "addresses";
    public static final String PORTAL_NAME = "portalName";
    public static final String PORTAL_DESCRIPTION = "portalDescription";
    public static final String PORTAL_URL = "portalUrl";
    public static final String PORTAL_LOGO_URL = "portalLogoUrl";
    public static final String PORTAL_LOGO_LICENSE_URL = "portalLogoLicenseUrl";
    public static final String DEVELOPER_PORTAL_URL = "developerPortalUrl";

    /** Every brand setting, in the order an admin reads them. */
    public static final List<String> SETTINGS = List.of(NAME, ALIASES, WEBSITE, IDENTIFIERS, LOGO_URL, LOGO_LICENSE_URL,
            CATEGORIES, ADDRESSES, PORTAL_NAME, PORTAL_DESCRIPTION, PORTAL_URL, PORTAL_LOGO_URL, PORTAL_LOGO_LICENSE_URL,
            DEVELOPER_PORTAL_URL);

    /** The code system of the brand categories. */
    public static final String CATEGORY_SYSTEM = "http://hl7.org/fhir/smart-app-launch/CodeSystem/user-access-category";
    /** The categories the code system defines. */
    public static final Set<String> CATEGORY_CODES = Set.of("clinical", "insurance", "laboratory", "imaging", "pharmacy",
            "network", "aggregator");
    /** The category of a payer's brand when none is configured. */
    public static final String DEFAULT_CATEGORY = "insurance";
    /** The identifier system SMART recommends: the brand's website origin as a URI. */
    public static final String URI_SYSTEM = "urn:ietf:rfc:3986";
    /** The FHIR version of the endpoints (R4). */
    public static final String FHIR_VERSION = "4.0.1";
    static final String ORGANIZATION_BRAND = "http://hl7.org/fhir/StructureDefinition/organization-brand";
    static final String ORGANIZATION_PORTAL = "http://hl7.org/fhir/StructureDefinition/organization-portal";
    static final String ENDPOINT_FHIR_VERSION = "http://hl7.org/fhir/StructureDefinition/endpoint-fhir-version";
    /** The id of the brand's Organization in the Bundle. */
    public static final String ORGANIZATION_ID = "brand";

    /** An {@code Organization.identifier}; the primary one is {@code user_access_brand_identifier} in smart-configuration. */
    public record Identifier(String system, String value) {
        public Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            if (system != null) {
                json.put("system", system);
            }
            json.put("value", value);
            return json;
        }

        /** {@code system|value} or a bare value. */
        static Identifier parse(String line) {
            int bar = line.indexOf('|');
            String system = bar < 0 ? null : line.substring(0, bar).trim();
            String value = (bar < 0 ? line : line.substring(bar + 1)).trim();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("'" + line + "' has no value (write system|value)");
            }
            if (system != null && !system.isEmpty()) {
                try {
                    if (!new URI(system).isAbsolute()) {
                        throw new IllegalArgumentException("'" + system + "' is not an absolute URI");
                    }
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("'" + system + "' is not a URI");
                }
            }
            return new Identifier(system == null || system.isEmpty() ? null : system, value);
        }
    }

    /** An {@code Organization.address} in one of the combinations the profile allows. */
    public record Address(String line, String city, String state, String postalCode) {
        private static final String ZIP = "[0-9]{5}(-[0-9]{4})?";

        /** {@code 02111}, {@code MA}, {@code Boston, MA}, {@code Boston, MA, 02111} or {@code 1 Main St, Boston, MA, 02111}. */
        static Address parse(String text) {
            List<String> parts = Arrays.stream(text.split(",")).map(String::trim).toList();
            if (parts.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("'" + text + "' has an empty part");
            }
            int n = parts.size();
            Address address = switch (n) {
                case 1 -> parts.get(0).matches(ZIP) ? new Address(null, null, null, parts.get(0))
                        : new Address(null, null, parts.get(0), null);
                case 2 -> new Address(null, parts.get(0), parts.get(1), null);
                case 3 -> new Address(null, parts.get(0), parts.get(1), parts.get(2));
                default -> new Address(String.join(", ", parts.subList(0, n - 3)), parts.get(n - 3), parts.get(n - 2),
                        parts.get(n - 1));
            };
            if (address.postalCode() != null && !address.postalCode().matches(ZIP)) {
                throw new IllegalArgumentException("'" + text + "': the last part must be a ZIP code such as 02111");
            }
            if (address.state() != null && address.state().matches(ZIP) || address.city() != null && address.city().matches(ZIP)) {
                throw new IllegalArgumentException("'" + text + "': write state or city, state before a ZIP code");
            }
            return address;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            if (line != null) {
                json.put("line", List.of(line));
            }
            if (city != null) {
                json.put("city", city);
            }
            if (state != null) {
                json.put("state", state);
            }
            if (postalCode != null) {
                json.put("postalCode", postalCode);
            }
            return json;
        }
    }

    private final Function<String, String> settings;
    private final List<String> fhirBaseUrls;
    private final Instant lastChanged;
    private final List<String> malformed = new ArrayList<>();
    private final List<String> aliases;
    private final List<Identifier> identifiers;
    private final List<String> categories;
    private final List<Address> addresses;

    private UserAccessBrand(Function<String, String> settings, List<String> fhirBaseUrls, Instant lastChanged) {
        this.settings = key -> {
            String value = settings.apply(key);
            return value == null || value.isBlank() ? null : value.trim();
        };
        this.fhirBaseUrls = fhirBaseUrls == null ? List.of() : List.copyOf(fhirBaseUrls);
        this.lastChanged = lastChanged;
        this.aliases = lines(ALIASES);
        List<Identifier> ids = new ArrayList<>();
        for (String line : lines(IDENTIFIERS)) {
            try {
                ids.add(Identifier.parse(line));
            } catch (IllegalArgumentException e) {
                malformed.add(IDENTIFIERS + ": " + e.getMessage());
            }
        }
        Identifier recommended = recommendedIdentifier(website());
        if (recommended != null && ids.stream().noneMatch(i -> URI_SYSTEM.equals(i.system()))) {
            ids.add(recommended);
        }
        this.identifiers = List.copyOf(ids);
        String categorySetting = this.settings.apply(CATEGORIES);
        this.categories = categorySetting == null ? List.of(DEFAULT_CATEGORY)
                : Arrays.stream(categorySetting.split("[\\s,]+")).map(c -> c.toLowerCase(Locale.ROOT)).distinct().toList();
        List<Address> parsed = new ArrayList<>();
        for (String line : lines(ADDRESSES)) {
            try {
                parsed.add(Address.parse(line));
            } catch (IllegalArgumentException e) {
                malformed.add(ADDRESSES + ": " + e.getMessage());
            }
        }
        this.addresses = List.copyOf(parsed);
    }

    /**
     * The brand the settings describe.
     *
     * @param settings     a brand setting by its name in {@link #SETTINGS} (null or blank: not set)
     * @param fhirBaseUrls the FHIR base URLs of the realm, one Endpoint each
     * @param lastChanged  when the brand last changed (the Bundle's timestamp); null while unknown
     */
    public static UserAccessBrand fromSettings(Function<String, String> settings, List<String> fhirBaseUrls, Instant lastChanged) {
        return new UserAccessBrand(settings, fhirBaseUrls, lastChanged);
    }

    /** What is wrong with one setting's value (null when nothing): the check a form makes before saving it. */
    public static String problem(String setting, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        UserAccessBrand brand = fromSettings(key -> key.equals(setting) ? value : null, List.of("https://fhir.example"), Instant.EPOCH);
        String prefix = setting + ": ";
        return brand.problems().stream().filter(p -> p.startsWith(prefix)).map(p -> p.substring(prefix.length()))
                .findFirst().orElse(null);
    }

    public String name() {
        return settings.apply(NAME);
    }

    public List<String> aliases() {
        return aliases;
    }

    public String website() {
        return settings.apply(WEBSITE);
    }

    /** The customer-supplied identifiers, then SMART's recommended one unless one of that system was supplied. */
    public List<Identifier> identifiers() {
        return identifiers;
    }

    /** The brand's primary identifier ({@code user_access_brand_identifier}); null when there is none. */
    public Identifier primaryIdentifier() {
        return identifiers.isEmpty() ? null : identifiers.get(0);
    }

    public List<String> categories() {
        return categories;
    }

    public List<Address> addresses() {
        return addresses;
    }

    public List<String> fhirBaseUrls() {
        return fhirBaseUrls;
    }

    public Instant lastChanged() {
        return lastChanged;
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

    /**
     * What the profiles require and this brand lacks, and each malformed setting, each starting with the setting's
     * name; empty when the Bundle may be published.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name() == null) {
            problems.add(NAME + ": the brand's name is required");
        }
        if (absoluteHttps(website()) == null) {
            problems.add(WEBSITE + ": the brand's public website is required, an https URL");
        }
        problems.addAll(malformed);
        if (identifiers.isEmpty()) {
            problems.add(IDENTIFIERS + ": an identifier is required (or a website to derive it from)");
        }
        for (String setting : List.of(LOGO_URL, PORTAL_LOGO_URL)) {
            String url = settings.apply(setting);
            if (url != null && absoluteHttps(url) == null && !url.startsWith("data:image/")) {
                problems.add(setting + ": must be an https URL or a data:image URL");
            }
        }
        for (String setting : List.of(LOGO_LICENSE_URL, PORTAL_URL, PORTAL_LOGO_LICENSE_URL, DEVELOPER_PORTAL_URL)) {
            String url = settings.apply(setting);
            if (url != null && absoluteHttps(url) == null) {
                problems.add(setting + ": must be an https URL");
            }
        }
        for (String category : categories) {
            if (!CATEGORY_CODES.contains(category)) {
                problems.add(CATEGORIES + ": '" + category + "' is not one of "
                        + String.join(", ", CATEGORY_CODES.stream().sorted().toList()));
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

    /** Whether the brand may be published once its last change is stamped (nothing but the timestamp is missing). */
    public boolean completeButForTheTimestamp() {
        return problems().stream().allMatch(p -> p.startsWith("lastChanged:"));
    }

    /** The id of the Endpoint of the FHIR base URL at {@code index} (0-based). */
    public static String endpointId(int index) {
        return "fhir-" + (index + 1);
    }

    /**
     * The Brand Bundle ({@code user-access-brands-bundle}) as JSON members.
     *
     * @param base the absolute URL under which the entries' {@code fullUrl}s are formed ({@code {base}/Organization/brand},
     *             {@code {base}/Endpoint/fhir-1}), so the Organization's relative references resolve inside the Bundle
     */
    public Map<String, Object> bundle(String base) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the brand is incomplete: " + String.join("; ", problems));
        }
        String root = base.replaceAll("/+$", "");
        List<Map<String, Object>> entries = new ArrayList<>();
        entries.add(entry(root + "/Organization/" + ORGANIZATION_ID, organization()));
        for (int i = 0; i < fhirBaseUrls.size(); i++) {
            entries.add(entry(root + "/Endpoint/" + endpointId(i), endpoint(i)));
        }
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("resourceType", "Bundle");
        bundle.put("id", "user-access-brands");
        bundle.put("type", "collection");
        bundle.put("timestamp", lastChanged.toString());
        bundle.put("entry", entries);
        return bundle;
    }

    /** The brand's Organization ({@code user-access-brand}); requires a complete brand. */
    public Map<String, Object> organization() {
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (int i = 0; i < fhirBaseUrls.size(); i++) {
            endpoints.add(obj("reference", "Endpoint/" + endpointId(i)));
        }
        Map<String, Object> organization = new LinkedHashMap<>();
        organization.put("resourceType", "Organization");
        organization.put("id", ORGANIZATION_ID);
        organization.put("meta", obj("lastUpdated", lastChanged.toString()));
        List<Map<String, Object>> extensions = new ArrayList<>();
        List<Map<String, Object>> brand = new ArrayList<>();
        addUrl(brand, "brandLogo", settings.apply(LOGO_URL));
        addUrl(brand, "brandLogoLicense", settings.apply(LOGO_LICENSE_URL));
        if (!brand.isEmpty()) {
            extensions.add(obj("url", ORGANIZATION_BRAND, "extension", brand));
        }
        List<Map<String, Object>> portal = new ArrayList<>();
        if (settings.apply(PORTAL_NAME) != null) {
            portal.add(obj("url", "portalName", "valueString", settings.apply(PORTAL_NAME)));
        }
        if (settings.apply(PORTAL_DESCRIPTION) != null) {
            portal.add(obj("url", "portalDescription", "valueMarkdown", settings.apply(PORTAL_DESCRIPTION)));
        }
        addUrl(portal, "portalUrl", settings.apply(PORTAL_URL));
        addUrl(portal, "portalLogo", settings.apply(PORTAL_LOGO_URL));
        addUrl(portal, "portalLogoLicense", settings.apply(PORTAL_LOGO_LICENSE_URL));
        for (Map<String, Object> endpoint : endpoints) {
            portal.add(obj("url", "portalEndpoint", "valueReference", endpoint));
        }
        extensions.add(obj("url", ORGANIZATION_PORTAL, "extension", portal));
        organization.put("extension", extensions);
        organization.put("identifier", identifiers.stream().map(Identifier::json).toList());
        organization.put("active", true);
        organization.put("type", categories.stream().map(c -> obj("coding", List.of(obj("system", CATEGORY_SYSTEM,
                "code", c, "display", c.substring(0, 1).toUpperCase(Locale.ROOT) + c.substring(1))))).toList());
        organization.put("name", name());
        if (!aliases.isEmpty()) {
            organization.put("alias", aliases);
        }
        organization.put("telecom", List.of(obj("system", "url", "value", website())));
        if (!addresses.isEmpty()) {
            organization.put("address", addresses.stream().map(Address::json).toList());
        }
        organization.put("endpoint", endpoints);
        return organization;
    }

    /** The Endpoint ({@code user-access-endpoint}) of the FHIR base URL at {@code index}; requires a complete brand. */
    public Map<String, Object> endpoint(int index) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("resourceType", "Endpoint");
        endpoint.put("id", endpointId(index));
        endpoint.put("meta", obj("lastUpdated", lastChanged.toString()));
        endpoint.put("extension", List.of(obj("url", ENDPOINT_FHIR_VERSION, "valueCode", FHIR_VERSION)));
        endpoint.put("status", "active");
        endpoint.put("connectionType", obj("system", "http://terminology.hl7.org/CodeSystem/endpoint-connection-type",
                "code", "hl7-fhir-rest"));
        endpoint.put("name", "FHIR R4 endpoint of " + name());
        String developerPortal = settings.apply(DEVELOPER_PORTAL_URL);
        endpoint.put("contact", List.of(obj("system", "url", "value", developerPortal != null ? developerPortal : website())));
        endpoint.put("payloadType", List.of(obj("coding", List.of(obj(
                "system", "http://terminology.hl7.org/CodeSystem/endpoint-payload-type", "code", "none")))));
        endpoint.put("address", fhirBaseUrls.get(index));
        return endpoint;
    }

    private List<String> lines(String setting) {
        String value = settings.apply(setting);
        return value == null ? List.of()
                : Arrays.stream(value.split("\\R")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** An ordered JSON object from name, value pairs (output is the same on every node: the ETag is its hash). */
    private static Map<String, Object> obj(Object... namesAndValues) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            json.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return json;
    }

    private static Map<String, Object> entry(String fullUrl, Map<String, Object> resource) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("fullUrl", fullUrl);
        entry.put("resource", resource);
        return entry;
    }

    private static void addUrl(List<Map<String, Object>> extensions, String name, String url) {
        if (url != null) {
            extensions.add(obj("url", name, "valueUrl", url));
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
