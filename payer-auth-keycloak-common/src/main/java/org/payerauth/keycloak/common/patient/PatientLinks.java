package org.payerauth.keycloak.common.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.payerauth.keycloak.common.settings.RealmSettings;
import org.payerauth.smart.PatientChoice;
import org.payerauth.smart.PatientLinkRules;

/**
 * The patients a user may act for <em>today</em>: the realm's {@link PatientDirectory}'s links, each checked against
 * its dates and the realm's age rules ({@link PatientLinkRules}) on the realm's calendar day
 * ({@link RealmSettings#LINKS_TIME_ZONE}, Keycloak's clock). Every use of a link goes through here: the picker,
 * every token (code exchange and each refresh, offline ones included), introspection, the consent page, the account
 * pages and members' data-sharing choices, so a link that has lapsed stops working everywhere at once.
 */
public final class PatientLinks {

    /** A link and its state today. */
    public record Link(PatientChoice patient, PatientLinkRules.State state) {
        public boolean holds() {
            return state.status().holds();
        }

        /** Why the link does not hold (empty when it does). */
        public Optional<String> refusal() {
            return state.refusal(patient.from());
        }
    }

    private final RealmModel realm;
    private final PatientDirectory directory;
    private final PatientLinkRules rules;
    private final LocalDate today;

    private PatientLinks(RealmModel realm, PatientDirectory directory, PatientLinkRules rules, LocalDate today) {
        this.realm = realm;
        this.directory = directory;
        this.rules = rules;
        this.today = today;
    }

    public static PatientLinks of(KeycloakSession session, RealmModel realm) {
        RealmSettings settings = RealmSettings.of(session, realm);
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(Time.currentTimeMillis()), settings.linksTimeZone());
        return new PatientLinks(realm, session.getProvider(PatientDirectory.class), settings.patientLinkRules(), today);
    }

    /** Every link of the user, in the directory's order, with its state today. */
    public List<Link> all(UserModel user) {
        return directory.patientsFor(realm, user).stream().map(p -> new Link(p, rules.state(p, today))).toList();
    }

    /** The patients the user may act for today, in the directory's order. */
    public List<PatientChoice> current(UserModel user) {
        return all(user).stream().filter(Link::holds).map(Link::patient).toList();
    }

    /**
     * The user's link to {@code patientId}: one that holds today if there is one, else a lapsed one (to say why);
     * empty when the user was never linked to the patient.
     */
    public Optional<Link> link(UserModel user, String patientId) {
        List<Link> links = all(user).stream().filter(l -> l.patient().id().equals(patientId)).toList();
        return links.stream().filter(Link::holds).findFirst().or(() -> links.stream().findFirst());
    }
}
