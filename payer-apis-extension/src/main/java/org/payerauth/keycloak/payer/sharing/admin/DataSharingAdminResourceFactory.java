package org.payerauth.keycloak.payer.sharing.admin;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.payerauth.keycloak.common.AdminRealmResources;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;

/** {@code /admin/realms/{realm}/data-sharing}: staff and members' data-sharing choices ({@link DataSharingAdminResource}). */
public final class DataSharingAdminResourceFactory implements AdminRealmResourceProviderFactory,
        ConfigurationFreeFactory<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = "data-sharing";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return AdminRealmResources.serving((s, realm, auth, adminEvent) -> new DataSharingAdminResource(s, realm, auth, adminEvent));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
