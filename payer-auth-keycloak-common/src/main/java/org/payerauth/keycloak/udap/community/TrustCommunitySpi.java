package org.payerauth.keycloak.udap.community;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The {@code udap-trust-community} SPI: realm components that define UDAP trust communities. */
public final class TrustCommunitySpi implements Spi {

    public static final String NAME = "udap-trust-community";

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
        return TrustCommunityProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return TrustCommunityProviderFactory.class;
    }
}
