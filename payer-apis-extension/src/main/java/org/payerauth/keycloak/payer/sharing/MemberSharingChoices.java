package org.payerauth.keycloak.payer.sharing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.payerauth.b2b.B2bApi;
import org.payerauth.b2b.MemberAccess;
import org.payerauth.sharing.PayerToPayer;
import org.payerauth.sharing.ProviderAccess;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.payerauth.keycloak.common.metrics.PayerAuthMetrics;
import org.payerauth.keycloak.common.patient.PatientDirectory;
import org.payerauth.keycloak.common.patient.PatientLinks;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.keycloak.payer.sharing.store.SharingChoiceStore;
import org.payerauth.sharing.Choice;
import org.payerauth.sharing.ChoiceChange;
import org.payerauth.sharing.ChoiceChange.ActingAs;
import org.payerauth.sharing.ChoiceHistory;
import org.payerauth.sharing.Representation;
import org.payerauth.sharing.SensitiveData;
import org.payerauth.sharing.SharingDefaults;
import org.payerauth.sharing.SharingException;
import org.payerauth.sharing.SharingRefusal;
import org.payerauth.sharing.WhoMayDecide;
import org.payerauth.smart.PatientChoice;

/**
 * A realm's members' data-sharing choices as the account page and staff see them: whose choices a user sees, and
 * recording a change (the core's rules decide; {@link SharingChoiceStore} keeps it). Events are the callers' (each
 * knows its channel's event type); the meter and the log line are here.
 */
public final class MemberSharingChoices {

    private static final Logger LOG = Logger.getLogger(MemberSharingChoices.class);

    /**
     * A patient whose choices a user sees.
     *
     * @param id        the FHIR {@code Patient.id}
     * @param name      what the account page shows
     * @param self      whether it is the user's own record
     * @param mayDecide whether the user may change the choices (themself, or a representative with decision rights)
     * @param relationship how the user acts for the patient ({@code parent}, …), null for the user's own record or
     *                     when the link does not say
     * @param accessEnds the last day the user acts for the patient (end date or age rule), null when none
     */
    public record MemberPatient(String id, String name, boolean self, boolean mayDecide, String relationship,
                                java.time.LocalDate accessEnds) {
        public MemberPatient(String id, String name, boolean self, boolean mayDecide) {
            this(id, name, self, mayDecide, null, null);
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PatientDirectory directory;
    private final SharingChoiceStore store;

    public MemberSharingChoices(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.directory = session.getProvider(PatientDirectory.class);
        this.store = SharingChoiceStore.of(session, realm);
    }

    public SharingChoiceStore store() {
        return store;
    }

    public SharingDefaults defaults() {
        return RealmSettings.of(session, realm).sharingDefaults();
    }

    /** Whether apps may get {@code patient}'s sensitive data now: the recorded choice, or the realm's default. */
    public boolean sensitiveDataIncluded(String patient) {
        return store.current(patient, Choice.SENSITIVE_DATA_FOR_APPS).orElse(defaults().sensitiveDataForApps())
                == SensitiveData.INCLUDE;
    }

    /**
     * Whether a client set up for {@code api} may have a token limited to {@code patient} now, from the patient's
     * current Provider Access and Payer-to-Payer choices (two indexed rows at most).
     */
    public MemberAccess.Decision memberAccess(String patient, B2bApi api) {
        if (api == null) {
            return MemberAccess.decide(null, ProviderAccess.SHARED, PayerToPayer.NOT_SHARED);
        }
        ProviderAccess providerAccess = api == B2bApi.PROVIDER_ACCESS
                ? (ProviderAccess) store.current(patient, Choice.PROVIDER_ACCESS).orElse(ProviderAccess.SHARED)
                : ProviderAccess.SHARED;
        PayerToPayer payerToPayer = api == B2bApi.PAYER_TO_PAYER
                ? (PayerToPayer) store.current(patient, Choice.PAYER_TO_PAYER).orElse(PayerToPayer.NOT_SHARED)
                : PayerToPayer.NOT_SHARED;
        return MemberAccess.decide(api, providerAccess, payerToPayer);
    }

    /**
     * The user's own patient first (if any), then the patients they act for today (a lapsed link is left out: no
     * decisions for that patient), in the directory's order, each with the day the user's access ends.
     */
    public List<MemberPatient> patientsOf(UserModel user) {
        Optional<String> own = directory.ownPatient(realm, user);
        List<PatientLinks.Link> listed = PatientLinks.of(session, realm).all(user).stream().filter(PatientLinks.Link::holds).toList();
        List<MemberPatient> patients = new ArrayList<>();
        own.ifPresent(id -> patients.add(new MemberPatient(id, listed.stream().filter(l -> l.patient().id().equals(id))
                .map(l -> l.patient().displayName()).findFirst().orElse(displayName(user)), true, true)));
        java.util.Set<String> seen = new java.util.HashSet<>(own.stream().toList());
        for (PatientLinks.Link link : listed) {
            PatientChoice patient = link.patient();
            if (seen.add(patient.id())) {
                patients.add(new MemberPatient(patient.id(), patient.displayName(), false,
                        directory.mayDecideFor(realm, user, patient.id()),
                        patient.relationship() == null ? null : patient.relationship().code(),
                        link.state().lastDay().orElse(null)));
            }
        }
        return patients;
    }

    /**
     * On whose behalf {@code user} may change {@code patient}'s choices.
     *
     * @throws SharingException {@link SharingRefusal#NOT_YOUR_PATIENT} or {@link SharingRefusal#NO_DECISION_RIGHTS}
     */
    public ActingAs actingAs(UserModel user, String patient) throws SharingException {
        List<MemberPatient> patients = patientsOf(user);
        String own = patients.stream().filter(MemberPatient::self).map(MemberPatient::id).findFirst().orElse(null);
        List<Representation> represented = patients.stream().filter(p -> !p.self())
                .map(p -> new Representation(p.id(), p.mayDecide())).toList();
        return WhoMayDecide.actingAs(own, represented, patient);
    }

    /**
     * Records {@code request} for {@code patient} (whose access the caller checked) and returns the recorded change.
     *
     * @throws SharingException the core's refusals (unknown value, stale, nothing changes, no reason) and a lost race
     */
    public ChoiceChange record(String patient, ChoiceHistory.Request request) throws SharingException {
        ChoiceHistory history = store.history(patient);
        ChoiceChange change = history.next(request, defaults(), Instant.ofEpochMilli(Time.currentTimeMillis()));
        history.append(change);
        store.append(change);
        PayerAuthMetrics.sharingChoiceChanged(realm.getName(), tag(change.choice().name()), tag(change.next().name()),
                tag(change.actingAs().name()));
        LOG.infof("Realm '%s': sharing choice %s of a patient changed from %s to %s by user id %s (%s, %s)",
                realm.getName(), change.choice(), change.previous().name(), change.next().name(), change.changedBy(),
                change.actingAs(), change.channel());
        return change;
    }

    private static String tag(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String displayName(UserModel user) {
        String first = user.getFirstName() == null ? "" : user.getFirstName();
        String last = user.getLastName() == null ? "" : user.getLastName();
        String name = (first + " " + last).trim();
        return name.isEmpty() ? user.getUsername() : name;
    }
}
