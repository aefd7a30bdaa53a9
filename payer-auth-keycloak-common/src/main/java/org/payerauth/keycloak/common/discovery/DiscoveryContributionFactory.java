package org.payerauth.keycloak.common.discovery;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;

/** Factory type of the {@value DiscoveryContributionSpi#NAME} SPI. */
public interface DiscoveryContributionFactory extends ProviderFactory<DiscoveryContribution> {

    @Override
    default void init(Config.Scope config) {
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    default void close() {
    }
}
