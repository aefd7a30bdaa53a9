package org.payerauth.keycloak.common.discovery;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The {@value #NAME} SPI: modules add members to each other's discovery documents ({@link DiscoveryContribution}). */
public final class DiscoveryContributionSpi implements Spi {

    public static final String NAME = "payer-auth-discovery-contribution";

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
        return DiscoveryContribution.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return DiscoveryContributionFactory.class;
    }
}
