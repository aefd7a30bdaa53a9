package org.payerauth.oauth;

/**
 * The error codes payer-auth answers with, each once, with where it is defined. Which refusal gets which code is
 * decided by {@link org.payerauth.udap.Reason} (UDAP) and {@link org.payerauth.smart.SmartAuthorizationRules}
 * (SMART), never by the text of a message.
 */
public final class OAuthErrorCodes {

    /** RFC 6749 §4.1.2.1 / §5.2: a missing, invalid or repeated parameter. */
    public static final String INVALID_REQUEST = "invalid_request";
    /** RFC 6749 §5.2: client authentication failed. */
    public static final String INVALID_CLIENT = "invalid_client";
    /** RFC 6749 §5.2: the grant (here: its authorization extension) is invalid. */
    public static final String INVALID_GRANT = "invalid_grant";
    /** RFC 6749 §5.2: the requested scope is invalid, unknown or exceeds what was granted. */
    public static final String INVALID_SCOPE = "invalid_scope";
    /** RFC 6749 §4.1.2.1: the resource owner or the authorization server denied the request. */
    public static final String ACCESS_DENIED = "access_denied";
    /** RFC 6749 §4.1.2.1: the server met an unexpected condition (e.g. a broken realm setting). */
    public static final String SERVER_ERROR = "server_error";
    /** RFC 7591 §3.2.2: a registration parameter is invalid. */
    public static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";
    /** RFC 7591 §3.2.2: a redirect URI is invalid. */
    public static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";
    /** RFC 7591 §3.2.2: the software statement is invalid. */
    public static final String INVALID_SOFTWARE_STATEMENT = "invalid_software_statement";
    /** RFC 7591 §3.2.2: the software statement is not approved (UDAP: its certificate is not trusted). */
    public static final String UNAPPROVED_SOFTWARE_STATEMENT = "unapproved_software_statement";

    /** UDAP Tiered OAuth §4: the identity provider named in {@code idp} is not trusted or not usable. */
    public static final String INVALID_IDP = "invalid_idp";
    /** RFC 6749 §4.1.2.1: the server cannot handle the request now (here: too soon after the app's last one). */
    public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

    private OAuthErrorCodes() {
    }
}
