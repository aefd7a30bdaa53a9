package org.payerauth.keycloak.payer.metrics;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;
import org.payerauth.keycloak.payer.page.StaffPages;

/**
 * {@code /realms/{realm}/patient-access-metrics/report}: the Patient Access API metrics page (a staff page: staff sign
 * in to the realm and the page reads the admin REST report with their token; {@code view-events} decides). The admin
 * console's page <em>Patient Access reports</em> names it in its help text.
 */
public final class PatientAccessMetricsPageFactory implements RealmResourceProviderFactory,
        ConfigurationFreeFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "patient-access-metrics";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return StaffPages.serving(session, "report", StaffPages::patientAccessMetrics);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
