package org.payerauth.udap.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/**
 * Security review 2 L4: a realm registers at no more than its limit of new identity providers in any hour, counted
 * across nodes in the shared single-use store.
 */
class NewIdentityProviderBudgetTest {

    /** The single-use store with a clock: a key is held until its lifespan ends. */
    private static final class Store implements NewIdentityProviderBudget.Slots {
        long now;
        final Map<String, Long> heldUntil = new HashMap<>();
        int asked;

        @Override
        public boolean claim(String key, long lifespanSeconds) {
            asked++;
            Long until = heldUntil.get(key);
            if (until != null && until > now) {
                return false;
            }
            heldUntil.put(key, now + lifespanSeconds);
            return true;
        }

        @Override
        public void release(String key) {
            heldUntil.remove(key);
        }
    }

    private final Store store = new Store();

    @Test
    void at_most_the_limit_of_first_registrations_in_an_hour_then_invalid_idp() throws UdapException {
        NewIdentityProviderBudget budget = new NewIdentityProviderBudget(store, "realm-1", 3);
        Set<String> slots = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            slots.add(budget.claim());
            store.now += 60;
        }
        assertEquals(3, slots.size(), "each registration holds its own slot");
        UdapException e = assertThrows(UdapException.class, budget::claim);
        assertEquals(Reason.IDENTITY_PROVIDER_LIMIT_REACHED, e.reason());
        assertEquals("invalid_idp", e.error());
        assertEquals(true, e.description().contains("3 new identity providers"), e.description());
    }

    @Test
    void a_slot_is_free_again_one_hour_after_its_registration_so_no_hour_holds_more_than_the_limit() throws UdapException {
        NewIdentityProviderBudget budget = new NewIdentityProviderBudget(store, "realm-1", 2);
        budget.claim();                      // t = 0
        store.now = 1800;
        budget.claim();                      // t = 30 min
        store.now = 3599;
        assertThrows(UdapException.class, budget::claim, "two in the hour [0, 3600)");
        store.now = 3600;
        budget.claim();                      // the first one's hour is over
        store.now = 5399;
        assertThrows(UdapException.class, budget::claim, "two in the hour [1800, 5400)");
    }

    @Test
    void a_failed_registration_gives_its_slot_back() throws UdapException {
        NewIdentityProviderBudget budget = new NewIdentityProviderBudget(store, "realm-1", 1);
        String slot = budget.claim();
        budget.release(slot);
        assertEquals(slot, budget.claim());
        assertThrows(UdapException.class, budget::claim);
    }

    @Test
    void realms_have_their_own_budgets() throws UdapException {
        String one = new NewIdentityProviderBudget(store, "realm-1", 1).claim();
        String two = new NewIdentityProviderBudget(store, "realm-2", 1).claim();
        assertNotEquals(one, two);
        assertThrows(UdapException.class, () -> new NewIdentityProviderBudget(store, "realm-1", 1).claim());
    }

    @Test
    void claiming_asks_the_store_at_most_the_limit_times() {
        NewIdentityProviderBudget budget = new NewIdentityProviderBudget(store, "realm-1", 5);
        for (int i = 0; i < 5; i++) {
            store.heldUntil.put("udap-tiered-new-idp:realm-1:" + i, Long.MAX_VALUE);
        }
        assertThrows(UdapException.class, budget::claim);
        assertEquals(5, store.asked);
    }

    @Test
    void a_limit_below_one_is_a_programming_error() {
        assertThrows(IllegalArgumentException.class, () -> new NewIdentityProviderBudget(store, "realm-1", 0));
    }
}
