package org.payerauth.udap.registration;

import java.util.Locale;

import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/**
 * An administrator's block of a registered app, read from one of its registrations (one client per trust community
 * and {@code iss}). Registrations are per community (UDAP DCR: a registration with the same community and {@code iss}
 * modifies that registration and never one made in another community), but a block is about the app: unless the
 * administrator confined it to its community, it refuses the app's registrations in every community of the server
 * (security review 2, L8).
 *
 * @param blocked whether the registration is blocked: marked blocked, or disabled by the administrator (a
 *                registration the app cancelled itself is disabled too, but is no block)
 * @param scope   where the block applies
 */
public record AdminBlock(boolean blocked, Scope scope) {

    /** Where a block applies. */
    public enum Scope {
        /** The app's registrations in every trust community (the default). */
        EVERY_COMMUNITY,
        /** Only the registration's own community: the app may register in the others. */
        OWN_COMMUNITY;

        /** The value of the scope setting that confines a block to its community; anything else, or none, does not. */
        public static final String OWN_COMMUNITY_VALUE = "community";

        /** Fails closed: only the exact word {@value #OWN_COMMUNITY_VALUE} (any case) narrows a block. */
        public static Scope parse(String value) {
            return value != null && OWN_COMMUNITY_VALUE.equals(value.trim().toLowerCase(Locale.ROOT))
                    ? OWN_COMMUNITY : EVERY_COMMUNITY;
        }
    }

    /**
     * @param markedBlocked the registration's blocked mark ({@code "true"}, any case, blocks)
     * @param enabled       whether its client is enabled
     * @param cancelled     whether the app cancelled it
     * @param scopeSetting  the administrator's choice of {@link Scope} (null: every community)
     */
    public static AdminBlock of(String markedBlocked, boolean enabled, boolean cancelled, String scopeSetting) {
        boolean blocked = "true".equalsIgnoreCase(markedBlocked == null ? null : markedBlocked.trim())
                || (!enabled && !cancelled);
        return new AdminBlock(blocked, Scope.parse(scopeSetting));
    }

    /** Whether this block refuses a registration of the same {@code iss} in another trust community. */
    public boolean refusesOtherCommunities() {
        return blocked && scope == Scope.EVERY_COMMUNITY;
    }

    /** The refusal of a registration in the block's own community. */
    public static UdapException refusalHere() {
        return new UdapException(Reason.REGISTRATION_BLOCKED,
                "This app was disabled or blocked by the administrator of this server; contact the payer");
    }

    /** The refusal of a registration in another community than the block's ({@code blockedIn}). */
    public static UdapException refusalElsewhere(String blockedIn) {
        return new UdapException(Reason.REGISTRATION_BLOCKED, "This app (its iss) was disabled or blocked by the "
                + "administrator of this server in trust community " + blockedIn
                + ", which holds for every community; contact the payer");
    }
}
