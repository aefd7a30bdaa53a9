package org.payerauth.keycloak.payer.metrics;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.payerauth.keycloak.common.AdminRealmResources;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;

/** {@code /admin/realms/{realm}/patient-access-metrics} ({@link PatientAccessMetricsResource}). */
public final class PatientAccessMetricsResourceFactory implements AdminRealmResourceProviderFactory,
        ConfigurationFreeFactory<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = "patient-access-metrics";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return AdminRealmResources.serving((s, realm, auth, adminEvent) -> new PatientAccessMetricsResource(s, realm, auth));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
