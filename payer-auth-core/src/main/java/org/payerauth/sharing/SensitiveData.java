package org.payerauth.sharing;

/**
 * Whether sensitive information (behavioural health, substance-use treatment under 42 CFR Part 2, reproductive
 * health: what U.S. state or federal regulation treats as sensitive) is included when the member authorizes an app:
 * the option PDex member-authorizedoauth2exchange §pdex-111 says the member SHALL be offered. The default is a realm
 * setting ({@link SharingDefaults}).
 */
public enum SensitiveData implements ChoiceValue {

    /** Apps the member authorizes may receive sensitive information too. */
    INCLUDE,
    /** Apps the member authorizes receive everything except sensitive information. */
    EXCLUDE;

    @Override
    public Choice choice() {
        return Choice.SENSITIVE_DATA_FOR_APPS;
    }
}
