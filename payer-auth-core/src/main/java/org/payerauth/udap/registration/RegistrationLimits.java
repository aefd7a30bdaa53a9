package org.payerauth.udap.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/**
 * The realm's quota on UDAP registrations (reliability catalogue row 29). Both limits are asked only after every UDAP
 * check passed and before the statement's {@code jti} is recorded, so a refused request leaves it unused and forged
 * requests cannot use up a genuine app's allowance.
 *
 * <p>Both hold under concurrency, on one node or many (security review 2, L7): a registration that passes takes a
 * {@link Hold} in the cluster-wide {@link ReservationStore} before anything is written, and one that is refused later
 * gives its holds back ({@link Hold#release}).
 * <ul>
 *   <li>{@link #admitNewClient}: the places of the quota are numbered; a new app counts the realm's clients
 *       {@code c} and takes the first free place {@code n} with {@code c <= n < maxClients}. Two registrations that
 *       counted the same {@code c} cannot take the same place, so the places a burst can take are at most
 *       {@code maxClients - c}. A place is kept for {@link #PLACE_LIFESPAN} after it was taken, also once its client
 *       is written (the client is counted from then on, but a registration that counted just before the write must
 *       still find the place taken); a registration that holds a place must write within {@link #WRITE_WITHIN}, so
 *       it never commits after its place expired. The price: a place freed by an administrator's deletion of a
 *       client is usable only once the places above the count expired (at most {@link #PLACE_LIFESPAN}).</li>
 *   <li>{@link #admitAgain}: one reservation per (realm, community, {@code iss}) for {@link #minInterval}: of several
 *       registrations of one app at once, one passes.</li>
 * </ul>
 *
 * @param maxClients  a new (community, {@code iss}) is refused once the realm holds this many clients, as Keycloak's
 *                    <em>Max Clients</em> policy counts (every client of the realm); empty: no limit. Updates and
 *                    cancels of an existing registration never count.
 * @param minInterval the shortest time between two accepted registrations of one (community, {@code iss}); zero: off
 */
public record RegistrationLimits(OptionalInt maxClients, Duration minInterval) {

    /** How long a place in the quota stays taken after a new registration took it. */
    public static final Duration PLACE_LIFESPAN = Duration.ofSeconds(60);
    /** A registration holding a place commits its client within this time of taking it, or not at all. */
    public static final Duration WRITE_WITHIN = Duration.ofSeconds(30);
    /** A hold this close to its end is left to expire rather than released: someone else may hold the key by then. */
    static final Duration RELEASE_MARGIN = Duration.ofSeconds(2);

    public RegistrationLimits {
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative");
        }
    }

    public static RegistrationLimits none() {
        return new RegistrationLimits(OptionalInt.empty(), Duration.ZERO);
    }

    /**
     * Admits a new app within {@link #maxClients}: takes a place in the quota ({@link Hold#NONE} without a quota) or
     * refuses. The realm is counted only when a limit is set: a count of every client is one database query whose
     * cost grows with the realm (hundreds of milliseconds at 50k clients on H2), so a realm without a quota never
     * pays it.
     */
    public Hold admitNewClient(String realmId, LongSupplier clientsInRealm, ReservationStore store, Instant now)
            throws UdapException {
        if (maxClients.isEmpty()) {
            return Hold.NONE;
        }
        int limit = maxClients.getAsInt();
        long count = clientsInRealm.getAsLong();
        for (long place = count; place < limit; place++) {
            String key = placeKey(realmId, place);
            if (store.reserve(key, PLACE_LIFESPAN.toSeconds())) {
                return new Hold(key, now.plus(PLACE_LIFESPAN), now.plus(WRITE_WITHIN));
            }
        }
        if (count >= limit) {
            throw new UdapException(Reason.REGISTRATION_LIMIT_REACHED, "This server accepts no new app registrations "
                    + "now: it holds " + count + " clients, its limit is " + limit + "; contact the payer");
        }
        throw new UdapException(Reason.REGISTRATION_LIMIT_REACHED, "This server accepts no new app registrations "
                + "now: it holds " + count + " clients and registrations under way take the other places; its limit is "
                + limit + ". Retry in " + PLACE_LIFESPAN.toSeconds() + " seconds or contact the payer");
    }

    /**
     * Admits a registration of an app no sooner than {@link #minInterval} after its last admitted one: takes the
     * app's interval ({@link Hold#NONE} when registrations are not spaced) or refuses.
     */
    public Hold admitAgain(String realmId, String communityUri, String iss, ReservationStore store, Instant now)
            throws UdapException {
        if (!throttles()) {
            return Hold.NONE;
        }
        String key = throttleKey(realmId, communityUri, iss);
        if (!store.reserve(key, minInterval.toSeconds())) {
            throw new UdapException(Reason.REGISTRATION_THROTTLED, "This app registered less than "
                    + minInterval.toSeconds() + " seconds ago; sign a new software statement and retry after that");
        }
        return new Hold(key, now.plus(minInterval), null);
    }

    /** Whether registrations of one app are spaced at all. */
    public boolean throttles() {
        return !minInterval.isZero();
    }

    /**
     * The key under which an admitted registration of (community, {@code iss}) is remembered for {@link #minInterval}
     * in the server's single-use store (shared by every node).
     */
    public static String throttleKey(String realmId, String communityUri, String iss) {
        return "udap-dcr-recent:" + realmId + ":" + communityUri.length() + ":" + communityUri + iss;
    }

    /** The key of place {@code place} (0-based) in the realm's quota. */
    static String placeKey(String realmId, long place) {
        return "udap-dcr-place:" + realmId + ":" + place;
    }

    /**
     * A reservation one registration took in the {@link ReservationStore}.
     *
     * @param key     the reserved key; null for {@link #NONE}
     * @param expires when the store lets it go
     * @param writeBy the registration's client must be committed before this (null: no deadline)
     */
    public record Hold(String key, Instant expires, Instant writeBy) {

        /** Nothing held: the limit is off. */
        public static final Hold NONE = new Hold(null, Instant.MAX, null);

        /**
         * Gives the reservation back: the registration was refused, nothing of it was written. A hold about to end
         * is left to expire (by then another registration may hold the key, and its hold must stay).
         */
        public void release(ReservationStore store, Instant now) {
            if (key != null && now.isBefore(expires.minus(RELEASE_MARGIN))) {
                store.release(key);
            }
        }

        /**
         * Asked in the write's transaction, just before it commits: a registration that took longer than
         * {@link #WRITE_WITHIN} since it took its place writes nothing, since its place may be gone by the commit.
         */
        public void requireWriteInTime(Instant now) throws UdapException {
            if (writeBy != null && now.isAfter(writeBy)) {
                throw new UdapException(Reason.REGISTRATION_LIMIT_REACHED, "This registration took longer than "
                        + WRITE_WITHIN.toSeconds() + " seconds and was not saved, so that it cannot exceed this "
                        + "server's client limit; sign a new software statement and retry");
            }
        }
    }
}
