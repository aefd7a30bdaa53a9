package org.payerauth.keycloak.udap.discovery;

import java.time.Clock;

import org.keycloak.Config;
import org.payerauth.keycloak.common.metrics.PayerAuthMetrics;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.wellknown.WellKnownProvider;
import org.keycloak.wellknown.WellKnownProviderFactory;
import org.payerauth.keycloak.common.ProviderIds;
import org.payerauth.udap.metadata.SignedMetadataCache;

/** Registers {@code /.well-known/udap}. */
public final class UdapMetadataProviderFactory implements WellKnownProviderFactory {

    public static final String PROVIDER_ID = ProviderIds.UDAP_METADATA;

    /** signed_metadata signed once per configuration and window, not per unauthenticated request (per node, bounded). */
    private final SignedMetadataCache signed = new SignedMetadataCache(Clock.systemUTC());

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        return new UdapMetadataProvider(session, signed);
    }

    @Override
    public void init(Config.Scope config) {
        PayerAuthMetrics.cache("udap_signed_metadata", signed, signed.counts(), SignedMetadataCache::size);
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
