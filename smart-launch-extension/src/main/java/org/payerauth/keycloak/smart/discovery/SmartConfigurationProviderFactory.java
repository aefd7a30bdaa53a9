package org.payerauth.keycloak.smart.discovery;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.wellknown.WellKnownProvider;
import org.keycloak.wellknown.WellKnownProviderFactory;
import org.payerauth.keycloak.common.ProviderIds;

/** Registers the SMART App Launch discovery document under the well-known alias {@code smart-configuration}. */
public final class SmartConfigurationProviderFactory implements WellKnownProviderFactory {

    public static final String PROVIDER_ID = ProviderIds.SMART_CONFIGURATION;

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
