package org.payerauth.keycloak.common.issuance;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The {@value #NAME} SPI: each module's {@link IssuanceRules}. */
public final class IssuanceRulesSpi implements Spi {

    public static final String NAME = "payer-auth-issuance-rules";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return IssuanceRules.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return IssuanceRulesFactory.class;
    }
}
