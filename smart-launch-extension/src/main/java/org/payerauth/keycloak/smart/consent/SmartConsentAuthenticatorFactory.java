package org.payerauth.keycloak.smart.consent;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** "SMART consent": put it REQUIRED after the SMART patient picker in the browser flow. */
public final class SmartConsentAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "smart-consent";

    private static final Authenticator INSTANCE = new SmartConsentAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "SMART consent";
    }

    @Override
    public String getHelpText() {
        return "For SMART launches of apps that require consent: shows the app, the selected patient and each "
                + "requested scope in plain words, and records the member's consent. Place it REQUIRED after the "
                + "SMART patient picker.";
    }

    @Override
    public String getReferenceCategory() {
        return "smart-launch";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {
                AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};
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
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
