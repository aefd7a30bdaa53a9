package org.payerauth.sharing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.payerauth.sharing.ChoiceChange.ActingAs;
import org.payerauth.sharing.ChoiceChange.Channel;
import org.payerauth.smart.PatientChoice;

/**
 * Every change of one patient's sharing choices, oldest first: append-only, nothing is ever overwritten. The current
 * choices are computed from it ({@link #current}); a requested new value becomes the next change only through
 * {@link #next}, which refuses what a member's form or an API call must not record.
 *
 * <p>Concurrency is optimistic, like a stale form: a request names the value it believed current, and is refused
 * when that is no longer the current value. {@link #append} refuses the same way a change produced from an older
 * history (another change got in first), so two writers can never both succeed from one state.
 */
public final class ChoiceHistory {

    /**
     * A requested new value, as a form or an API call sends it.
     *
     * @param choice          which choice to change
     * @param believedCurrent the value the requester saw as current (its {@link ChoiceValue#name()})
     * @param requested       the value asked for (its {@link ChoiceValue#name()})
     * @param changedBy       the user id of whoever asks (member, representative, staff member)
     * @param actingAs        on whose behalf: {@link WhoMayDecide} for members, {@link ActingAs#STAFF} for staff
     * @param channel         where the request came from
     * @param reason          why; required for staff, may be null otherwise
     */
    public record Request(Choice choice, String believedCurrent, String requested, String changedBy,
                          ActingAs actingAs, Channel channel, String reason) {

        public Request {
            Objects.requireNonNull(choice, "choice");
            Objects.requireNonNull(changedBy, "changedBy");
            Objects.requireNonNull(actingAs, "actingAs");
            Objects.requireNonNull(channel, "channel");
        }
    }

    private final String patient;
    private final List<ChoiceChange> changes;

    private ChoiceHistory(String patient, List<ChoiceChange> changes) {
        this.patient = patient;
        this.changes = List.copyOf(changes);
    }

    /** The history of a patient for whom nothing was recorded yet. */
    public static ChoiceHistory empty(String patient) {
        return of(patient, List.of());
    }

    /**
     * A stored history, read back.
     *
     * @throws IllegalArgumentException when it is not one history: another patient's change, a gap or a repeat in the
     *                                  sequence, or a change whose previous value is not the value the change
     *                                  before it (of the same choice) recorded, or, for a first change of Provider
     *                                  Access or Payer-to-Payer, not the default the rule fixes
     */
    public static ChoiceHistory of(String patient, List<ChoiceChange> changes) {
        if (!PatientChoice.isValidId(patient)) {
            throw new IllegalArgumentException("not a FHIR id: " + patient);
        }
        Map<Choice, ChoiceValue> last = new EnumMap<>(Choice.class);
        for (int i = 0; i < changes.size(); i++) {
            ChoiceChange change = changes.get(i);
            if (!change.patient().equals(patient)) {
                throw new IllegalArgumentException("change " + change.sequence() + " is about another patient");
            }
            if (change.sequence() != i + 1) {
                throw new IllegalArgumentException("change " + (i + 1) + " has sequence " + change.sequence());
            }
            ChoiceValue before = last.getOrDefault(change.choice(), fixedDefault(change.choice()));
            if (before != null && before != change.previous()) {
                throw new IllegalArgumentException("change " + change.sequence() + " does not follow the change before it");
            }
            last.put(change.choice(), change.next());
        }
        return new ChoiceHistory(patient, changes);
    }

    /**
     * The value a choice has before its first change where the rule fixes it (Provider Access shared, Payer-to-Payer
     * not shared); null for sensitive data, whose default is a realm setting that may have changed since.
     */
    private static ChoiceValue fixedDefault(Choice choice) {
        return switch (choice) {
            case PROVIDER_ACCESS -> ProviderAccess.SHARED;
            case PAYER_TO_PAYER -> PayerToPayer.NOT_SHARED;
            case SENSITIVE_DATA_FOR_APPS -> null;
        };
    }

    /** The FHIR {@code Patient.id} this history is about. */
    public String patient() {
        return patient;
    }

    /** Every change, oldest first (unmodifiable). */
    public List<ChoiceChange> changes() {
        return changes;
    }

    /** The latest change of {@code choice}, if it was ever changed. */
    public Optional<ChoiceChange> lastChange(Choice choice) {
        for (int i = changes.size() - 1; i >= 0; i--) {
            if (changes.get(i).choice() == choice) {
                return Optional.of(changes.get(i));
            }
        }
        return Optional.empty();
    }

    /** The change of {@code choice} before {@code change}, if there is one. */
    public Optional<ChoiceChange> changeBefore(ChoiceChange change) {
        for (int i = change.sequence() - 2; i >= 0; i--) {
            if (changes.get(i).choice() == change.choice()) {
                return Optional.of(changes.get(i));
            }
        }
        return Optional.empty();
    }

    /** The current choices: each choice's latest recorded value, or the default where none was recorded. */
    public SharingChoices current(SharingDefaults defaults) {
        SharingChoices current = SharingChoices.defaults(defaults);
        for (ChoiceChange change : changes) {
            current = current.with(change.next());
        }
        return current;
    }

    /**
     * The change that records {@code request}; the history itself is not changed ({@link #append} it).
     *
     * @param defaults the realm's defaults (what "current" is for a choice never recorded)
     * @param at       when the change is recorded
     * @throws SharingException {@link SharingRefusal#UNKNOWN_VALUE} for a missing or unknown value,
     *                          {@link SharingRefusal#REASON_REQUIRED} for a staff change without a reason,
     *                          {@link SharingRefusal#STALE_CHOICE} when the value the request believed current is
     *                          not, {@link SharingRefusal#NOTHING_CHANGES} when the requested value is the current one
     */
    public ChoiceChange next(Request request, SharingDefaults defaults, Instant at) throws SharingException {
        Choice choice = request.choice();
        ChoiceValue believed = choice.parse(request.believedCurrent());
        ChoiceValue requested = choice.parse(request.requested());
        Optional<String> reason = Optional.ofNullable(request.reason()).map(String::trim).filter(r -> !r.isEmpty());
        if (request.actingAs() == ActingAs.STAFF && reason.isEmpty()) {
            throw new SharingException(SharingRefusal.REASON_REQUIRED);
        }
        ChoiceValue current = current(defaults).value(choice);
        if (believed != current) {
            throw new SharingException(SharingRefusal.STALE_CHOICE);
        }
        if (requested == current) {
            throw new SharingException(SharingRefusal.NOTHING_CHANGES);
        }
        return new ChoiceChange(patient, changes.size() + 1, choice, current, requested, request.changedBy(),
                request.actingAs(), request.channel(), reason, at);
    }

    /**
     * This history with {@code change} added at its end; this history is not modified.
     *
     * @throws SharingException         {@link SharingRefusal#STALE_CHOICE} when the change was made from an older
     *                                  state of the history (its sequence is taken, or its previous value is no
     *                                  longer current)
     * @throws IllegalArgumentException when the change is about another patient
     */
    public ChoiceHistory append(ChoiceChange change) throws SharingException {
        if (!change.patient().equals(patient)) {
            throw new IllegalArgumentException("the change is about another patient");
        }
        ChoiceValue before = lastChange(change.choice()).map(ChoiceChange::next).orElse(fixedDefault(change.choice()));
        boolean follows = change.sequence() == changes.size() + 1 && (before == null || before == change.previous());
        if (!follows) {
            throw new SharingException(SharingRefusal.STALE_CHOICE);
        }
        List<ChoiceChange> next = new ArrayList<>(changes);
        next.add(change);
        return new ChoiceHistory(patient, next);
    }
}
