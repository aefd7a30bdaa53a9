package org.payerauth.keycloak.smart.discovery;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.wellknown.WellKnownProvider;
import org.keycloak.wellknown.WellKnownProviderFactory;

/** Registers the SMART App Launch discovery document under the well-known alias {@code smart-configuration}. */
public final class SmartConfigurationProviderFactory implements WellKnownProviderFactory {

    public static final String PROVIDER_ID = "smart-configuration";

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        return new SmartConfigurationProvider(session);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
