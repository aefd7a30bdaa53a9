package org.payerauth.sharing;

import java.util.Objects;

/**
 * The current sharing choices for one patient (the member, or someone the member represents).
 *
 * @param providerAccess       sharing with providers through the Provider Access API
 * @param payerToPayer         sharing with another health plan through the Payer-to-Payer API
 * @param sensitiveDataForApps whether apps the member authorizes get sensitive information
 */
public record SharingChoices(ProviderAccess providerAccess, PayerToPayer payerToPayer, SensitiveData sensitiveDataForApps) {

    public SharingChoices {
        Objects.requireNonNull(providerAccess, "providerAccess");
        Objects.requireNonNull(payerToPayer, "payerToPayer");
        Objects.requireNonNull(sensitiveDataForApps, "sensitiveDataForApps");
    }

    /**
     * The choices of a patient for whom nothing was ever recorded: Provider Access {@link ProviderAccess#SHARED},
     * Payer-to-Payer {@link PayerToPayer#NOT_SHARED}, sensitive data as the realm's {@code defaults} say.
     */
    public static SharingChoices defaults(SharingDefaults defaults) {
        return new SharingChoices(ProviderAccess.SHARED, PayerToPayer.NOT_SHARED, defaults.sensitiveDataForApps());
    }

    /** The current value of {@code choice}. */
    public ChoiceValue value(Choice choice) {
        return switch (choice) {
            case PROVIDER_ACCESS -> providerAccess;
            case PAYER_TO_PAYER -> payerToPayer;
            case SENSITIVE_DATA_FOR_APPS -> sensitiveDataForApps;
        };
    }

    /** These choices with {@code value} in place of its choice's current value. */
    public SharingChoices with(ChoiceValue value) {
        if (value instanceof ProviderAccess p) {
            return new SharingChoices(p, payerToPayer, sensitiveDataForApps);
        }
        if (value instanceof PayerToPayer p) {
            return new SharingChoices(providerAccess, p, sensitiveDataForApps);
        }
        return new SharingChoices(providerAccess, payerToPayer, (SensitiveData) value);
    }
}
