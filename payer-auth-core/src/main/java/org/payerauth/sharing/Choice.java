package org.payerauth.sharing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The three sharing choices a member (or their representative) makes for one patient. */
public enum Choice {

    /** Sharing with providers through the Provider Access API: {@link ProviderAccess}. */
    PROVIDER_ACCESS(ProviderAccess.values()),
    /** Sharing with another health plan through the Payer-to-Payer API: {@link PayerToPayer}. */
    PAYER_TO_PAYER(PayerToPayer.values()),
    /** Including sensitive information when the member authorizes an app: {@link SensitiveData}. */
    SENSITIVE_DATA_FOR_APPS(SensitiveData.values());

    private final List<ChoiceValue> allowed;

    Choice(ChoiceValue[] values) {
        this.allowed = List.of(values);
    }

    /** The values this choice can take. */
    public List<ChoiceValue> allowed() {
        return allowed;
    }

    /**
     * The value named {@code name} (as {@link ChoiceValue#name()} gives it; any case, surrounding blanks ignored).
     *
     * @throws SharingException {@link SharingRefusal#UNKNOWN_VALUE} when it is missing or not a value of this choice;
     *                          the description lists the allowed values and never echoes the input
     */
    public ChoiceValue parse(String name) throws SharingException {
        if (name != null) {
            String wanted = name.trim().toUpperCase(Locale.ROOT);
            for (ChoiceValue value : allowed) {
                if (value.name().equals(wanted)) {
                    return value;
                }
            }
        }
        throw new SharingException(SharingRefusal.UNKNOWN_VALUE, "Missing or unknown value for " + name()
                + "; allowed: " + allowed.stream().map(ChoiceValue::name).collect(Collectors.joining(", ")));
    }

    /**
     * The choice named {@code name} (any case, surrounding blanks ignored).
     *
     * @throws SharingException {@link SharingRefusal#UNKNOWN_VALUE} when there is none
     */
    public static Choice named(String name) throws SharingException {
        if (name != null) {
            String wanted = name.trim().toUpperCase(Locale.ROOT);
            for (Choice choice : values()) {
                if (choice.name().equals(wanted)) {
                    return choice;
                }
            }
        }
        throw new SharingException(SharingRefusal.UNKNOWN_VALUE, "Missing or unknown sharing choice; allowed: "
                + Arrays.stream(values()).map(Choice::name).collect(Collectors.joining(", ")));
    }
}
