package org.payerauth.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.payerauth.apps.AppReview.Decision;
import org.payerauth.apps.AppReview.State;

/** The payer's approval step for apps: states, decisions, and which apps may have tokens. */
class AppReviewTest {

    @Test
    void appsNeverHeld_areApproved_unreadableStatesArePending() {
        assertEquals(State.APPROVED, State.of(null));
        assertEquals(State.APPROVED, State.of(" "));
        assertEquals(State.PENDING, State.of("pending"));
        assertEquals(State.REJECTED, State.of("REJECTED"));
        assertEquals(State.PENDING, State.of("maybe"), "fail closed");
    }

    @Test
    void onlyApprovedApps_mayHaveTokens() {
        assertEquals(Optional.empty(), AppReview.refusal(State.APPROVED));
        assertTrue(AppReview.refusal(State.PENDING).orElseThrow().contains("waiting for the health plan's review"));
        assertTrue(AppReview.refusal(State.REJECTED).orElseThrow().contains("not approved"));
    }

    @Test
    void decisions_moveTheStateOrSayWhyTheyDoNotApply() {
        assertEquals(State.APPROVED, AppReview.next(State.PENDING, Decision.APPROVE));
        assertEquals(State.APPROVED, AppReview.next(State.REJECTED, Decision.APPROVE));
        assertEquals(State.REJECTED, AppReview.next(State.PENDING, Decision.REJECT));
        assertEquals(State.REJECTED, AppReview.next(State.APPROVED, Decision.REVOKE));
        assertTrue(assertThrows(IllegalStateException.class, () -> AppReview.next(State.APPROVED, Decision.REJECT))
                .getMessage().contains("revoke"));
        assertThrows(IllegalStateException.class, () -> AppReview.next(State.PENDING, Decision.REVOKE));
        assertThrows(IllegalStateException.class, () -> AppReview.next(State.APPROVED, Decision.APPROVE));
        assertEquals(Optional.of(Decision.REVOKE), Decision.of("revoke"));
        assertEquals(Optional.empty(), Decision.of("delete"));
    }

    @Test
    void rejectingOrRevoking_needsAReason_approvingDoesNot() {
        assertEquals(Optional.empty(), AppReview.reasonProblem(Decision.APPROVE, null));
        assertEquals(Optional.empty(), AppReview.reasonProblem(Decision.REJECT, "Sends tokens to an unknown host"));
        assertTrue(AppReview.reasonProblem(Decision.REJECT, " ").orElseThrow().contains("reason is required"));
        assertTrue(AppReview.reasonProblem(Decision.REVOKE, null).isPresent());
        assertTrue(AppReview.reasonProblem(Decision.APPROVE, "x".repeat(AppReview.MAX_REASON + 1)).orElseThrow()
                .contains("longer than 1000"));
    }
}
