package org.payerauth.keycloak.payer.review;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.payerauth.keycloak.common.AdminRealmResources;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;

/** {@code /admin/realms/{realm}/app-review}: the payer's approval step ({@link AppReviewAdminResource}). */
public final class AppReviewAdminResourceFactory implements AdminRealmResourceProviderFactory,
        ConfigurationFreeFactory<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = "app-review";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return AdminRealmResources.serving((s, realm, auth, adminEvent) -> new AppReviewAdminResource(s, realm, auth, adminEvent));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
