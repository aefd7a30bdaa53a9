package org.payerauth.keycloak.payer.metrics;

import java.util.List;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import org.payerauth.keycloak.payer.store.OwnTablesFactory;

/** The Patient Access records' table ({@code PAYER_ACCESS_DAY}; change-log table {@code DATABASECHANGELOG_PAYER_METR}). */
public final class MetricsEntityProviderFactory extends OwnTablesFactory {

    public static final String PROVIDER_ID = "payer-metrics";

    public MetricsEntityProviderFactory() {
        super(PROVIDER_ID, "META-INF/payer-metrics-changelog.xml", List.of(AccessDayEntity.class));
    }

    @Override
    protected void deleteRealm(KeycloakSession session, String realmId) {
        AccessDayStore.deleteRealm(session.getProvider(JpaConnectionProvider.class).getEntityManager(), realmId);
    }
}
