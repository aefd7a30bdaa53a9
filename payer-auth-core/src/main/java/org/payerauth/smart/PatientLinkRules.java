package org.payerauth.smart;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.payerauth.smart.PatientChoice.Relationship;

/**
 * When a link to a patient holds: from its first day ({@link PatientChoice#from}) through its last
 * ({@link PatientChoice#until}), and, for a relationship with an age rule, only until the day before the patient's
 * birthday of that age (a parent's access to a minor ends when the minor turns 18, by default). A link the rule
 * applies to without a readable birth date does not hold: the check cannot run, so it refuses.
 *
 * @param untilAge the age at which links of a relationship end; a relationship without an entry has no age rule
 */
public record PatientLinkRules(Map<Relationship, Integer> untilAge) {

    /** A parent's access to a minor's records ends at this age unless the realm says otherwise. */
    public static final int DEFAULT_PARENT_UNTIL_AGE = 18;

    public PatientLinkRules {
        untilAge = untilAge.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(untilAge));
        untilAge.forEach((relationship, age) -> {
            if (age < 1 || age > 150) {
                throw new IllegalArgumentException("age " + age + " for " + relationship.code() + " is not 1..150");
            }
        });
    }

    /** The default rules: parents until the patient turns {@value #DEFAULT_PARENT_UNTIL_AGE}, no other age rule. */
    public static PatientLinkRules defaults() {
        return new PatientLinkRules(Map.of(Relationship.PARENT, DEFAULT_PARENT_UNTIL_AGE));
    }

    /** Whether a link holds on a day, and if it does, its last day (when it has one). */
    public enum Status {
        ACTIVE, NOT_STARTED, ENDED, AGED_OUT, BIRTH_DATE_UNKNOWN;

        public boolean holds() {
            return this == ACTIVE;
        }
    }

    /**
     * @param status  whether the link holds
     * @param lastDay the link's last day (end date or age rule, the earlier), when it has one
     */
    public record State(Status status, Optional<LocalDate> lastDay) {

        /** Why the link does not hold, in words for a developer's {@code error_description} or a log; empty when it holds. */
        public Optional<String> refusal(LocalDate from) {
            return switch (status) {
                case ACTIVE -> Optional.empty();
                case NOT_STARTED -> Optional.of("the user's access to this patient starts on " + from);
                case ENDED, AGED_OUT -> Optional.of("the user's access to this patient ended after " + lastDay.orElseThrow()
                        + (status == Status.AGED_OUT ? " (the patient reached the age at which it ends)" : ""));
                case BIRTH_DATE_UNKNOWN -> Optional.of("the user's access to this patient ends at an age, and the "
                        + "patient's birth date is not known (YYYY-MM-DD)");
            };
        }
    }

    /** The age rule of a relationship, if any. */
    public OptionalInt untilAge(Relationship relationship) {
        Integer age = relationship == null ? null : untilAge.get(relationship);
        return age == null ? OptionalInt.empty() : OptionalInt.of(age);
    }

    /** The state of {@code link} on {@code today} (the realm's calendar day). */
    public State state(PatientChoice link, LocalDate today) {
        Optional<LocalDate> lastDay = Optional.ofNullable(link.until());
        OptionalInt age = untilAge(link.relationship());
        boolean agedOut = false;
        if (age.isPresent()) {
            LocalDate birthDate;
            try {
                birthDate = LocalDate.parse(link.birthDate());
            } catch (DateTimeParseException e) {
                return new State(Status.BIRTH_DATE_UNKNOWN, lastDay);
            }
            LocalDate lastDayByAge = birthDate.plusYears(age.getAsInt()).minusDays(1);
            if (lastDay.isEmpty() || lastDayByAge.isBefore(lastDay.get())) {
                lastDay = Optional.of(lastDayByAge);
                agedOut = true;
            }
        }
        if (link.from() != null && today.isBefore(link.from())) {
            return new State(Status.NOT_STARTED, lastDay);
        }
        if (lastDay.isPresent() && today.isAfter(lastDay.get())) {
            return new State(agedOut ? Status.AGED_OUT : Status.ENDED, lastDay);
        }
        return new State(Status.ACTIVE, lastDay);
    }
}
