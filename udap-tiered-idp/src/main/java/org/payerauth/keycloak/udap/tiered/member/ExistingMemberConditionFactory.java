package org.payerauth.keycloak.udap.tiered.member;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.payerauth.keycloak.common.ProviderIds;

/** The condition of the Tiered first-broker-login flow's re-authentication subflow. */
public final class ExistingMemberConditionFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = ProviderIds.UDAP_TIERED_EXISTING_MEMBER_CONDITION;

    private static final ExistingMemberCondition INSTANCE = new ExistingMemberCondition();

    @Override
    public ConditionalAuthenticator getSingleton() {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - UDAP Tiered OAuth existing member";
    }

    @Override
    public String getHelpText() {
        return "True when the Tiered OAuth member match found an existing member, who then confirms with their own "
                + "credentials; false when a new account was made (policy create).";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {AuthenticationExecutionModel.Requirement.REQUIRED,
                AuthenticationExecutionModel.Requirement.DISABLED};
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
