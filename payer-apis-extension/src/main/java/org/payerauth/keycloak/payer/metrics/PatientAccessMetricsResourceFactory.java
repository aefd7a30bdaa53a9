package org.payerauth.keycloak.payer.metrics;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;

/** {@code /admin/realms/{realm}/patient-access-metrics} ({@link PatientAccessMetricsResource}). */
public final class PatientAccessMetricsResourceFactory implements AdminRealmResourceProviderFactory,
        ConfigurationFreeFactory<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = "patient-access-metrics";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth,
                                      AdminEventBuilder adminEvent) {
                return new PatientAccessMetricsResource(s, realm, auth);
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
