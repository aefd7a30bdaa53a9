package org.payerauth.keycloak.common;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * An SPI payer-auth adds to Keycloak: a name, a provider type and a factory type, not internal (payers may add
 * providers of their own). Each subclass has the no-argument constructor Keycloak's service loader needs.
 */
public abstract class PublicSpi implements Spi {

    private final String name;
    private final Class<? extends Provider> providerClass;
    private final Class<? extends ProviderFactory> factoryClass;

    protected PublicSpi(String name, Class<? extends Provider> providerClass,
                        Class<? extends ProviderFactory> factoryClass) {
        this.name = name;
        this.providerClass = providerClass;
        this.factoryClass = factoryClass;
    }

    @Override
    public final boolean isInternal() {
        return false;
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final Class<? extends Provider> getProviderClass() {
        return providerClass;
    }

    @Override
    public final Class<? extends ProviderFactory> getProviderFactoryClass() {
        return factoryClass;
    }
}
