package org.payerauth.keycloak.udap.tiered.broker;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.payerauth.keycloak.common.ProviderIds;
import org.payerauth.keycloak.common.http.GuardedHttpClient;

/**
 * The identity-provider type of Tiered OAuth IdPs. Instances are created by the Tiered login itself (one per IdP,
 * {@code udap-to-…} aliases); an administrator may edit or delete them (deleting one makes the next login register
 * this server at the IdP again).
 */
public final class UdapTieredIdentityProviderFactory extends AbstractIdentityProviderFactory<UdapTieredIdentityProvider> {

    public static final String PROVIDER_ID = ProviderIds.UDAP_TIERED_IDENTITY_PROVIDER;

    private static final Logger LOG = Logger.getLogger(UdapTieredIdentityProviderFactory.class);

    private TieredIdentityProviders.Constructing providers;

    /**
     * Chooses the Tiered IdP class of this Keycloak line; without it (Keycloak 26.4 without the 26.4 jar) Keycloak
     * does not start: an ERROR line says which jar is missing.
     */
    @Override
    public void init(Config.Scope config) {
        super.init(config);
        try {
            providers = TieredIdentityProviders.forThisKeycloak(UdapTieredIdentityProviderFactory.class.getClassLoader())
                    .constructing();
        } catch (IllegalStateException e) {
            LOG.error(e.getMessage());
            throw e;
        }
    }

    @Override
    public String getName() {
        return "UDAP Tiered OAuth";
    }

    @Override
    public UdapTieredIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return providers.create(session, new OIDCIdentityProviderConfig(model));
    }

    @Override
    public OIDCIdentityProviderConfig createConfig() {
        return new OIDCIdentityProviderConfig();
    }

    /** Closes the node's identity-provider HTTP clients ({@link GuardedHttpClient}). */
    @Override
    public void close() {
        GuardedHttpClient.close();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
