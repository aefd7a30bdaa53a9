package org.payerauth.udap.registration;

import java.util.List;

/**
 * The registration parameters of a UDAP software statement, validated.
 *
 * @param clientName              {@code client_name}
 * @param grantTypes              {@code grant_types}; empty = cancel the registration
 * @param responseTypes           {@code response_types} ({@code ["code"]} for authorization_code, else empty)
 * @param redirectUris            {@code redirect_uris} (authorization_code only)
 * @param logoUri                 {@code logo_uri} (authorization_code only), may be null
 * @param contacts                {@code contacts}
 * @param scope                   {@code scope} as requested, may be null for a cancel
 * @param tokenEndpointAuthMethod {@code private_key_jwt} or {@code client_secret_basic}
 */
public record ClientMetadata(String clientName, List<String> grantTypes, List<String> responseTypes,
                             List<String> redirectUris, String logoUri, List<String> contacts, String scope,
                             String tokenEndpointAuthMethod) {

    public static final String AUTHORIZATION_CODE = "authorization_code";
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";
    public static final String CLIENT_SECRET_BASIC = "client_secret_basic";

    public ClientMetadata {
        grantTypes = List.copyOf(grantTypes);
        responseTypes = List.copyOf(responseTypes);
        redirectUris = List.copyOf(redirectUris);
        contacts = List.copyOf(contacts);
    }

    /** An empty {@code grant_types}: the app asks to cancel its registration. */
    public boolean isCancel() {
        return grantTypes.isEmpty();
    }

    public boolean isAuthorizationCode() {
        return grantTypes.contains(AUTHORIZATION_CODE);
    }

    public boolean isClientCredentials() {
        return grantTypes.contains(CLIENT_CREDENTIALS);
    }

    public boolean wantsRefreshTokens() {
        return grantTypes.contains(REFRESH_TOKEN);
    }

    public boolean usesClientSecret() {
        return CLIENT_SECRET_BASIC.equals(tokenEndpointAuthMethod);
    }
}
