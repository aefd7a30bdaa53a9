package org.payerauth.udap.registration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.payerauth.udap.Reason;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.UdapException;

/**
 * The registration parameters of a UDAP software statement (udap.org DCR §2 / HL7 UDAP IG §3.1): grant types (an
 * empty list cancels), client name, contacts, the token endpoint auth method, scope, and for authorization_code the
 * redirect URIs, response types and logo. Errors: {@code invalid_client_metadata}, {@code invalid_redirect_uri}.
 */
public final class ClientMetadataValidator {

    private static final Set<String> KNOWN_GRANTS =
            Set.of(ClientMetadata.AUTHORIZATION_CODE, ClientMetadata.CLIENT_CREDENTIALS, ClientMetadata.REFRESH_TOKEN);

    /** Keycloak stores a client's name, description and each redirect URI in 255-character columns. */
    public static final int MAX_NAME_CHARS = 255;
    public static final int MAX_REDIRECT_URI_CHARS = 255;
    public static final int MAX_REDIRECT_URIS = 20;
    public static final int MAX_CONTACTS = 10;
    public static final int MAX_CONTACT_CHARS = 255;
    public static final int MAX_LOGO_URI_CHARS = 2048;
    public static final int MAX_SCOPE_CHARS = 4096;

    private ClientMetadataValidator() {
    }

    /** The registration parameters of a statement's claims, checked against the realm's settings. */
    public static ClientMetadata validate(Map<String, Object> claims, RegistrationSettings settings) throws UdapException {
        if (!claims.containsKey("grant_types")) {
            throw UdapException.invalidMetadata("Missing parameter: grant_types (an empty array cancels a registration)");
        }
        List<String> grants = strings(claims, "grant_types");
        for (String grant : grants) {
            if (!KNOWN_GRANTS.contains(grant)) {
                throw UdapException.invalidMetadata("Unsupported grant type in grant_types; use authorization_code, "
                        + "refresh_token or client_credentials");
            }
        }
        if (grants.size() != Set.copyOf(grants).size()) {
            throw UdapException.invalidMetadata("grant_types contains duplicates");
        }
        boolean code = grants.contains(ClientMetadata.AUTHORIZATION_CODE);
        boolean credentials = grants.contains(ClientMetadata.CLIENT_CREDENTIALS);
        if (!grants.isEmpty() && code == credentials) {
            throw UdapException.invalidMetadata("grant_types must contain exactly one of authorization_code and client_credentials");
        }
        if (grants.contains(ClientMetadata.REFRESH_TOKEN) && !code) {
            throw UdapException.invalidMetadata("refresh_token is only allowed together with authorization_code");
        }

        String clientName = string(claims, "client_name");
        if (clientName == null || clientName.isBlank()) {
            throw UdapException.invalidMetadata("Missing parameter: client_name");
        }
        if (clientName.length() > MAX_NAME_CHARS) {
            throw UdapException.invalidMetadata("client_name is longer than " + MAX_NAME_CHARS + " characters");
        }
        List<String> contacts = claims.containsKey("contacts") ? strings(claims, "contacts") : List.of();
        if (contacts.size() > MAX_CONTACTS || contacts.stream().anyMatch(c -> c.length() > MAX_CONTACT_CHARS)) {
            throw UdapException.invalidMetadata("contacts holds at most " + MAX_CONTACTS + " entries of at most "
                    + MAX_CONTACT_CHARS + " characters");
        }
        if (contacts.stream().noneMatch(c -> c.toLowerCase(Locale.ROOT).startsWith("mailto:") && c.length() > 7)) {
            throw UdapException.invalidMetadata("contacts must contain at least one mailto: URI");
        }
        String authMethod = string(claims, "token_endpoint_auth_method");
        if (authMethod == null) {
            throw UdapException.invalidMetadata("Missing parameter: token_endpoint_auth_method (private_key_jwt)");
        }
        if (!ClientMetadata.PRIVATE_KEY_JWT.equals(authMethod)
                && !(ClientMetadata.CLIENT_SECRET_BASIC.equals(authMethod) && settings.clientSecretBasicAllowed())) {
            throw UdapException.invalidMetadata(settings.clientSecretBasicAllowed()
                    ? "token_endpoint_auth_method must be private_key_jwt or client_secret_basic"
                    : "token_endpoint_auth_method must be private_key_jwt");
        }

        List<String> redirectUris = claims.containsKey("redirect_uris") ? strings(claims, "redirect_uris") : List.of();
        List<String> responseTypes = claims.containsKey("response_types") ? strings(claims, "response_types") : List.of();
        String logoUri = string(claims, "logo_uri");
        String scope = string(claims, "scope");

        if (grants.isEmpty()) {
            return new ClientMetadata(clientName, grants, List.of(), List.of(), null, contacts, scope, authMethod);
        }
        if (credentials && ClientMetadata.CLIENT_SECRET_BASIC.equals(authMethod)) {
            // CARIN allows a shared secret for member apps that cannot protect a key; a B2B server can, and the
            // community's hl7-b2b rules only apply to signed client assertions.
            throw UdapException.invalidMetadata("client_credentials apps authenticate with private_key_jwt: "
                    + "client_secret_basic is only for authorization_code apps that cannot protect a private key");
        }
        if (scope == null || scope.isBlank()) {
            throw UdapException.invalidMetadata("Missing parameter: scope (space-separated scopes the app asks for)");
        }
        if (scope.length() > MAX_SCOPE_CHARS) {
            throw UdapException.invalidMetadata("scope is longer than " + MAX_SCOPE_CHARS + " characters");
        }
        if (code) {
            if (redirectUris.isEmpty()) {
                throw new UdapException(Reason.INVALID_REDIRECT_URI, "redirect_uris is required for authorization_code");
            }
            if (redirectUris.size() > MAX_REDIRECT_URIS) {
                throw new UdapException(Reason.INVALID_REDIRECT_URI, "redirect_uris holds at most " + MAX_REDIRECT_URIS + " URIs");
            }
            for (String redirect : redirectUris) {
                checkRedirectUri(redirect, settings);
            }
            if (!List.of("code").equals(responseTypes)) {
                throw UdapException.invalidMetadata("response_types must be [\"code\"] for authorization_code");
            }
            if (logoUri == null || !isHttps(logoUri)) {
                throw UdapException.invalidMetadata("logo_uri (an https URL of a PNG, JPG or GIF) is required for authorization_code");
            }
            if (logoUri.length() > MAX_LOGO_URI_CHARS) {
                throw UdapException.invalidMetadata("logo_uri is longer than " + MAX_LOGO_URI_CHARS + " characters");
            }
        } else {
            if (claims.containsKey("redirect_uris")) {
                throw new UdapException(Reason.INVALID_REDIRECT_URI, "redirect_uris must be omitted for client_credentials");
            }
            if (claims.containsKey("response_types")) {
                throw UdapException.invalidMetadata("response_types must be omitted for client_credentials");
            }
        }
        return new ClientMetadata(clientName, grants, responseTypes, redirectUris, code ? logoUri : null, contacts,
                scope.trim(), authMethod);
    }

    /**
     * An exact, absolute https redirect URI (RFC 9700 §2.1: exact matching): no wildcard (Keycloak would treat
     * {@code *} as one), no user info, no fragment, within Keycloak's column length; {@code http://localhost} only
     * under the realm's development switch.
     */
    private static void checkRedirectUri(String redirect, RegistrationSettings settings) throws UdapException {
        if (redirect.length() > MAX_REDIRECT_URI_CHARS) {
            throw redirect("A redirect URI is longer than " + MAX_REDIRECT_URI_CHARS + " characters");
        }
        if (redirect.indexOf('*') >= 0) {
            throw redirect("Redirect URIs must be exact: a wildcard (*) is not allowed");
        }
        URI uri;
        try {
            uri = new URI(redirect);
        } catch (URISyntaxException e) {
            throw redirect("A redirect URI is not a valid URI");
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null) {
            throw redirect("Redirect URIs must be absolute URLs without a fragment");
        }
        if (uri.getRawUserInfo() != null) {
            throw redirect("Redirect URIs must not contain user info (user:password@)");
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return;
        }
        boolean loopback = "http".equalsIgnoreCase(uri.getScheme())
                && ("localhost".equalsIgnoreCase(uri.getHost()) || "127.0.0.1".equals(uri.getHost()));
        if (loopback && settings.localhostRedirectsAllowed()) {
            return;
        }
        throw redirect(loopback
                ? "http://localhost redirect URIs are only accepted when the realm's development switch allows them"
                : "Redirect URIs must use https");
    }

    private static UdapException redirect(String description) {
        return new UdapException(Reason.INVALID_REDIRECT_URI, description);
    }

    private static boolean isHttps(String value) {
        try {
            URI uri = new URI(value);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String string(Map<String, Object> claims, String name) throws UdapException {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw UdapException.invalidMetadata(name + " must be a string");
        }
        return s;
    }

    private static List<String> strings(Map<String, Object> claims, String name) throws UdapException {
        Object value = claims.get(name);
        if (!(value instanceof List<?> list)) {
            throw UdapException.invalidMetadata(name + " must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw UdapException.invalidMetadata(name + " must be an array of strings");
            }
            result.add(s);
        }
        return result;
    }

}
