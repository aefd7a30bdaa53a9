package org.payerauth.keycloak.udap.registration;

import org.keycloak.models.SingleUseObjectProvider;
import org.payerauth.udap.registration.ReservationStore;

/**
 * {@link ReservationStore} on Keycloak's single-use store: {@code putIfAbsent} there is atomic across the cluster and
 * takes effect at once (not at the end of the request's transaction), as Keycloak's own replay checks rely on.
 */
final class SingleUseReservations implements ReservationStore {

    private final SingleUseObjectProvider store;

    SingleUseReservations(SingleUseObjectProvider store) {
        this.store = store;
    }

    @Override
    public boolean reserve(String key, long lifespanSeconds) {
        return store.putIfAbsent(key, lifespanSeconds);
    }

    @Override
    public void release(String key) {
        store.remove(key);
    }
}
