package org.payerauth.udap.tiered;

import java.time.Duration;

import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/**
 * How many identity providers a realm registers at for the first time in any hour (security review 2 L4). Anyone can
 * start a Tiered login naming any IdP a trusted community vouches for, and an IdP certificate with many SAN URIs is
 * many IdPs; without this bound such logins could fill the realm's {@code maxIdentityProviders} before a member signs
 * in. Registering again at a known IdP never counts.
 *
 * <p>The budget is {@code perHour} slots in a store every node shares (Keycloak's single-use store): a first
 * registration claims a free slot for {@link #WINDOW}, so at any moment at most {@code perHour} registrations of the
 * last hour hold one, and no hour holds more. A registration that fails gives its slot back. Claiming asks the store
 * at most {@code perHour} times, only for a first registration.
 */
public final class NewIdentityProviderBudget {

    /** How long a first registration counts. */
    public static final Duration WINDOW = Duration.ofHours(1);

    /** The shared store of slots. */
    public interface Slots {

        /** @return true when the key was free and is now held for {@code lifespanSeconds} */
        boolean claim(String key, long lifespanSeconds);

        void release(String key);
    }

    private final Slots slots;
    private final String realmId;
    private final int perHour;

    public NewIdentityProviderBudget(Slots slots, String realmId, int perHour) {
        if (perHour < 1) {
            throw new IllegalArgumentException("perHour must be at least 1");
        }
        this.slots = slots;
        this.realmId = realmId;
        this.perHour = perHour;
    }

    /**
     * Claims a slot for one first registration.
     *
     * @return the slot, to {@link #release} if the registration fails
     * @throws UdapException {@link Reason#IDENTITY_PROVIDER_LIMIT_REACHED} when every slot is held
     */
    public String claim() throws UdapException {
        for (int i = 0; i < perHour; i++) {
            String key = key(i);
            if (slots.claim(key, WINDOW.toSeconds())) {
                return key;
            }
        }
        throw new UdapException(Reason.IDENTITY_PROVIDER_LIMIT_REACHED, "This server has registered at " + perHour
                + " new identity providers within the last hour, its limit; try again later");
    }

    /** Gives a slot back (its registration failed, so it made no identity provider). */
    public void release(String slot) {
        slots.release(slot);
    }

    private String key(int slot) {
        return "udap-tiered-new-idp:" + realmId + ":" + slot;
    }
}
