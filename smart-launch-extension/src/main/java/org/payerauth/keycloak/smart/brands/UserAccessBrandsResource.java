package org.payerauth.keycloak.smart.brands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;
import org.payerauth.keycloak.common.endpoints.RealmEndpoints;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.smart.brands.UserAccessBrand;

/**
 * The realm's SMART User Access Brand Bundle (SMART App Launch 2.2, "User-access Brands and Endpoints"), public:
 * {@code GET /realms/{realm}/user-access-brands} the Bundle, {@code …/Organization/brand} and
 * {@code …/Endpoint/fhir-N} its entries (their {@code fullUrl}s). As the guide requires and recommends: CORS for any
 * origin, a weak {@code ETag} (the body's hash, so equal on every node) answered with 304 on {@code If-None-Match}.
 * Until an admin names the brand, or while something the profiles require is missing, 404 with an
 * {@code OperationOutcome} that says what. A change made where payer-auth did not see it (e.g. straight in the
 * database) is stamped here, once, so the Bundle's {@code timestamp} always follows the content.
 */
public final class UserAccessBrandsResource {

    static final String FHIR_JSON = "application/fhir+json;charset=utf-8";

    private final KeycloakSession session;

    UserAccessBrandsResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    public Response bundle(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return brand().map(brand -> fhir(brand.bundle(bundleUrl()), ifNoneMatch)).orElseGet(this::unavailable);
    }

    @GET
    @Path("Organization/{id}")
    public Response organization(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Optional<UserAccessBrand> brand = brand();
        if (brand.isEmpty()) {
            return unavailable();
        }
        return UserAccessBrand.ORGANIZATION_ID.equals(id) ? fhir(brand.get().organization(), ifNoneMatch)
                : notFound("Organization/" + id + " is not in this realm's Brand Bundle (Organization/"
                + UserAccessBrand.ORGANIZATION_ID + " is).");
    }

    @GET
    @Path("Endpoint/{id}")
    public Response endpoint(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Optional<UserAccessBrand> brand = brand();
        if (brand.isEmpty()) {
            return unavailable();
        }
        List<String> urls = brand.get().fhirBaseUrls();
        for (int i = 0; i < urls.size(); i++) {
            if (UserAccessBrand.endpointId(i).equals(id)) {
                return fhir(brand.get().endpoint(i), ifNoneMatch);
            }
        }
        return notFound("Endpoint/" + id + " is not in this realm's Brand Bundle.");
    }

    /** CORS preflight (an app's {@code If-None-Match} is not a CORS-safelisted header). */
    @OPTIONS
    public Response preflight() {
        return preflightResponse();
    }

    @OPTIONS
    @Path("{path: .*}")
    public Response preflightEntry() {
        return preflightResponse();
    }

    private static Response preflightResponse() {
        return Response.noContent()
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
                .header("Access-Control-Allow-Headers", "Accept, If-None-Match, Cache-Control")
                .header("Access-Control-Max-Age", "86400")
                .build();
    }

    /** The brand when it may be published; stamps a change made where payer-auth did not see it. */
    private Optional<UserAccessBrand> brand() {
        RealmModel realm = session.getContext().getRealm();
        RealmSettings settings = RealmSettings.of(session, realm);
        Optional<UserAccessBrand> brand = settings.userAccessBrand();
        if (brand.isPresent() && brand.get().lastChanged() == null) {
            RealmSettings.stampUserAccessBrand(realm);
            brand = RealmSettings.of(session, realm).userAccessBrand();
        }
        return brand.filter(b -> b.problems().isEmpty());
    }

    private Response unavailable() {
        RealmModel realm = session.getContext().getRealm();
        Optional<UserAccessBrand> brand = RealmSettings.of(session, realm).userAccessBrand();
        String diagnostics = brand.isEmpty()
                ? "Realm '" + realm.getName() + "' publishes no user-access brand: an administrator has not named it "
                        + "(realm attribute " + RealmSettings.BRAND_PREFIX + UserAccessBrand.NAME + ")."
                : "Realm '" + realm.getName() + "' has an incomplete user-access brand: "
                        + String.join("; ", brand.get().problems().stream()
                                .map(UserAccessBrandsResource::setting)
                                .toList()) + ".";
        return notFound(diagnostics);
    }

    /** A problem named by the realm attribute an admin sets to solve it. */
    private static String setting(String problem) {
        if (problem.startsWith("endpoints:")) {
            return RealmSettings.FHIR_BASE_URLS + problem.substring("endpoints".length());
        }
        return problem.startsWith("lastChanged:") ? problem : RealmSettings.BRAND_PREFIX + problem;
    }

    private String bundleUrl() {
        return RealmEndpoints.issuer(session, session.getContext().getRealm()) + "/" + UserAccessBrandsResourceFactory.PROVIDER_ID;
    }

    private static Response notFound(String diagnostics) {
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("severity", "error");
        issue.put("code", "not-found");
        issue.put("diagnostics", diagnostics);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("resourceType", "OperationOutcome");
        outcome.put("issue", List.of(issue));
        return Response.status(Response.Status.NOT_FOUND).type(FHIR_JSON)
                .header("Access-Control-Allow-Origin", "*")
                .header("Cache-Control", "no-store")
                .entity(json(outcome)).build();
    }

    /** 200 with the resource and its weak ETag, or 304 when the app already holds it. */
    private static Response fhir(Map<String, Object> resource, String ifNoneMatch) {
        byte[] body = json(resource);
        String etag = "W/\"" + digest(body) + "\"";
        Response.ResponseBuilder response = matches(ifNoneMatch, etag) ? Response.notModified()
                : Response.ok(body, FHIR_JSON);
        return response.header(HttpHeaders.ETAG, etag)
                .header("Cache-Control", "no-cache")
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Expose-Headers", "ETag")
                .build();
    }

    /** Weak comparison (RFC 9110 §13.1.2): {@code *} or any listed tag equal after dropping {@code W/}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        String opaque = etag.substring(2);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] json(Map<String, Object> value) {
        try {
            return JsonSerialization.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
