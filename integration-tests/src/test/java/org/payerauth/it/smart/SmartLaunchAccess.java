package org.payerauth.it.smart;

/** Public access to {@link SmartLaunch} helpers for the other IT packages. */
public final class SmartLaunchAccess {

    private SmartLaunchAccess() {
    }

    public static String basic(String user, String password) {
        return SmartLaunch.basic(user, password);
    }
}
