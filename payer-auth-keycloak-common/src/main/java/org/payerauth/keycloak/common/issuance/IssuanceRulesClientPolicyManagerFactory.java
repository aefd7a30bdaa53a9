package org.payerauth.keycloak.common.issuance;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.clientpolicy.ClientPolicyManager;
import org.keycloak.services.clientpolicy.DefaultClientPolicyManagerFactory;

/**
 * Makes {@link IssuanceRulesClientPolicyManager} the server's {@code client-policy-manager}: Keycloak picks the factory
 * with the highest {@link #order()} above zero as an SPI's default provider when none is configured.
 */
public final class IssuanceRulesClientPolicyManagerFactory extends DefaultClientPolicyManagerFactory {

    public static final String PROVIDER_ID = "payer-auth-issuance-rules";

    @Override
    public ClientPolicyManager create(KeycloakSession session) {
        return new IssuanceRulesClientPolicyManager(session);
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
