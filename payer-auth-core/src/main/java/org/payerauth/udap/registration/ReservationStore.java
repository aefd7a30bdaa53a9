package org.payerauth.udap.registration;

/**
 * Short-lived reservations that every node of a cluster sees: Keycloak's single-use store in the glue (the same
 * store, and the same atomic {@code putIfAbsent}, as the {@code jti} replay record). {@link RegistrationLimits} takes
 * its places in the realm's quota and its interval per app here, so two registrations on two nodes cannot both pass a
 * limit that leaves room for one.
 */
public interface ReservationStore {

    /**
     * Takes {@code key} for {@code lifespanSeconds} unless someone holds it: atomic across the cluster.
     *
     * @return true when this call took it
     */
    boolean reserve(String key, long lifespanSeconds);

    /** Gives {@code key} back before its lifespan ends. */
    void release(String key);
}
