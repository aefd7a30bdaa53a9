package org.payerauth.metrics;

import java.util.Locale;
import java.util.Optional;

/**
 * What counts as a transfer of a patient's data to a health app. The rule counts data "transferred through the
 * Patient Access API"; the authorization server sees two steps of that:
 */
public enum TransferSignal {

    /** An access token for the patient issued to the app (a code exchange or a refresh): the app was given access. */
    TOKEN_ISSUED("token"),
    /** The FHIR server introspected an active access token for the patient: the app used it at the FHIR API. */
    INTROSPECTED("introspection");

    private final String setting;

    TransferSignal(String setting) {
        this.setting = setting;
    }

    /** The realm setting's word for this signal. */
    public String setting() {
        return setting;
    }

    /** The signal a setting names (any case, blanks ignored), or empty. */
    public static Optional<TransferSignal> fromSetting(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (TransferSignal signal : values()) {
            if (signal.setting.equals(wanted)) {
                return Optional.of(signal);
            }
        }
        return Optional.empty();
    }
}
