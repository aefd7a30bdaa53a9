package org.payerauth.keycloak.payer.b2b;

import org.keycloak.models.KeycloakSession;
import org.payerauth.keycloak.common.issuance.IssuanceRules;
import org.payerauth.keycloak.common.issuance.IssuanceRulesFactory;

/** {@link B2bTokenRules} as a provider of {@code payer-auth-issuance-rules} (called there on Keycloak 26.5). */
public final class B2bTokenRulesFactory implements IssuanceRulesFactory {

    public static final String PROVIDER_ID = "b2b";

    @Override
    public IssuanceRules create(KeycloakSession session) {
        return new B2bTokenRules(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
