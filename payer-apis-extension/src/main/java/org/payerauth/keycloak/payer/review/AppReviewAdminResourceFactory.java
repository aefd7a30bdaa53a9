package org.payerauth.keycloak.payer.review;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;

/** {@code /admin/realms/{realm}/app-review}: the payer's approval step ({@link AppReviewAdminResource}). */
public final class AppReviewAdminResourceFactory implements AdminRealmResourceProviderFactory,
        ConfigurationFreeFactory<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = "app-review";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth,
                                      AdminEventBuilder adminEvent) {
                return new AppReviewAdminResource(s, realm, auth, adminEvent);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
