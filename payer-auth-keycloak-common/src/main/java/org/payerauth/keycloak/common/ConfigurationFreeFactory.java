package org.payerauth.keycloak.common;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/**
 * A provider factory that reads no server configuration, starts nothing and holds nothing: Keycloak's three
 * lifecycle calls do nothing. A factory that does start something overrides {@link #postInit}.
 */
public interface ConfigurationFreeFactory<T extends Provider> extends ProviderFactory<T> {

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
