package org.payerauth.keycloak.common.sharing;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The {@code payer-sensitive-data-choice} SPI: internal, between two payer-auth modules. */
public final class SensitiveDataChoiceSpi implements Spi {

    public static final String NAME = "payer-sensitive-data-choice";

    @Override
    public boolean isInternal() {
        return true;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return SensitiveDataChoice.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return SensitiveDataChoiceFactory.class;
    }
}
