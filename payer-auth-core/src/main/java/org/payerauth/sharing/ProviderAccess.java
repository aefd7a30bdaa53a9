package org.payerauth.sharing;

/**
 * Whether the payer shares the patient's data with their providers through the Provider Access API
 * (CMS-0057-F, 42 CFR 422.121(a)): members are in unless they opt out, and may change that at any time
 * (422.121(a)(4)); Da Vinci PDex 2.2 provider-access-api-v2 "Member Opt-out" §pdex-270 to §pdex-274.
 */
public enum ProviderAccess implements ChoiceValue {

    /** Shared with providers who have a treatment relationship (the default: nobody has to ask for it). */
    SHARED,
    /** The member (or their representative) opted out: not shared through the Provider Access API. */
    OPTED_OUT;

    @Override
    public Choice choice() {
        return Choice.PROVIDER_ACCESS;
    }
}
