package org.payerauth.keycloak.udap.registration;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.clientregistration.ClientRegistrationProvider;
import org.keycloak.services.clientregistration.ClientRegistrationProviderFactory;
import org.payerauth.keycloak.common.ProviderIds;

/** UDAP Dynamic Client Registration at {@code /realms/{realm}/clients-registrations/udap}. */
public final class UdapRegistrationProviderFactory implements ClientRegistrationProviderFactory {

    public static final String PROVIDER_ID = ProviderIds.UDAP_REGISTRATION;

    @Override
    public ClientRegistrationProvider create(KeycloakSession session) {
        return new UdapRegistrationProvider(session);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        org.payerauth.keycloak.common.replay.SingleUseReplayGuard.beginRecord(factory);
        RegisteredClientGuard.register(factory);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
