package org.payerauth.keycloak.common.sharing;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * A patient's standing choice whether apps the member authorizes may get sensitive data (Da Vinci PDex §pdex-111),
 * for the SMART consent page, which offers the choice when the realm asks for it. The members' data-sharing choices
 * (module {@code payer-apis-extension}) provide it; without that module there is none and the page does not offer it.
 */
public interface SensitiveDataChoice extends Provider {

    /** Whether apps may get sensitive data of {@code patient}: the recorded choice, or the realm's default. */
    boolean included(RealmModel realm, String patient);

    /** Whether {@code user} may change the choice for {@code patient} (their own, or as a representative who decides). */
    boolean mayChoose(RealmModel realm, UserModel user, String patient);

    /**
     * Records {@code user}'s choice for {@code patient}, made on the consent page, when it differs from the current
     * one and the user may choose; a change is recorded, counted and logged like any other.
     *
     * @return whether a change was recorded
     */
    boolean choose(RealmModel realm, UserModel user, String patient, boolean include);

    @Override
    default void close() {
    }
}
