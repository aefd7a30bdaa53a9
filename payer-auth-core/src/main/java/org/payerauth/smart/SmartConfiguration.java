package org.payerauth.smart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SMART App Launch 2.2 discovery document ({@code .well-known/smart-configuration}).
 * Built from the authorization server's endpoint URLs; the SMART-specific values are fixed here so that they
 * never inherit Keycloak's OIDC defaults (which list {@code plain} PKCE and implicit response types).
 */
public final class SmartConfiguration {

    /**
     * Capabilities this extension implements for the standalone patient launch. A superset of the CARIN Blue Button
     * list, plus {@code permission-v1}, {@code permission-v2} and {@code authorize-post}.
     */
    public static final List<String> CAPABILITIES = List.of(
            "launch-standalone",
            "authorize-post",
            "client-public",
            "client-confidential-symmetric",
            "client-confidential-asymmetric",
            "sso-openid-connect",
            "context-standalone-patient",
            "permission-offline",
            "permission-patient",
            "permission-user",
            "permission-v1",
            "permission-v2");

    public static final List<String> CODE_CHALLENGE_METHODS = List.of("S256");
    public static final List<String> RESPONSE_TYPES = List.of("code");
    public static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token", "client_credentials");
    /**
     * Keycloak's own client authenticators: secrets, and {@code private_key_jwt} (SMART asymmetric client
     * authentication and SMART Backend Services: a client with a JWKS or {@code jwks_uri}, Keycloak's signed-JWT
     * authenticator).
     */
    public static final List<String> TOKEN_ENDPOINT_AUTH_METHODS =
            List.of("client_secret_basic", "client_secret_post", "private_key_jwt");
    /** Signing algorithms of {@code private_key_jwt} assertions (SMART requires RS384 and ES384). */
    public static final List<String> TOKEN_ENDPOINT_AUTH_SIGNING_ALGS = List.of("RS384", "ES384", "RS256", "ES256");

    /** The endpoint URLs of the authorization server, exactly as its OpenID Connect discovery publishes them. */
    public record Endpoints(String issuer, String jwksUri, String authorizationEndpoint, String tokenEndpoint,
                            String introspectionEndpoint, String revocationEndpoint, String userinfoEndpoint) {
        public Endpoints {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(jwksUri, "jwksUri");
            Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
            Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        }
    }

    private final Endpoints endpoints;
    private final List<String> scopesSupported;
    private String registrationEndpoint;
    private String managementEndpoint;
    private String userAccessBrandBundle;
    private Map<String, Object> userAccessBrandIdentifier;

    public SmartConfiguration(Endpoints endpoints, List<String> scopesSupported) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.scopesSupported = List.copyOf(scopesSupported);
    }

    /** Advertised only when a registration endpoint is really enabled for the realm. */
    public SmartConfiguration registrationEndpoint(String url) {
        this.registrationEndpoint = url;
        return this;
    }

    /** Where a member reviews and revokes the apps they authorized. */
    public SmartConfiguration managementEndpoint(String url) {
        this.managementEndpoint = url;
        return this;
    }

    /**
     * The realm's Brand Bundle and its primary brand's identifier (SMART 2.2 RECOMMENDS both); advertised only while
     * the brand is complete.
     */
    public SmartConfiguration userAccessBrand(String bundleUrl, Map<String, Object> identifier) {
        this.userAccessBrandBundle = bundleUrl;
        this.userAccessBrandIdentifier = identifier;
        return this;
    }

    /** The document as an ordered JSON object. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("issuer", endpoints.issuer());
        json.put("jwks_uri", endpoints.jwksUri());
        json.put("authorization_endpoint", endpoints.authorizationEndpoint());
        json.put("token_endpoint", endpoints.tokenEndpoint());
        json.put("grant_types_supported", GRANT_TYPES);
        json.put("token_endpoint_auth_methods_supported", TOKEN_ENDPOINT_AUTH_METHODS);
        json.put("token_endpoint_auth_signing_alg_values_supported", TOKEN_ENDPOINT_AUTH_SIGNING_ALGS);
        putIfPresent(json, "registration_endpoint", registrationEndpoint);
        putIfPresent(json, "introspection_endpoint", endpoints.introspectionEndpoint());
        putIfPresent(json, "revocation_endpoint", endpoints.revocationEndpoint());
        putIfPresent(json, "userinfo_endpoint", endpoints.userinfoEndpoint());
        putIfPresent(json, "management_endpoint", managementEndpoint);
        json.put("scopes_supported", new ArrayList<>(scopesSupported));
        json.put("response_types_supported", RESPONSE_TYPES);
        json.put("capabilities", CAPABILITIES);
        json.put("code_challenge_methods_supported", CODE_CHALLENGE_METHODS);
        if (userAccessBrandBundle != null && userAccessBrandIdentifier != null) {
            json.put("user_access_brand_bundle", userAccessBrandBundle);
            json.put("user_access_brand_identifier", userAccessBrandIdentifier);
        }
        return json;
    }

    private static void putIfPresent(Map<String, Object> json, String name, String value) {
        if (value != null && !value.isBlank()) {
            json.put(name, value);
        }
    }
}
