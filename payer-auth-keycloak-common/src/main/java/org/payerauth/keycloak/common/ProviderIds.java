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

    /** The Tiered OAuth identity-provider type: every IdP a Tiered login registers at is kept as one of these. */
    public static final String UDAP_TIERED_IDENTITY_PROVIDER = "udap-tiered";
    /** The browser-flow step that brokers an {@code idp=} request to the member's UDAP identity provider. */
    public static final String UDAP_TIERED_AUTHENTICATOR = "udap-tiered-oauth";
    /** The first-broker-login step that maps the person an IdP authenticated to a member. */
    public static final String UDAP_TIERED_MEMBER_AUTHENTICATOR = "udap-tiered-member";
    /** The condition of the re-authentication subflow of the Tiered first-broker-login flow. */
    public static final String UDAP_TIERED_EXISTING_MEMBER_CONDITION = "udap-tiered-existing-member";
    /** The first-broker-login flow given to every Tiered IdP (in the demo and production realms). */
    public static final String TIERED_FIRST_BROKER_LOGIN_FLOW = "payer tiered first broker login";
    /** The post-broker-login flow given to every Tiered IdP: the SMART patient picker and consent run there. */
    public static final String TIERED_POST_BROKER_LOGIN_FLOW = "payer tiered post broker login";
    /** The client scope an app registers to use Tiered OAuth (HL7 UDAP IG 2.0 §6.1). */
    public static final String UDAP_SCOPE = "udap";

    private ProviderIds() {
    }
}
