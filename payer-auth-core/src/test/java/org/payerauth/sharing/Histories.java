package org.payerauth.sharing;

import java.time.Instant;

import org.payerauth.sharing.ChoiceChange.ActingAs;
import org.payerauth.sharing.ChoiceChange.Channel;

/** Test fixtures: histories built through the same path the account page and the console take. */
final class Histories {

    static final String KIM = "kim-2002";
    static final String MONA = "mona-2015";
    static final String KIM_USER = "7b0e3c1a-kim";
    static final String PARENT_USER = "c41d9e20-parent";
    static final String STAFF_USER = "staff-0042";
    static final Instant T1 = Instant.parse("2027-01-05T10:15:30Z");
    static final Instant T2 = Instant.parse("2027-02-01T08:00:00Z");
    static final Instant T3 = Instant.parse("2027-03-15T16:45:00Z");

    private Histories() {
    }

    /** {@code history} with the member's own change from {@code believed} to {@code requested} on the account page. */
    static ChoiceHistory byMember(ChoiceHistory history, Choice choice, ChoiceValue believed, ChoiceValue requested, Instant at)
            throws SharingException {
        return change(history, choice, believed, requested, KIM_USER, ActingAs.MEMBER_SELF, Channel.ACCOUNT_PAGE, null, at);
    }

    static ChoiceHistory change(ChoiceHistory history, Choice choice, ChoiceValue believed, ChoiceValue requested, String by,
                                ActingAs actingAs, Channel channel, String reason, Instant at) throws SharingException {
        ChoiceHistory.Request request = new ChoiceHistory.Request(choice, believed.name(), requested.name(), by, actingAs,
                channel, reason);
        return history.append(history.next(request, SharingDefaults.CONSERVATIVE, at));
    }
}
