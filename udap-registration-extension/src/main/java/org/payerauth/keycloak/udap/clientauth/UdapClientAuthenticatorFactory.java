package org.payerauth.keycloak.udap.clientauth;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keycloak.Config;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.authentication.ClientAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.provider.ProviderConfigProperty;
import org.payerauth.keycloak.common.ProviderIds;
import org.payerauth.keycloak.common.UdapClientAttributes;

/**
 * "UDAP JWT (x5c)": client authenticator for apps registered through UDAP DCR. Add it as an ALTERNATIVE (first) to
 * the realm's client-authentication flow; registration sets it on the clients it makes.
 */
public final class UdapClientAuthenticatorFactory implements ClientAuthenticatorFactory {

    public static final String PROVIDER_ID = ProviderIds.UDAP_CLIENT_AUTHENTICATOR;

    private static final ClientAuthenticator INSTANCE = new UdapClientAuthenticator();

    @Override
    public ClientAuthenticator create() {
        return INSTANCE;
    }

    @Override
    public ClientAuthenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "UDAP JWT (x5c)";
    }

    @Override
    public String getHelpText() {
        return "UDAP JWT-based client authentication: a client assertion signed with the app's certificate (x5c), "
                + "which must chain to the trust community the app registered in and carry its registered SAN URI.";
    }

    @Override
    public String getReferenceCategory() {
        return "udap";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {
                AuthenticationExecutionModel.Requirement.ALTERNATIVE, AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public List<ProviderConfigProperty> getConfigPropertiesPerClient() {
        return REGISTRATION_DETAILS;
    }

    /**
     * What the app's UDAP registration recorded, shown read-only in the admin console's <em>Clients → app →
     * Credentials</em> tab (the console shows the client authenticator's per-client properties there, bound to the
     * client's attributes). The description (client list, Settings) names the certificate's subject and expiry.
     */
    static final List<ProviderConfigProperty> REGISTRATION_DETAILS = List.of(
            detail(UdapClientAttributes.ISS, "Registered app URI (iss)", ProviderConfigProperty.STRING_TYPE,
                    "The software statement's iss, a subjectAltName URI of the app's certificate."),
            detail(UdapClientAttributes.COMMUNITY, "Trust community", ProviderConfigProperty.STRING_TYPE,
                    "The trust community the app registered in."),
            detail(UdapClientAttributes.CERTIFICATE_SHA256, "Certificate SHA-256 (base64url)",
                    ProviderConfigProperty.STRING_TYPE, "The thumbprint of the registered certificate."),
            detail(UdapClientAttributes.CERTIFICATE, "Registered certificate (base64 DER)",
                    ProviderConfigProperty.TEXT_TYPE, "The app's certificate; its assertions must be signed with its key."),
            detail(UdapClientAttributes.GRANT_TYPES, "Grant types", ProviderConfigProperty.STRING_TYPE,
                    "The grant types of the last registration (empty: cancelled)."),
            detail(UdapClientAttributes.CONTACTS, "Contacts", ProviderConfigProperty.STRING_TYPE,
                    "The app's contacts from its software statement."),
            detail(UdapClientAttributes.LOGO_URI, "Logo URL", ProviderConfigProperty.STRING_TYPE,
                    "The app's logo_uri, shown on the consent page."),
            detail(UdapClientAttributes.REGISTERED_AT, "Last registered", ProviderConfigProperty.STRING_TYPE,
                    "When the app last registered or updated its registration."),
            detail(UdapClientAttributes.CANCELLED_AT, "Cancelled", ProviderConfigProperty.STRING_TYPE,
                    "When the app cancelled its registration (empty: active). To block an app, switch the client off "
                            + "(Enabled, at the top): it can then neither authenticate nor register itself back on."));

    private static ProviderConfigProperty detail(String attribute, String label, String type, String help) {
        ProviderConfigProperty property = new ProviderConfigProperty(attribute, label, help, type, null);
        property.setReadOnly(true);
        return property;
    }

    // No adapter configuration. Keycloak 26.6+ asks with a session, 26.4 and 26.5 without (hence no @Override: the
    // same source compiles against every line).
    public Map<String, Object> getAdapterConfiguration(KeycloakSession session, ClientModel client) {
        return Map.of();
    }

    public Map<String, Object> getAdapterConfiguration(ClientModel client) {
        return Map.of();
    }

    @Override
    public Set<String> getProtocolAuthenticatorMethods(String loginProtocol) {
        return OIDCLoginProtocol.LOGIN_PROTOCOL.equals(loginProtocol) ? Set.of("private_key_jwt") : Set.of();
    }

    // 26.6+ asks this; 26.4 and 26.5 do not (no @Override, so the class is the same on every line)
    public boolean supportsClientAssertion() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
