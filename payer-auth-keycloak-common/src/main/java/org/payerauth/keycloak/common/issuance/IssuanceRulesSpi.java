package org.payerauth.keycloak.common.issuance;

import org.payerauth.keycloak.common.PublicSpi;

/** The {@value #NAME} SPI: each module's {@link IssuanceRules}. */
public final class IssuanceRulesSpi extends PublicSpi {

    public static final String NAME = "payer-auth-issuance-rules";

    public IssuanceRulesSpi() {
        super(NAME, IssuanceRules.class, IssuanceRulesFactory.class);
    }
}
