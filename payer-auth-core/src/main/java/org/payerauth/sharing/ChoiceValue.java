package org.payerauth.sharing;

/**
 * One value of one sharing {@link Choice}: {@link ProviderAccess}, {@link PayerToPayer} or {@link SensitiveData}.
 * Stored and sent by its {@link #name()}.
 */
public sealed interface ChoiceValue permits ProviderAccess, PayerToPayer, SensitiveData {

    /** The choice this is a value of. */
    Choice choice();

    /** The value's name, e.g. {@code OPTED_OUT}: what forms send and storage keeps. */
    String name();
}
