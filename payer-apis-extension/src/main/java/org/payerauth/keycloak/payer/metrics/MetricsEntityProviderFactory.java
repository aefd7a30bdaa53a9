package org.payerauth.keycloak.payer.metrics;

import java.util.List;

import org.payerauth.keycloak.payer.store.OwnTablesFactory;

/** The Patient Access records' table ({@code PAYER_ACCESS_DAY}; change-log table {@code DATABASECHANGELOG_PAYER_METR}). */
public final class MetricsEntityProviderFactory extends OwnTablesFactory {

    public static final String PROVIDER_ID = "payer-metrics";

    public MetricsEntityProviderFactory() {
        super(PROVIDER_ID, "META-INF/payer-metrics-changelog.xml", List.of(AccessDayEntity.class), AccessDayStore::deleteRealm);
    }
}
