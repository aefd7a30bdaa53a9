package org.payerauth.apps;

import java.util.Locale;
import java.util.Optional;

/**
 * The payer's review of an app (an approval step a payer may switch on): an app registered while the step is on waits
 * ({@link State#PENDING}) until an administrator approves it; it gets no tokens before, nor after it was rejected or
 * its approval revoked. Apps that were never held (registered before the step, or while it is off) count as approved.
 * The payer may refuse an app only for a demonstrated security risk (CMS); the reason is recorded with each decision.
 */
public final class AppReview {

    /** Where an app stands. */
    public enum State {
        PENDING, APPROVED, REJECTED;

        /** The value kept on the app. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** An app's stored state: none (never held) is approved; anything unreadable is pending (fail closed). */
        public static State of(String stored) {
            if (stored == null || stored.isBlank()) {
                return APPROVED;
            }
            try {
                return valueOf(stored.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return PENDING;
            }
        }
    }

    /** What an administrator decides. */
    public enum Decision {
        /** A pending or rejected app may have tokens. */
        APPROVE,
        /** A pending app may not. */
        REJECT,
        /** An approved app may no longer (its tokens stop at the next refresh). */
        REVOKE;

        public static Optional<Decision> of(String value) {
            if (value == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    private AppReview() {
    }

    /**
     * The state after {@code decision}.
     *
     * @throws IllegalStateException naming why when the decision does not apply to the state (e.g. revoking a pending
     *                               app: reject it instead)
     */
    public static State next(State current, Decision decision) {
        return switch (decision) {
            case APPROVE -> {
                if (current == State.APPROVED) {
                    throw new IllegalStateException("The app is already approved");
                }
                yield State.APPROVED;
            }
            case REJECT -> {
                if (current != State.PENDING) {
                    throw new IllegalStateException("Only an app waiting for review can be rejected; "
                            + (current == State.APPROVED ? "revoke the approval instead" : "it is already rejected"));
                }
                yield State.REJECTED;
            }
            case REVOKE -> {
                if (current != State.APPROVED) {
                    throw new IllegalStateException("Only an approved app can have its approval revoked");
                }
                yield State.REJECTED;
            }
        };
    }

    /** The longest reason kept with a decision. */
    public static final int MAX_REASON = 1000;

    /**
     * What is wrong with the reason given for {@code decision}; empty when it will do. Rejecting an app or revoking
     * its approval needs a reason (CMS: only for a demonstrated security risk); approving does not.
     */
    public static Optional<String> reasonProblem(Decision decision, String reason) {
        String given = reason == null ? "" : reason.trim();
        if (decision != Decision.APPROVE && given.isEmpty()) {
            return Optional.of("A reason is required to reject an app or revoke its approval (a demonstrated security risk)");
        }
        if (given.length() > MAX_REASON) {
            return Optional.of("The reason is longer than " + MAX_REASON + " characters");
        }
        return Optional.empty();
    }

    /** Why an app in {@code state} may not have tokens (an {@code unauthorized_client} description); empty when it may. */
    public static Optional<String> refusal(State state) {
        return switch (state) {
            case APPROVED -> Optional.empty();
            case PENDING -> Optional.of("This app is waiting for the health plan's review and cannot be used yet; "
                    + "try again after the health plan has approved it");
            case REJECTED -> Optional.of("The health plan has not approved this app; it cannot be used");
        };
    }
}
