package org.payerauth.keycloak.payer.metrics;

import java.time.Clock;
import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.payerauth.keycloak.common.http.OAuthErrorResponses;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.metrics.MetricsDefinitions;
import org.payerauth.metrics.PatientAccessReport;
import org.payerauth.metrics.ReportPeriod;

/**
 * {@code GET /admin/realms/{realm}/patient-access-metrics?from=&to=&format=json|csv}: the CMS Patient Access API
 * metrics of a period (default: the previous calendar year), for administrators who may view events. Counts only.
 */
public final class PatientAccessMetricsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    PatientAccessMetricsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response report(@QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("format") String format) {
        auth.realm().requireViewEvents();
        ReportPeriod period;
        try {
            period = ReportPeriod.parse(from, to, Clock.fixed(Instant.ofEpochMilli(Time.currentTimeMillis()), java.time.ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            return OAuthErrorResponses.error(Response.Status.BAD_REQUEST, "invalid_request", e.getMessage());
        }
        boolean csv = "csv".equalsIgnoreCase(format);
        if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
            return OAuthErrorResponses.error(Response.Status.BAD_REQUEST, "invalid_request", "format must be json or csv");
        }
        MetricsDefinitions definitions = RealmSettings.of(session, realm).metricsDefinitions();
        AccessDayStore store = AccessDayStore.of(session, realm);
        PatientAccessReport.Counts counts = store.counts(period, definitions);
        if (csv) {
            return OAuthErrorResponses.noStore(Response.ok(PatientAccessReport.csv(counts, period, definitions, store.recordedFrom()),
                            "text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"patient-access-metrics-" + period.from() + "-"
                            + period.to() + ".csv\"")).build();
        }
        return OAuthErrorResponses.noStore(Response.ok(PatientAccessReport.json(counts, period, definitions, store.recordedFrom()),
                MediaType.APPLICATION_JSON_TYPE)).build();
    }
}
