package org.payerauth.keycloak.payer.store;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Tables of this module in Keycloak's database (Keycloak's JPA entity provider SPI: the entities join Keycloak's
 * persistence unit, the Liquibase change log runs at start-up in its own change-log table, named after the factory
 * id), whose rows of a realm are removed when the realm is deleted. Each set of tables is one subclass.
 */
public abstract class OwnTablesFactory implements JpaEntityProviderFactory {

    private final String id;
    private final JpaEntityProvider provider;

    /**
     * @param id          the factory id (also names Liquibase's change-log table: {@code DATABASECHANGELOG_} and
     *                    its first ten characters)
     * @param changeLog   the change log's resource path
     * @param entities    the entity classes
     */
    protected OwnTablesFactory(String id, String changeLog, List<Class<?>> entities) {
        this.id = id;
        this.provider = new JpaEntityProvider() {
            @Override
            public List<Class<?>> getEntities() {
                return entities;
            }

            @Override
            public String getChangelogLocation() {
                return changeLog;
            }

            @Override
            public String getFactoryId() {
                return id;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public final JpaEntityProvider create(KeycloakSession session) {
        return provider;
    }

    @Override
    public final void init(Config.Scope config) {
    }

    @Override
    public final void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                deleteRealm(removed.getKeycloakSession(), removed.getRealm().getId());
            }
        });
    }

    /**
     * Removes the rows of a deleted realm, in the transaction that deletes it. (The persistence API is only touched
     * here, never when the factory is made: a factory is also instantiated where JPA is absent, e.g. by tests.)
     */
    protected abstract void deleteRealm(KeycloakSession session, String realmId);

    @Override
    public final void close() {
    }

    @Override
    public final String getId() {
        return id;
    }
}
