package org.payerauth.keycloak.payer.sharing.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.payerauth.sharing.Choice;
import org.payerauth.sharing.ChoiceChange;
import org.payerauth.sharing.ChoiceChange.ActingAs;
import org.payerauth.sharing.ChoiceChange.Channel;
import org.payerauth.sharing.ChoiceHistory;
import org.payerauth.sharing.ChoiceValue;
import org.payerauth.sharing.SharingException;
import org.payerauth.sharing.SharingRefusal;

/**
 * Patients' sharing-choice histories in Keycloak's database (this module's two tables, see
 * {@code META-INF/payer-sharing-changelog.xml}), in the request's transaction: a change and its current-value row
 * commit together or not at all, on whichever node served the request.
 */
public final class SharingChoiceStore {

    private static final Logger LOG = Logger.getLogger(SharingChoiceStore.class);

    /** The most patients one list query returns. */
    public static final int MAX_PAGE = 1000;

    private final KeycloakSession session;
    private final EntityManager em;
    private final String realmId;

    private SharingChoiceStore(KeycloakSession session, EntityManager em, String realmId) {
        this.session = session;
        this.em = em;
        this.realmId = realmId;
    }

    public static SharingChoiceStore of(KeycloakSession session, RealmModel realm) {
        return new SharingChoiceStore(session, session.getProvider(JpaConnectionProvider.class).getEntityManager(),
                realm.getId());
    }

    /** One patient's history, oldest change first (empty when nothing was recorded). */
    public ChoiceHistory history(String patient) {
        List<ChoiceChangeEntity> rows = em.createQuery("select c from ChoiceChangeEntity c where c.realmId = :realm"
                        + " and c.patient = :patient order by c.sequence", ChoiceChangeEntity.class)
                .setParameter("realm", realmId).setParameter("patient", patient).getResultList();
        return ChoiceHistory.of(patient, rows.stream().map(SharingChoiceStore::change).toList());
    }

    /**
     * The current value of one recorded choice of one patient (one row by a unique index: cheap enough for every
     * token), or empty when it was never recorded (the default applies).
     */
    public Optional<ChoiceValue> current(String patient, Choice choice) {
        List<String> values = em.createQuery("select c.value from CurrentChoiceEntity c where c.realmId = :realm"
                        + " and c.patient = :patient and c.choice = :choice", String.class)
                .setParameter("realm", realmId).setParameter("patient", patient).setParameter("choice", choice.name())
                .getResultList();
        return values.stream().findFirst().map(name -> value(choice, name));
    }

    /** The histories of several patients (in the order given; one query). */
    public Map<String, ChoiceHistory> histories(Collection<String> patients) {
        Map<String, List<ChoiceChange>> changes = new LinkedHashMap<>();
        patients.forEach(p -> changes.put(p, new ArrayList<>()));
        if (!patients.isEmpty()) {
            em.createQuery("select c from ChoiceChangeEntity c where c.realmId = :realm and c.patient in :patients"
                            + " order by c.patient, c.sequence", ChoiceChangeEntity.class)
                    .setParameter("realm", realmId).setParameter("patients", Set.copyOf(patients)).getResultList()
                    .forEach(row -> changes.get(row.getPatient()).add(change(row)));
        }
        Map<String, ChoiceHistory> histories = new LinkedHashMap<>();
        changes.forEach((patient, list) -> histories.put(patient, ChoiceHistory.of(patient, list)));
        return histories;
    }

    /**
     * Records {@code change} (made from this store's {@link #history} in this transaction) and its patient's current
     * value. When another node or request recorded a change of the same patient first, the database refuses the
     * second (unique sequence): the transaction is marked for rollback and nothing is recorded.
     *
     * @throws SharingException {@link SharingRefusal#STALE_CHOICE} in that case
     */
    public void append(ChoiceChange change) throws SharingException {
        ChoiceChangeEntity row = new ChoiceChangeEntity();
        row.setId(KeycloakModelUtils.generateId());
        row.setRealmId(realmId);
        row.setPatient(change.patient());
        row.setSequence(change.sequence());
        row.setChoice(change.choice().name());
        row.setPreviousValue(change.previous().name());
        row.setNextValue(change.next().name());
        row.setChangedBy(change.changedBy());
        row.setActingAs(change.actingAs().name());
        row.setChannel(change.channel().name());
        row.setReason(change.reason().orElse(null));
        row.setChangedAt(change.at().toEpochMilli());
        List<CurrentChoiceEntity> found = em.createQuery("select c from CurrentChoiceEntity c where c.realmId = :realm"
                        + " and c.patient = :patient and c.choice = :choice", CurrentChoiceEntity.class)
                .setParameter("realm", realmId).setParameter("patient", change.patient())
                .setParameter("choice", change.choice().name()).getResultList();
        CurrentChoiceEntity current = found.isEmpty() ? new CurrentChoiceEntity() : found.get(0);
        try {
            em.persist(row);
            em.flush();
            if (found.isEmpty()) {
                current.setId(KeycloakModelUtils.generateId());
                current.setRealmId(realmId);
                current.setPatient(change.patient());
                current.setChoice(change.choice().name());
            }
            current.setValue(change.next().name());
            current.setChangedAt(change.at().toEpochMilli());
            if (found.isEmpty()) {
                em.persist(current);
            }
            em.flush();
        } catch (PersistenceException e) {
            LOG.debugf(e, "Sharing choice of a patient not recorded: another change came first");
            session.getTransactionManager().setRollbackOnly();
            throw new SharingException(SharingRefusal.STALE_CHOICE);
        }
    }

    /**
     * One page of the patients whose current {@code choice} is one of {@code values}, ordered by patient id; or,
     * with {@code since}, of the patients whose {@code choice} changed at or after it (to any value when
     * {@code values} is empty), oldest change first.
     */
    public PatientPage patients(Choice choice, Set<ChoiceValue> values, Optional<Instant> since, int first, int max) {
        Objects.requireNonNull(choice, "choice");
        StringBuilder where = new StringBuilder(" from CurrentChoiceEntity c where c.realmId = :realm and c.choice = :choice");
        if (!values.isEmpty()) {
            where.append(" and c.value in :values");
        }
        since.ifPresent(s -> where.append(" and c.changedAt >= :since"));
        String order = since.isPresent() ? " order by c.changedAt, c.patient" : " order by c.patient";
        TypedQuery<String> select = em.createQuery("select c.patient" + where + order, String.class);
        TypedQuery<Long> count = em.createQuery("select count(c)" + where, Long.class);
        for (TypedQuery<?> query : List.of(select, count)) {
            query.setParameter("realm", realmId).setParameter("choice", choice.name());
            if (!values.isEmpty()) {
                query.setParameter("values", values.stream().map(ChoiceValue::name).collect(Collectors.toSet()));
            }
            since.ifPresent(s -> query.setParameter("since", s.toEpochMilli()));
        }
        List<String> patients = select.setFirstResult(Math.max(0, first)).setMaxResults(Math.max(0, Math.min(max, MAX_PAGE)))
                .getResultList();
        return new PatientPage(patients, count.getSingleResult());
    }

    /** A page of patient ids and how many match in all pages. */
    public record PatientPage(List<String> patients, long total) {
    }

    /** Removes everything recorded for a realm (the realm is being deleted). */
    static void deleteRealm(EntityManager em, String realmId) {
        int changes = em.createQuery("delete from ChoiceChangeEntity c where c.realmId = :realm")
                .setParameter("realm", realmId).executeUpdate();
        em.createQuery("delete from CurrentChoiceEntity c where c.realmId = :realm")
                .setParameter("realm", realmId).executeUpdate();
        LOG.debugf("Removed %d sharing-choice changes of a deleted realm", changes);
    }

    private static ChoiceChange change(ChoiceChangeEntity row) {
        Choice choice = Choice.valueOf(row.getChoice());
        return new ChoiceChange(row.getPatient(), row.getSequence(), choice, value(choice, row.getPreviousValue()),
                value(choice, row.getNextValue()), row.getChangedBy(), ActingAs.valueOf(row.getActingAs()),
                Channel.valueOf(row.getChannel()), Optional.ofNullable(row.getReason()),
                Instant.ofEpochMilli(row.getChangedAt()));
    }

    private static ChoiceValue value(Choice choice, String name) {
        for (ChoiceValue value : choice.allowed()) {
            if (value.name().equals(name)) {
                return value;
            }
        }
        throw new IllegalStateException("stored value " + name + " is not a value of " + choice);
    }
}
