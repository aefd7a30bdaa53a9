package org.payerauth.udap.registration;

import java.time.Duration;
import java.util.OptionalInt;

import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/**
 * The realm's quota on UDAP registrations (reliability catalogue row 29). Both limits are asked only after every UDAP
 * check passed and before the statement's {@code jti} is recorded, so a refused request leaves it unused and forged
 * requests cannot use up a genuine app's allowance.
 *
 * @param maxClients  a new (community, {@code iss}) is refused once the realm holds this many clients, as Keycloak's
 *                    <em>Max Clients</em> policy counts (every client of the realm); empty: no limit. Updates and
 *                    cancels of an existing registration never count.
 * @param minInterval the shortest time between two accepted registrations of one (community, {@code iss}); zero: off
 */
public record RegistrationLimits(OptionalInt maxClients, Duration minInterval) {

    public RegistrationLimits {
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative");
        }
    }

    public static RegistrationLimits none() {
        return new RegistrationLimits(OptionalInt.empty(), Duration.ZERO);
    }

    /**
     * Refuses a new app when the realm already holds {@link #maxClients} clients. The realm is counted only when a
     * limit is set: a count of every client is one database query whose cost grows with the realm (hundreds of
     * milliseconds at 50k clients on H2), so a realm without a quota never pays it.
     */
    public void admitNewClient(java.util.function.LongSupplier clientsInRealm) throws UdapException {
        if (maxClients.isEmpty()) {
            return;
        }
        long count = clientsInRealm.getAsLong();
        if (count >= maxClients.getAsInt()) {
            throw new UdapException(Reason.REGISTRATION_LIMIT_REACHED, "This server accepts no new app registrations "
                    + "now: it holds " + count + " clients, its limit is " + maxClients.getAsInt()
                    + "; contact the payer");
        }
    }

    /** Refuses a registration that follows the app's last accepted one too soon ({@code recent}: one is on record). */
    public void admitAgain(boolean recent) throws UdapException {
        if (recent && throttles()) {
            throw new UdapException(Reason.REGISTRATION_THROTTLED, "This app registered less than "
                    + minInterval.toSeconds() + " seconds ago; sign a new software statement and retry after that");
        }
    }

    /** Whether registrations of one app are spaced at all. */
    public boolean throttles() {
        return !minInterval.isZero();
    }

    /**
     * The key under which an accepted registration of (community, {@code iss}) is remembered for {@link #minInterval}
     * in the server's single-use store (shared by every node).
     */
    public static String throttleKey(String realmId, String communityUri, String iss) {
        return "udap-dcr-recent:" + realmId + ":" + communityUri.length() + ":" + communityUri + iss;
    }
}
