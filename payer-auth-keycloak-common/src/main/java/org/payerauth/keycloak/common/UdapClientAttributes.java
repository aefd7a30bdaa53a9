package org.payerauth.keycloak.common;

/**
 * Client attributes written by UDAP registration and read elsewhere (UDAP client authentication, the SMART
 * authorization rules, token mappers, later Tiered OAuth). Stored in databases and realm exports: never renamed.
 */
public final class UdapClientAttributes {

    /** The app's registered URI (the software statement's {@code iss}, a SAN URI of its certificate). */
    public static final String ISS = "udap.iss";
    /** The URI of the trust community the app registered in. */
    public static final String COMMUNITY = "udap.community";
    /** The registered certificate, base64 DER. */
    public static final String CERTIFICATE = "udap.certificate";
    /** Its SHA-256 thumbprint, base64url. */
    public static final String CERTIFICATE_SHA256 = "udap.certificate.sha256";
    public static final String CONTACTS = "udap.contacts";
    public static final String REGISTERED_AT = "udap.registeredAt";
    public static final String CANCELLED_AT = "udap.cancelledAt";
    public static final String GRANT_TYPES = "udap.grantTypes";
    /** Set to {@code true} by an administrator: the app's registrations are refused and it stays as it is. */
    public static final String BLOCKED = "udap.blocked";
    /**
     * Where an administrator's block (disabled, or {@link #BLOCKED}) applies: unset, the app's registrations in every
     * trust community; {@code community}, only this client's community.
     */
    public static final String BLOCK_SCOPE = "udap.blockScope";
    /**
     * The UDAP certifications accepted at the app's last registration: a JSON array of
     * {@code {uri, name, issuer, iat, exp, privacy, extensions}} (the JWTs themselves are not kept); absent when none.
     */
    public static final String CERTIFICATIONS = "udap.certifications";
    /** Keycloak's own attribute for the client's logo (shown on the consent page). */
    public static final String LOGO_URI = "logoUri";

    private UdapClientAttributes() {
    }

    /** Whether a client was made by UDAP registration. */
    public static boolean isUdapClient(org.keycloak.models.ClientModel client) {
        return client != null && client.getAttribute(ISS) != null;
    }
}
