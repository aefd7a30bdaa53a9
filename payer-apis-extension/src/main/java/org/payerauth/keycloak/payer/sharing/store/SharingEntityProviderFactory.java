package org.payerauth.keycloak.payer.sharing.store;

import java.util.List;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import org.payerauth.keycloak.payer.store.OwnTablesFactory;

/**
 * Members' data-sharing choices' tables ({@code PAYER_SHARING_CHANGE}, {@code PAYER_SHARING_CURRENT}; change-log table
 * {@code DATABASECHANGELOG_PAYER_SHAR}).
 */
public final class SharingEntityProviderFactory extends OwnTablesFactory {

    /** Also names Liquibase's change-log table of these tables ({@code DATABASECHANGELOG_PAYER_SHAR}). */
    public static final String PROVIDER_ID = "payer-sharing";

    public SharingEntityProviderFactory() {
        super(PROVIDER_ID, "META-INF/payer-sharing-changelog.xml",
                List.of(ChoiceChangeEntity.class, CurrentChoiceEntity.class));
    }

    @Override
    protected void deleteRealm(KeycloakSession session, String realmId) {
        SharingChoiceStore.deleteRealm(session.getProvider(JpaConnectionProvider.class).getEntityManager(), realmId);
    }
}
