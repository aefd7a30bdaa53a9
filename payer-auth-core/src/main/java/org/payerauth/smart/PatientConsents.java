package org.payerauth.smart;

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
 * <p>An app with a Keycloak consent but no record at all was allowed before records existed: that consent covers
 * every patient (so an upgrade asks nobody again). Once an app has a record, a patient without one asks again.
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

    /** Whether the app has any record (otherwise a Keycloak consent of the app predates records). */
    public boolean recordedFor(String app) {
        return entries.stream().anyMatch(e -> e.app().equals(app));
    }

    /** The scopes allowed to {@code app} for {@code patient}, if a record exists. */
    public Optional<Set<String>> scopes(String app, String patient) {
        return entries.stream().filter(e -> e.app().equals(app) && e.patient().equals(patient)).findFirst().map(Entry::scopes);
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
