package org.payerauth.keycloak.smart.rules;

import org.keycloak.models.KeycloakSession;
import org.payerauth.keycloak.common.issuance.IssuanceRules;
import org.payerauth.keycloak.common.issuance.IssuanceRulesFactory;

/** SMART's {@link SmartIssuanceRules} as a provider of {@code payer-auth-issuance-rules}. */
public final class SmartIssuanceRulesFactory implements IssuanceRulesFactory {

    public static final String PROVIDER_ID = "smart";

    @Override
    public IssuanceRules create(KeycloakSession session) {
        return new SmartIssuanceRules(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
