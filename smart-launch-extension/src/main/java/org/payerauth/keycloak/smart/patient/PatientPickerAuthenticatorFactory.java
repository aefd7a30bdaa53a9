package org.payerauth.keycloak.smart.patient;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.payerauth.keycloak.smart.flow.SmartAuthenticatorFactory;

/** "SMART patient picker": put it REQUIRED after the login subflow of the browser flow. */
public final class PatientPickerAuthenticatorFactory extends SmartAuthenticatorFactory {

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
}
