package org.payerauth.keycloak.common.endpoints;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.urls.UrlType;
import org.payerauth.keycloak.common.ProviderIds;

/**
 * Every endpoint URL of a realm, derived once and the same way Keycloak's own {@code openid-configuration} derives
 * it: the issuer, authorization and revocation endpoints from the frontend URL, the token, introspection, userinfo,
 * JWKS and registration endpoints from the backend URL (both come from Keycloak's hostname settings). What discovery
 * advertises and what an {@code aud} check compares with are therefore the same string.
 *
 * @param issuer                  {@code {frontend}/realms/{realm}}
 * @param authorizationEndpoint   {@code .../protocol/openid-connect/auth}
 * @param tokenEndpoint           {@code .../protocol/openid-connect/token}
 * @param introspectionEndpoint   {@code .../protocol/openid-connect/token/introspect}
 * @param revocationEndpoint      {@code .../protocol/openid-connect/revoke}
 * @param userinfoEndpoint        {@code .../protocol/openid-connect/userinfo}
 * @param jwksUri                 {@code .../protocol/openid-connect/certs}
 * @param udapRegistrationEndpoint {@code {backend}/realms/{realm}/clients-registrations/udap}
 * @param accountApplications     {@code {issuer}/account/applications}: where a member reviews the apps they allowed
 */
public record RealmEndpoints(String issuer, String authorizationEndpoint, String tokenEndpoint,
                             String introspectionEndpoint, String revocationEndpoint, String userinfoEndpoint,
                             String jwksUri, String udapRegistrationEndpoint, String accountApplications) {

    private static final String OIDC = "/protocol/openid-connect";

    /** The endpoints of {@code realm} as this request's Keycloak context sees them. */
    public static RealmEndpoints of(KeycloakSession session, RealmModel realm) {
        return of(session.getContext().getUri(UrlType.FRONTEND).getBaseUri(),
                session.getContext().getUri(UrlType.BACKEND).getBaseUri(), realm.getName());
    }

    /** Only the issuer of {@code realm}, {@code {frontend}/realms/{realm}} (the others are not derived). */
    public static String issuer(KeycloakSession session, RealmModel realm) {
        return base(session.getContext().getUri(UrlType.FRONTEND).getBaseUri()) + "/realms/"
                + pathSegment(Objects.requireNonNull(realm.getName(), "realmName"));
    }

    /**
     * @param frontendBase Keycloak's frontend base URI (e.g. {@code https://auth.payer.example/})
     * @param backendBase  Keycloak's backend base URI
     * @param realmName    the realm's name (path-encoded here)
     */
    public static RealmEndpoints of(URI frontendBase, URI backendBase, String realmName) {
        Objects.requireNonNull(realmName, "realmName");
        String frontendRealm = base(frontendBase) + "/realms/" + pathSegment(realmName);
        String backendRealm = base(backendBase) + "/realms/" + pathSegment(realmName);
        return new RealmEndpoints(
                frontendRealm,
                frontendRealm + OIDC + "/auth",
                backendRealm + OIDC + "/token",
                backendRealm + OIDC + "/token/introspect",
                frontendRealm + OIDC + "/revoke",
                backendRealm + OIDC + "/userinfo",
                backendRealm + OIDC + "/certs",
                backendRealm + "/clients-registrations/" + ProviderIds.UDAP_REGISTRATION,
                frontendRealm + "/account/applications");
    }

    private static String base(URI uri) {
        String value = Objects.requireNonNull(uri, "base URI").toString();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    /** RFC 3986 path-segment encoding (what JAX-RS {@code UriBuilder.build} applies to a template value). */
    static String pathSegment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
