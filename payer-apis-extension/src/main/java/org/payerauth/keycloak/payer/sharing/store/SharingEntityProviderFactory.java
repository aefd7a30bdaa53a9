package org.payerauth.keycloak.payer.sharing.store;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Adds this module's tables to Keycloak's database (Keycloak's JPA entity provider SPI: the entities join Keycloak's
 * persistence unit, the change log runs at start-up) and removes a realm's rows when the realm is deleted.
 */
public final class SharingEntityProviderFactory implements JpaEntityProviderFactory {

    /** Also names Liquibase's change-log table of this module ({@code DATABASECHANGELOG_PAYER_SHAR}). */
    public static final String PROVIDER_ID = "payer-sharing";

    private static final JpaEntityProvider PROVIDER = new JpaEntityProvider() {
        @Override
        public List<Class<?>> getEntities() {
            return List.of(ChoiceChangeEntity.class, CurrentChoiceEntity.class);
        }

        @Override
        public String getChangelogLocation() {
            return "META-INF/payer-sharing-changelog.xml";
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
                SharingChoiceStore.deleteRealm(removed.getKeycloakSession().getProvider(JpaConnectionProvider.class)
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
