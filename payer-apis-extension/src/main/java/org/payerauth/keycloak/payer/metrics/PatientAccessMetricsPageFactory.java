package org.payerauth.keycloak.payer.metrics;

import jakarta.ws.rs.Path;
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

    /** The page under {@code /realms/{realm}/patient-access-metrics}. */
    public static final class Pages {
        private final KeycloakSession session;

        Pages(KeycloakSession session) {
            this.session = session;
        }

        @Path("report")
        public StaffPages report() {
            return StaffPages.patientAccessMetrics(session);
        }
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new Pages(session);
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
