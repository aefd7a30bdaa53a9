package org.payerauth.udap;

import org.payerauth.oauth.OAuthErrorCodes;

/**
 * Why a UDAP request was refused. Each reason maps to exactly one error code, here; callers branch on the reason,
 * never on a description's text.
 */
public enum Reason {

    /** The registration request itself is malformed: body, JSON, the {@code udap} parameter (RFC 7591 §3.2.2). */
    MALFORMED_REGISTRATION_REQUEST(OAuthErrorCodes.INVALID_CLIENT_METADATA),
    /** The software statement is not a valid x5c-signed JWT, or a claim is missing or wrong. */
    INVALID_SOFTWARE_STATEMENT(OAuthErrorCodes.INVALID_SOFTWARE_STATEMENT),
    /** The signing certificate does not chain to a trust anchor of the community (or no community exists). */
    UNTRUSTED_CERTIFICATE(OAuthErrorCodes.UNAPPROVED_SOFTWARE_STATEMENT),
    /** The certificate chains to an anchor but may not be used: expired, revoked, a CA, revocation unknown. */
    REJECTED_CERTIFICATE(OAuthErrorCodes.UNAPPROVED_SOFTWARE_STATEMENT),
    /**
     * A certification this server understands is missing though required, or was presented but fails a check
     * (signature, certifier's chain or revocation, claims): the registration is not approved (UDAP IG §7.4; udap.org
     * C&E §6). Unknown certifications are ignored, never refused.
     */
    UNAPPROVED_CERTIFICATION(OAuthErrorCodes.UNAPPROVED_SOFTWARE_STATEMENT),
    /** A registration parameter of the statement is invalid. */
    INVALID_CLIENT_METADATA(OAuthErrorCodes.INVALID_CLIENT_METADATA),
    /** A redirect URI of the statement is invalid. */
    INVALID_REDIRECT_URI(OAuthErrorCodes.INVALID_REDIRECT_URI),
    /** The app is blocked or disabled by this server's administrator (the registration itself is valid). */
    REGISTRATION_BLOCKED(OAuthErrorCodes.UNAPPROVED_SOFTWARE_STATEMENT),
    /** A new app would exceed the realm's client limit (the registration itself is valid). */
    REGISTRATION_LIMIT_REACHED(OAuthErrorCodes.UNAPPROVED_SOFTWARE_STATEMENT),
    /** The app registered again sooner than the realm's minimum interval allows; answered with 429 and Retry-After. */
    REGISTRATION_THROTTLED(OAuthErrorCodes.TEMPORARILY_UNAVAILABLE),
    /** UDAP JWT-based client authentication failed (the request, the assertion or its certificate). */
    CLIENT_AUTHENTICATION_FAILED(OAuthErrorCodes.INVALID_CLIENT),
    /** An authorization extension ({@code hl7-b2b}) is missing or invalid. */
    INVALID_AUTHORIZATION_EXTENSION(OAuthErrorCodes.INVALID_GRANT),
    /** A token request lacks a parameter UDAP requires ({@code scope} for client_credentials in STU2). */
    MISSING_TOKEN_PARAMETER(OAuthErrorCodes.INVALID_REQUEST),
    /** An identity provider's metadata is unreachable, malformed or not vouched for by a trusted community (Tiered OAuth). */
    UNTRUSTED_IDENTITY_PROVIDER(OAuthErrorCodes.INVALID_IDP),
    /**
     * The identity provider is not known here yet and this realm already checks as many new identity providers as it
     * allows at once (Tiered OAuth); a later request may succeed.
     */
    IDENTITY_PROVIDER_CHECKS_BUSY(OAuthErrorCodes.INVALID_IDP),
    /**
     * This server's own Tiered OAuth set-up cannot take a new identity provider safely: one of its Tiered flows
     * (first-broker-login, post-broker-login) is missing. The app gets {@code invalid_idp}; the administrator must act.
     */
    TIERED_SETUP_INCOMPLETE(OAuthErrorCodes.INVALID_IDP),
    /**
     * A Tiered OAuth identity provider this server has not registered at yet would exceed the realm's limits (how many
     * it keeps, how many new ones per hour). The app gets {@code invalid_idp}.
     */
    IDENTITY_PROVIDER_LIMIT_REACHED(OAuthErrorCodes.INVALID_IDP),
    /** The {@code idp} parameter of a Tiered OAuth request is not an absolute http(s) URL (UDAP Tiered OAuth §2). */
    INVALID_IDP_PARAMETER(OAuthErrorCodes.INVALID_REQUEST),
    /** The app asked for Tiered OAuth ({@code udap} scope) but did not register the {@code udap} scope (IG 2.0 §6.1). */
    UDAP_SCOPE_NOT_REGISTERED(OAuthErrorCodes.INVALID_SCOPE),
    /** The identity provider's authorization response has a missing or wrong {@code state} (Tiered OAuth §4.1). */
    IDP_STATE_MISMATCH(OAuthErrorCodes.SERVER_ERROR),
    /** The identity provider answered the authentication request with an error (Tiered OAuth §4.2). */
    IDP_AUTHENTICATION_DENIED(OAuthErrorCodes.ACCESS_DENIED),
    /** The identity provider's token response or ID token is invalid (Tiered OAuth §4.3, OIDC Core §3.1.3.7). */
    INVALID_ID_TOKEN(OAuthErrorCodes.INVALID_IDP),
    /** The person the identity provider authenticated is no member of this server (Tiered OAuth §4.5.2). */
    MEMBER_NOT_FOUND(OAuthErrorCodes.ACCESS_DENIED);

    private final String error;

    Reason(String error) {
        this.error = error;
    }

    /** The OAuth error code this reason is answered with. */
    public String error() {
        return error;
    }
}
