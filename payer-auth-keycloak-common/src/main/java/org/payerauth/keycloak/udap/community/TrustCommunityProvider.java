package org.payerauth.keycloak.udap.community;

import org.keycloak.provider.Provider;

/**
 * The provider type under which trust communities are stored as Keycloak components of a realm
 * ({@code providerType} in the admin REST API). A community is configuration, not a running service: this type only
 * names the component kind.
 */
public interface TrustCommunityProvider extends Provider {

    @Override
    default void close() {
    }
}
