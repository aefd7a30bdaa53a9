package org.payerauth.smart;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.payerauth.oauth.SpaceDelimited;

/**
 * Consent per patient: which scopes a member (or representative) allowed an app for each patient. Kept as the
 * values of one multi-valued user attribute, one value per (app, patient): {@code <app id>|<patient id>|<scope …>}.
 * Keycloak's own consent store keeps the union over patients per app (so Keycloak's consent checks, the account
 * console's <em>Applications</em> page and its revocation keep working); these records say for whom.
 *
 * <p>A patient without a record for the app is not covered, with one exception that is written down, never
 * inferred from a missing record: a realm upgraded from a release without records names the instant records began
 * there (its setting {@code smart.consentsPerPatientSince}, set once, on the upgrade); a Keycloak consent last
 * written before that instant, of an app with no record, was given before records existed and covers every patient
 * ({@link #coversEveryPatient}), so the upgrade asks nobody again. Every consent page answered since rewrites the
 * app's Keycloak consent, so an app whose records an administrator deleted (or left malformed) covers nobody and
 * asks again; it never turns into a consent for every patient.
 */
public final class PatientConsents {

    private static final char SEPARATOR = '|';

    /** One (app, patient) record. */
    public record Entry(String app, String patient, Set<String> scopes) {
        String encode() {
            return app + SEPARATOR + patient + SEPARATOR + String.join(" ", new TreeSet<>(scopes));
        }

        static Optional<Entry> decode(String value) {
            if (value == null) {
                return Optional.empty();
            }
            int first = value.indexOf(SEPARATOR);
            int second = first < 0 ? -1 : value.indexOf(SEPARATOR, first + 1);
            if (first <= 0 || second <= first + 1) {
                return Optional.empty();
            }
            Set<String> scopes = Set.copyOf(SpaceDelimited.words(value.substring(second + 1)));
            return Optional.of(new Entry(value.substring(0, first), value.substring(first + 1, second), scopes));
        }
    }

    private final List<Entry> entries;

    private PatientConsents(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads the attribute values; values that are not records are ignored. */
    public static PatientConsents of(Collection<String> values) {
        List<Entry> entries = new ArrayList<>();
        if (values != null) {
            values.forEach(v -> Entry.decode(v).ifPresent(entries::add));
        }
        return new PatientConsents(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Whether the app has any record. */
    public boolean recordedFor(String app) {
        return entries.stream().anyMatch(e -> e.app().equals(app));
    }

    /** The scopes allowed to {@code app} for {@code patient}, if a record exists. */
    public Optional<Set<String>> scopes(String app, String patient) {
        return entries.stream().filter(e -> e.app().equals(app) && e.patient().equals(patient)).findFirst().map(Entry::scopes);
    }

    /**
     * Whether the app's Keycloak consent, last written at {@code consentWritten}, covers every patient: it predates
     * per-patient records in this realm ({@code recordsSince}, the realm's upgrade instant; none: no consent predates
     * them) and the app has no record. An unknown write time predates nothing.
     */
    public boolean coversEveryPatient(String app, Optional<Instant> consentWritten, Optional<Instant> recordsSince) {
        return recordsSince.isPresent() && consentWritten.isPresent() && consentWritten.get().isBefore(recordsSince.get())
                && !recordedFor(app);
    }

    /**
     * Whether the app's Keycloak consent (last written at {@code consentWritten}) covers {@code patient}: the patient's
     * record, or a consent from before records ({@link #coversEveryPatient}).
     */
    public boolean covers(String app, String patient, Optional<Instant> consentWritten, Optional<Instant> recordsSince) {
        return scopes(app, patient).isPresent() || coversEveryPatient(app, consentWritten, recordsSince);
    }

    /** {@code app} was allowed for {@code patient}: its record (created or widened by {@code scopes}). */
    public PatientConsents allow(String app, String patient, Collection<String> scopes) {
        Set<String> merged = new LinkedHashSet<>(scopes(app, patient).orElse(Set.of()));
        merged.addAll(scopes);
        List<Entry> next = new ArrayList<>(entries.stream().filter(e -> !(e.app().equals(app) && e.patient().equals(patient))).toList());
        next.add(new Entry(app, patient, Set.copyOf(merged)));
        return new PatientConsents(next);
    }

    /** Without the app's records (its Keycloak consent was created anew, or revoked). */
    public PatientConsents withoutApp(String app) {
        return new PatientConsents(entries.stream().filter(e -> !e.app().equals(app)).toList());
    }

    /** Without the record of {@code app} for {@code patient}. */
    public PatientConsents without(String app, String patient) {
        return new PatientConsents(entries.stream().filter(e -> !(e.app().equals(app) && e.patient().equals(patient))).toList());
    }

    /** The attribute values. */
    public List<String> values() {
        return entries.stream().map(Entry::encode).toList();
    }
}
