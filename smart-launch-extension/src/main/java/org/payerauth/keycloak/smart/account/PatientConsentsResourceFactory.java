package org.payerauth.keycloak.smart.account;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;
import org.payerauth.keycloak.common.RealmResources;

/** {@code /realms/{realm}/smart-consents}: the member's consents per app and patient ({@link PatientConsentsResource}). */
public final class PatientConsentsResourceFactory implements RealmResourceProviderFactory,
        ConfigurationFreeFactory<RealmResourceProvider> {

    /** The path segment under the realm; the account console page calls it. */
    public static final String PROVIDER_ID = "smart-consents";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return RealmResources.serving(() -> new PatientConsentsResource(session));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
