package org.payerauth.keycloak.payer.metrics.console;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.console.ConsoleRefusal;
import org.payerauth.keycloak.payer.metrics.AccessDayStore;
import org.payerauth.metrics.MetricsDefinitions;
import org.payerauth.metrics.PatientAccessReport;
import org.payerauth.metrics.ReportPeriod;

/**
 * The admin console's <em>Patient Access reports</em> page (Keycloak's declarative UI, feature {@code declarative-ui}):
 * the reports the payer ran and keeps, e.g. the numbers submitted to CMS for a year, listed with both CMS numbers. An
 * administrator creates one with a period (and a note); the save counts the period exactly as the admin REST report
 * does and stores the numbers, the definitions in force and the time with it; every later save of it counts again.
 * Counts only: no member is named. The page with the monthly chart and the per-app table is the staff report page
 * ({@code /realms/{realm}/patient-access-metrics/report}); Keycloak's console pages are forms and lists only. Saving a
 * console page needs the realm role {@code manage-realm}; component creation is an admin event.
 */
public final class PatientAccessReportsPageFactory implements UiPageProviderFactory<UiPageProvider>,
        ConfigurationFreeFactory<UiPageProvider> {

    public static final String PROVIDER_ID = "payer-patient-access-reports";

    static final String FROM = "from";
    static final String TO = "to";
    static final String NOTE = "note";
    static final String PERIOD = "period";
    static final String UNIQUE = "uniquePatients";
    static final String MORE_THAN_ONCE = "patientsTransferredMoreThanOnce";
    static final String COMPLETE = "complete";
    static final String DEFINITIONS = "definitions";
    static final String COUNTED_AT = "countedAt";

    private static final Logger LOG = Logger.getLogger(PatientAccessReportsPageFactory.class);

    private static final String COUNTED = " Counted at every save; what you type here is replaced.";

    private static final List<ProviderConfigProperty> PROPERTIES = List.of(
            property(FROM, "From", "The period's first day (UTC), e.g. 2025-01-01."),
            property(TO, "To", "The period's last day (UTC), e.g. 2025-12-31."),
            property(NOTE, "Note", "What the report is for, e.g. 'CMS submission, 2025'."),
            property(PERIOD, "Period", "The period counted." + COUNTED),
            property(UNIQUE, "Unique patients", "Patients whose data were transferred to an app they chose." + COUNTED),
            property(MORE_THAN_ONCE, "More than once", "Of them, patients whose data were transferred on two or more "
                    + "distinct days." + COUNTED),
            property(COMPLETE, "Complete", "false when the period starts before recording began: nothing before that day "
                    + "is counted." + COUNTED),
            property(DEFINITIONS, "Definitions", "What counted as a transfer and which apps were left out." + COUNTED),
            property(COUNTED_AT, "Counted at", "When the numbers were counted (UTC)." + COUNTED));

    private static ProviderConfigProperty property(String name, String label, String help) {
        return new ProviderConfigProperty(name, label, help, ProviderConfigProperty.STRING_TYPE, null);
    }

    /** Counts the period and stores the numbers with the report; a bad period is refused naming the field. */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        ReportPeriod period;
        try {
            period = ReportPeriod.parse(model.get(FROM), model.get(TO), Clock.fixed(Instant.ofEpochMilli(Time.currentTimeMillis()), ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            throw ConsoleRefusal.of("From / To: " + e.getMessage());
        }
        MetricsDefinitions definitions = RealmSettings.of(session, realm).metricsDefinitions();
        AccessDayStore store = AccessDayStore.of(session, realm);
        PatientAccessReport.Counts counts = store.counts(period, definitions);
        Map<String, Object> json = PatientAccessReport.json(counts, period, definitions, store.recordedFrom());
        model.put(FROM, period.from().toString());
        model.put(TO, period.to().toString());
        model.put(PERIOD, period.from() + " to " + period.to());
        model.put(UNIQUE, String.valueOf(counts.uniquePatients()));
        model.put(MORE_THAN_ONCE, String.valueOf(counts.patientsTransferredMoreThanOnce()));
        model.put(COMPLETE, String.valueOf(json.get("complete"))
                + (Boolean.TRUE.equals(json.get("complete")) ? "" : " (recording began " + json.get("recordedFrom") + ")"));
        model.put(DEFINITIONS, "transfer = " + definitions.signal().setting() + "; more than once = two or more distinct "
                + "days (UTC); apps left out: " + (definitions.excludedClients().isEmpty() ? "none"
                : String.join(" ", definitions.excludedClients().stream().sorted().toList())));
        model.put(COUNTED_AT, Instant.ofEpochMilli(Time.currentTimeMillis()).toString());
        if (model.getName() == null || model.getName().isBlank()) {
            model.setName("Patient Access " + period.from() + " to " + period.to());
        }
        LOG.infof("Realm '%s': Patient Access report %s counted in the admin console", realm.getName(), model.get(PERIOD));
    }

    @Override
    public String getHelpText() {
        return "The CMS Patient Access API numbers of periods you keep (e.g. what you submitted for a year): create one "
                + "with a period and its numbers are counted. The monthly chart and the per-app table are on the report "
                + "page /realms/<realm>/patient-access-metrics/report.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    /** The list's columns. */
    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(PERIOD, UNIQUE, MORE_THAN_ONCE, COUNTED_AT));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
