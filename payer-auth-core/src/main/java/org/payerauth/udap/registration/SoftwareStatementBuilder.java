package org.payerauth.udap.registration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.payerauth.udap.jose.X5cJwtBuilder;

/**
 * Builds a UDAP software statement (udap.org DCR §2; HL7 UDAP IG §3.1): a JWT signed with the app's certificate key,
 * {@code x5c} = its chain, {@code iss} = {@code sub} = the app's URI (a SAN URI of the certificate), {@code aud} =
 * the registration endpoint, 5 minutes, plus the registration parameters. What the dev PKI tool, the tests and
 * (Tiered OAuth) this server registering itself at an IdP all sign.
 */
public final class SoftwareStatementBuilder extends X5cJwtBuilder<SoftwareStatementBuilder> {

    private SoftwareStatementBuilder(String iss, String registrationEndpoint) {
        super(iss, iss, registrationEndpoint);
    }

    /** A bare statement: only iss, sub, aud, iat, exp and jti. */
    public static SoftwareStatementBuilder of(String iss, String registrationEndpoint) {
        return new SoftwareStatementBuilder(iss, registrationEndpoint);
    }

    /**
     * An authorization_code statement: response_types [code], private_key_jwt, client_name "Dev App", contacts,
     * logo_uri, redirect_uris [https://example.org/callback] and a patient-facing scope.
     */
    public static SoftwareStatementBuilder authorizationCode(String iss, String registrationEndpoint) {
        return of(iss, registrationEndpoint)
                .clientName("Dev App")
                .redirectUris(List.of("https://example.org/callback"))
                .contacts(List.of("mailto:dev@example.org"))
                .logoUri("https://example.org/logo.png")
                .grantTypes(List.of(ClientMetadata.AUTHORIZATION_CODE))
                .responseTypes(List.of("code"))
                .tokenEndpointAuthMethod(ClientMetadata.PRIVATE_KEY_JWT)
                .scope("openid fhirUser launch/patient patient/*.read");
    }

    /** A client_credentials (B2B) statement: no redirect_uris, response_types or logo_uri. */
    public static SoftwareStatementBuilder clientCredentials(String iss, String registrationEndpoint) {
        return of(iss, registrationEndpoint)
                .clientName("Dev App")
                .contacts(List.of("mailto:dev@example.org"))
                .grantTypes(List.of(ClientMetadata.CLIENT_CREDENTIALS))
                .tokenEndpointAuthMethod(ClientMetadata.PRIVATE_KEY_JWT)
                .scope("system/*.read");
    }

    @Override
    protected SoftwareStatementBuilder self() {
        return this;
    }

    public SoftwareStatementBuilder clientName(String name) {
        return claim("client_name", name);
    }

    public SoftwareStatementBuilder redirectUris(List<String> uris) {
        return claim("redirect_uris", uris);
    }

    public SoftwareStatementBuilder contacts(List<String> contacts) {
        return claim("contacts", contacts);
    }

    public SoftwareStatementBuilder logoUri(String uri) {
        return claim("logo_uri", uri);
    }

    /** An empty list is kept and serialized as {@code "grant_types":[]} (UDAP: cancel the registration). */
    public SoftwareStatementBuilder grantTypes(List<String> grantTypes) {
        return claim("grant_types", grantTypes);
    }

    public SoftwareStatementBuilder responseTypes(List<String> responseTypes) {
        return claim("response_types", responseTypes);
    }

    public SoftwareStatementBuilder scope(String scope) {
        return claim("scope", scope);
    }

    public SoftwareStatementBuilder tokenEndpointAuthMethod(String method) {
        return claim("token_endpoint_auth_method", method);
    }

    /** The registration request body {@code {"software_statement":…,"certifications":[],"udap":"1"}}. */
    public static String registrationRequest(String signedStatement) {
        return registrationRequest(signedStatement, List.of());
    }

    /** The registration request body with these certifications (signed JWTs). */
    public static String registrationRequest(String signedStatement, List<String> certifications) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("software_statement", Objects.requireNonNull(signedStatement, "signedStatement"));
        body.put("certifications", List.copyOf(certifications));
        body.put("udap", "1");
        return JSONObjectUtils.toJSONString(body);
    }
}
