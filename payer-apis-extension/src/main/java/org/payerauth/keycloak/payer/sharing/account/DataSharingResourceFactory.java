package org.payerauth.keycloak.payer.sharing.account;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;
import org.payerauth.keycloak.common.RealmResources;

/** {@code /realms/{realm}/data-sharing}: members' data-sharing choices ({@link DataSharingResource}). */
public final class DataSharingResourceFactory implements RealmResourceProviderFactory,
        ConfigurationFreeFactory<RealmResourceProvider> {

    /** The path segment under the realm; the account console page and the FHIR server call it. */
    public static final String PROVIDER_ID = "data-sharing";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return RealmResources.serving(() -> new DataSharingResource(session));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
