package org.payerauth.keycloak.common.issuance;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.clientpolicy.ClientPolicyManager;
import org.keycloak.services.clientpolicy.DefaultClientPolicyManagerFactory;

/**
 * Makes {@link IssuanceRulesClientPolicyManager} the server's {@code client-policy-manager} on a Keycloak without the
 * native hooks (26.5): Keycloak picks the factory with the highest {@link #order()} above zero as an SPI's default
 * provider when none is configured. Where both native hooks exist (26.6+) its order is zero, so Keycloak's own manager
 * stays the default and this one is never used.
 */
public final class IssuanceRulesClientPolicyManagerFactory extends DefaultClientPolicyManagerFactory {

    public static final String PROVIDER_ID = "payer-auth-issuance-rules";

    @Override
    public ClientPolicyManager create(KeycloakSession session) {
        return new IssuanceRulesClientPolicyManager(session);
    }

    @Override
    public int order() {
        return IssuanceHooks.NATIVE ? 0 : 100;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
