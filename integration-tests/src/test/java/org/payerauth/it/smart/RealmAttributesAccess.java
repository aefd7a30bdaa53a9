package org.payerauth.it.smart;

import org.payerauth.it.support.AdminApi;

/** Public access to {@link RealmAttributes} for the other IT packages. */
public final class RealmAttributesAccess {

    private RealmAttributesAccess() {
    }

    public static void with(AdminApi admin, String name, String value, Runnable test) {
        RealmAttributes.with(admin, name, value, test);
    }

    public static void set(AdminApi admin, String name, String value) {
        RealmAttributes.set(admin, name, value);
    }
}
