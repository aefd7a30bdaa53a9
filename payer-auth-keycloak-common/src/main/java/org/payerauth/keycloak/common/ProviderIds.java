package org.payerauth.keycloak.common;

/**
 * The provider ids (and well-known aliases) that one payer-auth module relies on while another defines them. Each
 * factory's {@code PROVIDER_ID} is one of these constants, so a rename is a compile error everywhere, never a silent
 * mismatch. Stored values: realm exports, flows and client settings hold these ids, so they never change.
 */
public final class ProviderIds {

    /** UDAP Dynamic Client Registration: {@code /realms/{realm}/clients-registrations/udap}. */
    public static final String UDAP_REGISTRATION = "udap";
    /** UDAP server metadata: {@code /realms/{realm}/.well-known/udap}. */
    public static final String UDAP_METADATA = "udap";
    /** The UDAP JWT (x5c) client authenticator, set on every client UDAP registration makes. */
    public static final String UDAP_CLIENT_AUTHENTICATOR = "udap-client-jwt";
    /** The component provider of trust communities. */
    public static final String UDAP_TRUST_COMMUNITY = "udap-trust-community";
    /** SMART App Launch discovery: {@code /realms/{realm}/.well-known/smart-configuration}. */
    public static final String SMART_CONFIGURATION = "smart-configuration";
    /** Keycloak's own client-secret authenticator. */
    public static final String CLIENT_SECRET_AUTHENTICATOR = "client-secret";

    private ProviderIds() {
    }
}
