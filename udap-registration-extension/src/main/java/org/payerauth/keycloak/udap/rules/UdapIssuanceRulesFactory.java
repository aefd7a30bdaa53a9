package org.payerauth.keycloak.udap.rules;

import org.keycloak.models.KeycloakSession;
import org.payerauth.keycloak.common.issuance.IssuanceRules;
import org.payerauth.keycloak.common.issuance.IssuanceRulesFactory;

/** UDAP's {@link UdapIssuanceRules} as a provider of {@code payer-auth-issuance-rules}. */
public final class UdapIssuanceRulesFactory implements IssuanceRulesFactory {

    public static final String PROVIDER_ID = "udap";

    @Override
    public IssuanceRules create(KeycloakSession session) {
        return new UdapIssuanceRules(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
