package org.payerauth.keycloak.common.http;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * OAuth / RFC 7591 JSON responses of our API endpoints: {@code {"error", "error_description"}} and every answer with
 * {@code Cache-Control: no-store} and {@code Pragma: no-cache} (RFC 6749 §5.1, RFC 7591 §3.2).
 */
public final class OAuthErrorResponses {

    private OAuthErrorResponses() {
    }

    /** An error response with the given status. */
    public static Response error(Response.Status status, String error, String description) {
        return errorBuilder(status, error, description).build();
    }

    /** As {@link #error}, for a response that needs more headers (e.g. {@code Retry-After}). */
    public static Response.ResponseBuilder errorBuilder(Response.Status status, String error, String description) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("error", error);
        json.put("error_description", description);
        return noStore(Response.status(status).entity(json).type(MediaType.APPLICATION_JSON_TYPE));
    }

    /** Marks a response as not to be stored by any cache. */
    public static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        return response.cacheControl(noStoreHeader()).header("Pragma", "no-cache");
    }

    /** Exactly {@code no-store}. */
    public static CacheControl noStoreHeader() {
        CacheControl cacheControl = new CacheControl();
        cacheControl.setNoStore(true);
        cacheControl.setNoTransform(false);
        return cacheControl;
    }
}
