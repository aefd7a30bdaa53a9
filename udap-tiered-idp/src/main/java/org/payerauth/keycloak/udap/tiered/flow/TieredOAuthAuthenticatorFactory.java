package org.payerauth.keycloak.udap.tiered.flow;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.payerauth.keycloak.common.ProviderIds;

/** "UDAP Tiered OAuth": put it ALTERNATIVE in the sign-in subflow of the browser flow, after the cookie step. */
public final class TieredOAuthAuthenticatorFactory extends TieredAuthenticatorFactory {

    public static final String PROVIDER_ID = ProviderIds.UDAP_TIERED_AUTHENTICATOR;

    private static final Authenticator INSTANCE = new TieredOAuthAuthenticator();

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
        return "UDAP Tiered OAuth";
    }

    @Override
    public String getHelpText() {
        return "Brokers an authorization request with the udap scope and idp=<IdP URL> to that UDAP identity provider "
                + "once its signed metadata chains to a community trusted for identity providers (registering this "
                + "server there on first use). Other requests pass on. Place it ALTERNATIVE after the cookie step.";
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return choices(AuthenticationExecutionModel.Requirement.ALTERNATIVE, AuthenticationExecutionModel.Requirement.DISABLED);
    }
}
