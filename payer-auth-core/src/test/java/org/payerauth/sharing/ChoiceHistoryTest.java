package org.payerauth.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.payerauth.sharing.Histories.KIM;
import static org.payerauth.sharing.Histories.KIM_USER;
import static org.payerauth.sharing.Histories.MONA;
import static org.payerauth.sharing.Histories.PARENT_USER;
import static org.payerauth.sharing.Histories.STAFF_USER;
import static org.payerauth.sharing.Histories.T1;
import static org.payerauth.sharing.Histories.T2;
import static org.payerauth.sharing.Histories.T3;
import static org.payerauth.sharing.Histories.byMember;
import static org.payerauth.sharing.Histories.change;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.payerauth.sharing.ChoiceChange.ActingAs;
import org.payerauth.sharing.ChoiceChange.Channel;

class ChoiceHistoryTest {

    private static final SharingDefaults DEFAULTS = SharingDefaults.CONSERVATIVE;

    private static ChoiceHistory.Request request(Choice choice, String believed, String requested) {
        return new ChoiceHistory.Request(choice, believed, requested, KIM_USER, ActingAs.MEMBER_SELF, Channel.ACCOUNT_PAGE, null);
    }

    @Test
    void every_change_keeps_the_previous_value() throws SharingException {
        ChoiceHistory history = byMember(ChoiceHistory.empty(KIM), Choice.PROVIDER_ACCESS, ProviderAccess.SHARED,
                ProviderAccess.OPTED_OUT, T1);
        history = change(history, Choice.PAYER_TO_PAYER, PayerToPayer.NOT_SHARED, PayerToPayer.ALL_DATA, PARENT_USER,
                ActingAs.REPRESENTATIVE, Channel.API, null, T2);
        ChoiceHistory later = byMember(history, Choice.PROVIDER_ACCESS, ProviderAccess.OPTED_OUT, ProviderAccess.SHARED, T3);

        assertEquals(3, later.changes().size());
        ChoiceChange first = later.changes().get(0);
        assertEquals(new ChoiceChange(KIM, 1, Choice.PROVIDER_ACCESS, ProviderAccess.SHARED, ProviderAccess.OPTED_OUT,
                KIM_USER, ActingAs.MEMBER_SELF, Channel.ACCOUNT_PAGE, Optional.empty(), T1), first);
        ChoiceChange third = later.changes().get(2);
        assertEquals(3, third.sequence());
        assertEquals(ProviderAccess.OPTED_OUT, third.previous());
        assertEquals(ProviderAccess.SHARED, third.next());
        assertEquals(PARENT_USER, later.changes().get(1).changedBy());
        assertEquals(ActingAs.REPRESENTATIVE, later.changes().get(1).actingAs());
        // nothing was overwritten: the earlier history is as it was, and the later one starts with it
        assertEquals(2, history.changes().size());
        assertEquals(history.changes(), later.changes().subList(0, 2));
        assertEquals(Optional.of(first), later.changeBefore(third));
        assertEquals(new SharingChoices(ProviderAccess.SHARED, PayerToPayer.ALL_DATA, SensitiveData.EXCLUDE), later.current(DEFAULTS));
    }

    @Test
    void the_member_may_change_a_choice_at_any_time() throws SharingException {
        ChoiceHistory history = ChoiceHistory.empty(KIM);
        ProviderAccess[] values = {ProviderAccess.SHARED, ProviderAccess.OPTED_OUT, ProviderAccess.SHARED, ProviderAccess.OPTED_OUT};
        for (int i = 1; i < values.length; i++) {
            history = byMember(history, Choice.PROVIDER_ACCESS, values[i - 1], values[i], T1.plusSeconds(i));
            assertEquals(values[i], history.current(DEFAULTS).providerAccess());
        }
        assertEquals(3, history.changes().size());
    }

    @Test
    void a_stale_choice_is_refused_and_the_history_is_unchanged() throws SharingException {
        ChoiceHistory history = byMember(ChoiceHistory.empty(KIM), Choice.PROVIDER_ACCESS, ProviderAccess.SHARED,
                ProviderAccess.OPTED_OUT, T1);
        List<ChoiceChange> before = history.changes();

        // a second tab still shows SHARED and asks to opt out again (or to stay shared): both stale
        for (String requested : List.of("OPTED_OUT", "SHARED")) {
            SharingException e = assertThrows(SharingException.class,
                    () -> history.next(request(Choice.PROVIDER_ACCESS, "SHARED", requested), DEFAULTS, T2));
            assertEquals(SharingRefusal.STALE_CHOICE, e.refusal());
            assertEquals(409, e.httpStatus());
        }
        assertEquals(before, history.changes());
        assertEquals(ProviderAccess.OPTED_OUT, history.current(DEFAULTS).providerAccess());
    }

    @Test
    void of_two_writers_starting_from_the_same_state_only_the_first_is_recorded() throws SharingException {
        ChoiceHistory loaded = ChoiceHistory.empty(KIM);
        ChoiceChange member = loaded.next(request(Choice.PAYER_TO_PAYER, "NOT_SHARED", "ALL_DATA"), DEFAULTS, T1);
        ChoiceChange representative = loaded.next(new ChoiceHistory.Request(Choice.PAYER_TO_PAYER, "NOT_SHARED",
                "ALL_EXCEPT_SENSITIVE", PARENT_USER, ActingAs.REPRESENTATIVE, Channel.API, null), DEFAULTS, T1);

        ChoiceHistory stored = loaded.append(member);
        SharingException e = assertThrows(SharingException.class, () -> stored.append(representative));
        assertEquals(SharingRefusal.STALE_CHOICE, e.refusal());
        assertEquals(1, stored.changes().size());
        assertEquals(PayerToPayer.ALL_DATA, stored.current(DEFAULTS).payerToPayer());
        // appending never changes the history appended to
        assertEquals(0, loaded.changes().size());
    }

    @Test
    void a_change_that_changes_nothing_is_refused() {
        ChoiceHistory history = ChoiceHistory.empty(KIM);
        SharingException e = assertThrows(SharingException.class,
                () -> history.next(request(Choice.PROVIDER_ACCESS, "SHARED", "SHARED"), DEFAULTS, T1));
        assertEquals(SharingRefusal.NOTHING_CHANGES, e.refusal());
        assertEquals(400, e.httpStatus());
        assertEquals(SharingRefusal.NOTHING_CHANGES, assertThrows(SharingException.class,
                () -> history.next(request(Choice.SENSITIVE_DATA_FOR_APPS, "EXCLUDE", "EXCLUDE"), DEFAULTS, T1)).refusal());
    }

    @Test
    void staff_changes_need_a_reason() throws SharingException {
        ChoiceHistory history = ChoiceHistory.empty(KIM);
        for (String reason : new String[] {null, "", "   "}) {
            ChoiceHistory.Request noReason = new ChoiceHistory.Request(Choice.PROVIDER_ACCESS, "SHARED", "OPTED_OUT",
                    STAFF_USER, ActingAs.STAFF, Channel.ADMIN_CONSOLE, reason);
            SharingException e = assertThrows(SharingException.class, () -> history.next(noReason, DEFAULTS, T1));
            assertEquals(SharingRefusal.REASON_REQUIRED, e.refusal());
        }
        ChoiceChange withReason = history.next(new ChoiceHistory.Request(Choice.PROVIDER_ACCESS, "SHARED", "OPTED_OUT",
                STAFF_USER, ActingAs.STAFF, Channel.ADMIN_CONSOLE, "  member called, ticket 8841 "), DEFAULTS, T1);
        assertEquals(Optional.of("member called, ticket 8841"), withReason.reason());
        // a record without one cannot even be built (a stored staff change always says why)
        assertThrows(IllegalArgumentException.class, () -> new ChoiceChange(KIM, 1, Choice.PROVIDER_ACCESS,
                ProviderAccess.SHARED, ProviderAccess.OPTED_OUT, STAFF_USER, ActingAs.STAFF, Channel.ADMIN_CONSOLE,
                Optional.of(" "), T1));
        // a member needs none
        assertEquals(Optional.empty(), history.next(request(Choice.PROVIDER_ACCESS, "SHARED", "OPTED_OUT"), DEFAULTS, T1).reason());
    }

    @Test
    void an_unknown_value_is_refused() {
        ChoiceHistory history = ChoiceHistory.empty(KIM);
        for (String[] values : new String[][] {{"SHARED", "MAYBE"}, {"SHARED", null}, {null, "OPTED_OUT"}, {"SHARED", "INCLUDE"}}) {
            SharingException e = assertThrows(SharingException.class,
                    () -> history.next(request(Choice.PROVIDER_ACCESS, values[0], values[1]), DEFAULTS, T1));
            assertEquals(SharingRefusal.UNKNOWN_VALUE, e.refusal());
        }
    }

    @Test
    void a_stored_history_that_is_not_one_history_is_rejected() {
        ChoiceChange optOut = new ChoiceChange(KIM, 1, Choice.PROVIDER_ACCESS, ProviderAccess.SHARED,
                ProviderAccess.OPTED_OUT, KIM_USER, ActingAs.MEMBER_SELF, Channel.ACCOUNT_PAGE, Optional.empty(), T1);
        ChoiceChange optOutAgain = new ChoiceChange(KIM, 2, Choice.PROVIDER_ACCESS, ProviderAccess.SHARED,
                ProviderAccess.OPTED_OUT, KIM_USER, ActingAs.MEMBER_SELF, Channel.ACCOUNT_PAGE, Optional.empty(), T2);
        ChoiceChange gap = new ChoiceChange(KIM, 3, Choice.PAYER_TO_PAYER, PayerToPayer.NOT_SHARED,
                PayerToPayer.ALL_DATA, KIM_USER, ActingAs.MEMBER_SELF, Channel.ACCOUNT_PAGE, Optional.empty(), T2);
        ChoiceChange monas = new ChoiceChange(MONA, 2, Choice.PAYER_TO_PAYER, PayerToPayer.NOT_SHARED,
                PayerToPayer.ALL_DATA, KIM_USER, ActingAs.REPRESENTATIVE, Channel.ACCOUNT_PAGE, Optional.empty(), T2);

        assertEquals(1, ChoiceHistory.of(KIM, List.of(optOut)).changes().size());
        assertThrows(IllegalArgumentException.class, () -> ChoiceHistory.of(KIM, List.of(optOut, optOutAgain)));
        assertThrows(IllegalArgumentException.class, () -> ChoiceHistory.of(KIM, List.of(optOut, gap)));
        assertThrows(IllegalArgumentException.class, () -> ChoiceHistory.of(KIM, List.of(optOut, monas)));
        assertThrows(IllegalArgumentException.class, () -> ChoiceHistory.of("not a fhir id", List.of()));
        // Payer-to-Payer starts not shared: a first change "from ALL_DATA" was never made here
        ChoiceChange withdrawalOfNothing = new ChoiceChange(KIM, 1, Choice.PAYER_TO_PAYER, PayerToPayer.ALL_DATA,
                PayerToPayer.NOT_SHARED, KIM_USER, ActingAs.MEMBER_SELF, Channel.ACCOUNT_PAGE, Optional.empty(), T1);
        assertThrows(IllegalArgumentException.class, () -> ChoiceHistory.of(KIM, List.of(withdrawalOfNothing)));
        SharingException e = assertThrows(SharingException.class, () -> ChoiceHistory.empty(KIM).append(withdrawalOfNothing));
        assertEquals(SharingRefusal.STALE_CHOICE, e.refusal());
        // the sensitive-data default is a realm setting that may have changed: either first value reads back
        for (SensitiveData from : SensitiveData.values()) {
            ChoiceChange first = new ChoiceChange(KIM, 1, Choice.SENSITIVE_DATA_FOR_APPS, from,
                    from == SensitiveData.INCLUDE ? SensitiveData.EXCLUDE : SensitiveData.INCLUDE, KIM_USER,
                    ActingAs.MEMBER_SELF, Channel.ACCOUNT_PAGE, Optional.empty(), T1);
            assertEquals(1, ChoiceHistory.of(KIM, List.of(first)).changes().size());
        }
    }

    @Test
    void a_change_record_holds_only_a_real_change_of_one_choice() {
        assertThrows(IllegalArgumentException.class, () -> new ChoiceChange(KIM, 1, Choice.PROVIDER_ACCESS,
                ProviderAccess.SHARED, ProviderAccess.SHARED, KIM_USER, ActingAs.MEMBER_SELF, Channel.API, Optional.empty(), T1));
        assertThrows(IllegalArgumentException.class, () -> new ChoiceChange(KIM, 1, Choice.PROVIDER_ACCESS,
                PayerToPayer.NOT_SHARED, PayerToPayer.ALL_DATA, KIM_USER, ActingAs.MEMBER_SELF, Channel.API, Optional.empty(), T1));
        assertThrows(IllegalArgumentException.class, () -> new ChoiceChange(KIM, 0, Choice.PROVIDER_ACCESS,
                ProviderAccess.SHARED, ProviderAccess.OPTED_OUT, KIM_USER, ActingAs.MEMBER_SELF, Channel.API, Optional.empty(), T1));
        assertThrows(IllegalArgumentException.class, () -> new ChoiceChange(KIM, 1, Choice.PROVIDER_ACCESS,
                ProviderAccess.SHARED, ProviderAccess.OPTED_OUT, " ", ActingAs.MEMBER_SELF, Channel.API, Optional.empty(), T1));
    }
}
