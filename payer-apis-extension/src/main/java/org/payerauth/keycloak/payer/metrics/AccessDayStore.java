package org.payerauth.keycloak.payer.metrics;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.payerauth.metrics.MetricsDefinitions;
import org.payerauth.metrics.PatientAccessReport;
import org.payerauth.metrics.ReportPeriod;
import org.payerauth.metrics.TransferSignal;

/**
 * The Patient Access records ({@link AccessDayEntity}) of one realm: recording a transfer costs one indexed read per
 * token and, once per patient, app and day, one write in its own transaction (so a concurrent write of the same row on
 * another node never fails the token request); the report's numbers are counted in the database, in bounded queries
 * over the period's day range.
 */
public final class AccessDayStore {

    private static final Logger LOG = Logger.getLogger(AccessDayStore.class);

    private final KeycloakSession session;
    private final EntityManager em;
    private final String realmId;

    private AccessDayStore(KeycloakSession session, EntityManager em, String realmId) {
        this.session = session;
        this.em = em;
        this.realmId = realmId;
    }

    public static AccessDayStore of(KeycloakSession session, RealmModel realm) {
        return new AccessDayStore(session, session.getProvider(JpaConnectionProvider.class).getEntityManager(), realm.getId());
    }

    /** Today (UTC) by Keycloak's clock, as days since 1970-01-01. */
    static int today() {
        return (int) Math.floorDiv(Time.currentTimeMillis(), 86_400_000L);
    }

    /** Records that {@code patient}'s data reached {@code clientId} today by {@code signal}. */
    public void record(String patient, String clientId, TransferSignal signal) {
        int day = today();
        List<Object[]> existing = em.createQuery("select e.tokenIssued, e.introspected from AccessDayEntity e where "
                        + "e.realmId = :realm and e.patient = :patient and e.clientId = :client and e.day = :day", Object[].class)
                .setParameter("realm", realmId).setParameter("patient", patient).setParameter("client", clientId)
                .setParameter("day", day).getResultList();
        if (!existing.isEmpty() && Boolean.TRUE.equals(existing.get(0)[signal == TransferSignal.TOKEN_ISSUED ? 0 : 1])) {
            return; // already recorded today
        }
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> write(s, patient, clientId, day, signal));
        } catch (RuntimeException first) {
            // another request (or node) wrote the row meanwhile: set the flag on it
            try {
                KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> write(s, patient, clientId, day, signal));
            } catch (RuntimeException e) {
                LOG.warnf(e, "Realm %s: a Patient Access record could not be written", realmId);
            }
        }
    }

    private void write(KeycloakSession s, String patient, String clientId, int day, TransferSignal signal) {
        EntityManager tx = s.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<AccessDayEntity> rows = tx.createQuery("select e from AccessDayEntity e where e.realmId = :realm and "
                        + "e.patient = :patient and e.clientId = :client and e.day = :day", AccessDayEntity.class)
                .setParameter("realm", realmId).setParameter("patient", patient).setParameter("client", clientId)
                .setParameter("day", day).getResultList();
        AccessDayEntity row = rows.isEmpty() ? null : rows.get(0);
        if (row == null) {
            row = new AccessDayEntity();
            row.setId(KeycloakModelUtils.generateId());
            row.setRealmId(realmId);
            row.setPatient(patient);
            row.setClientId(clientId);
            row.setDay(day);
            YearMonth month = YearMonth.from(LocalDate.ofEpochDay(day));
            row.setMonth(month.getYear() * 100 + month.getMonthValue());
            tx.persist(row);
        }
        if (signal == TransferSignal.TOKEN_ISSUED) {
            row.setTokenIssued(true);
        } else {
            row.setIntrospected(true);
        }
        tx.flush();
    }

    /** The first day anything was recorded in this realm, or null. */
    public LocalDate recordedFrom() {
        Integer first = em.createQuery("select min(e.day) from AccessDayEntity e where e.realmId = :realm", Integer.class)
                .setParameter("realm", realmId).getSingleResult();
        return first == null ? null : LocalDate.ofEpochDay(first);
    }

    /** The report's counts for {@code period}, counted in the database. */
    public PatientAccessReport.Counts counts(ReportPeriod period, MetricsDefinitions definitions) {
        String signal = definitions.signal() == TransferSignal.TOKEN_ISSUED ? "e.tokenIssued" : "e.introspected";
        // "not in" needs at least one value: no client id is empty, so {""} excludes nothing
        Set<String> excluded = definitions.excludedClients().isEmpty() ? Set.of("") : definitions.excludedClients();
        String where = " from AccessDayEntity e where e.realmId = :realm and e.day between :from and :to and "
                + signal + " = true and e.clientId not in :excluded";
        int from = (int) period.from().toEpochDay();
        int to = (int) period.to().toEpochDay();
        // One pass per number, each a hash aggregate over the period's rows (measured at 1M patient-days in
        // benchmarks/): a patient with two or more distinct days has first day <> last day.
        Object[] totals = em.createQuery("select count(*), coalesce(sum(case when p.firstDay <> p.lastDay then 1 else 0 end), 0)"
                        + " from (select e.patient as accessPatient, min(e.day) as firstDay, max(e.day) as lastDay" + where
                        + " group by e.patient) p", Object[].class)
                .setParameter("realm", realmId).setParameter("from", from).setParameter("to", to)
                .setParameter("excluded", excluded).getSingleResult();
        long unique = ((Number) totals[0]).longValue();
        long moreThanOnce = ((Number) totals[1]).longValue();
        Map<String, Long> perApp = new HashMap<>();
        for (Object[] row : em.createQuery("select d.accessClient, count(*) from (select distinct e.clientId as accessClient, e.patient as accessPatient"
                        + where + ") d group by d.accessClient", Object[].class)
                .setParameter("realm", realmId).setParameter("from", from).setParameter("to", to)
                .setParameter("excluded", excluded).getResultList()) {
            perApp.put((String) row[0], ((Number) row[1]).longValue());
        }
        Map<YearMonth, Long> perMonth = new HashMap<>();
        for (Object[] row : em.createQuery("select d.accessMonth, count(*) from (select distinct e.month as accessMonth, e.patient as accessPatient"
                        + where + ") d group by d.accessMonth", Object[].class)
                .setParameter("realm", realmId).setParameter("from", from).setParameter("to", to)
                .setParameter("excluded", excluded).getResultList()) {
            int month = ((Number) row[0]).intValue();
            perMonth.put(YearMonth.of(month / 100, month % 100), ((Number) row[1]).longValue());
        }
        return new PatientAccessReport.Counts(unique, moreThanOnce, perApp, perMonth);
    }

    static void deleteRealm(EntityManager em, String realmId) {
        em.createQuery("delete from AccessDayEntity e where e.realmId = :realm").setParameter("realm", realmId).executeUpdate();
    }
}
