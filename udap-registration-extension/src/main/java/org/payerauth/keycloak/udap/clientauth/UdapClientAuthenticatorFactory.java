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
        return List.of();
    }

    @Override
    public Map<String, Object> getAdapterConfiguration(KeycloakSession session, ClientModel client) {
        return Map.of();
    }

    @Override
    public Set<String> getProtocolAuthenticatorMethods(String loginProtocol) {
        return OIDCLoginProtocol.LOGIN_PROTOCOL.equals(loginProtocol) ? Set.of("private_key_jwt") : Set.of();
    }

    @Override
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
