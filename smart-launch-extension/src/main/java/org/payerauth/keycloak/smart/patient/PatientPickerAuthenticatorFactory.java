package org.payerauth.keycloak.smart.patient;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** "SMART patient picker": put it REQUIRED after the login subflow of the browser flow. */
public final class PatientPickerAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "smart-patient-picker";

    private static final Authenticator INSTANCE = new PatientPickerAuthenticator();

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
        return "SMART patient picker";
    }

    @Override
    public String getHelpText() {
        return "For SMART launches asking for launch/patient or patient/ scopes: selects the member's only patient, "
                + "lets them pick one of several, or denies the launch when they may act for none. Place it REQUIRED "
                + "after the login subflow so it also runs on SSO-cookie logins.";
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
