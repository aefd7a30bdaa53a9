package org.payerauth.keycloak.common.compatibility;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The {@value #NAME} SPI: one factory, {@link KeycloakVersionGuard}, that Keycloak initialises at boot on every
 * Keycloak version (unlike the SPIs the security rules are built on, which older versions lack and so never load).
 */
public final class KeycloakCompatibilitySpi implements Spi {

    public static final String NAME = "payer-auth-compatibility";

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
        return KeycloakCompatibility.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return KeycloakCompatibilityFactory.class;
    }
}
