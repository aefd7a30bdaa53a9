package org.payerauth.keycloak.payer.metrics;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/** Adds the Patient Access records' table to Keycloak's database, and removes a deleted realm's rows. */
public final class MetricsEntityProviderFactory implements JpaEntityProviderFactory {

    /** Also names Liquibase's change-log table of this module ({@code DATABASECHANGELOG_PAYER_METR}). */
    public static final String PROVIDER_ID = "payer-metrics";

    private static final JpaEntityProvider PROVIDER = new JpaEntityProvider() {
        @Override
        public List<Class<?>> getEntities() {
            return List.of(AccessDayEntity.class);
        }

        @Override
        public String getChangelogLocation() {
            return "META-INF/payer-metrics-changelog.xml";
        }

        @Override
        public String getFactoryId() {
            return PROVIDER_ID;
        }

        @Override
        public void close() {
        }
    };

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                AccessDayStore.deleteRealm(removed.getKeycloakSession().getProvider(JpaConnectionProvider.class)
                        .getEntityManager(), removed.getRealm().getId());
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
