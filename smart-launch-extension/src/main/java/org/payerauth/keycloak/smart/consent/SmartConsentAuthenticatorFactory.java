package org.payerauth.keycloak.smart.consent;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.payerauth.keycloak.smart.flow.SmartAuthenticatorFactory;

/** "SMART consent": put it REQUIRED after the SMART patient picker in the browser flow. */
public final class SmartConsentAuthenticatorFactory extends SmartAuthenticatorFactory {

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
}
