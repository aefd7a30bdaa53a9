package org.payerauth.sharing;

/**
 * Whether the payer shares the patient's data with the member's other health plan through the Payer-to-Payer API
 * (CMS-0057-F, 42 CFR 422.121(b)): only if the member opted in (PDex payertopayerbulkexchange §pdex-138), and then
 * either everything or everything except sensitive data (PDex consent.md, payertopayerexchange "Consent Request
 * Language"; HRex Consent policies {@code #sensitive} and {@code #regular}).
 */
public enum PayerToPayer implements ChoiceValue {

    /** Not shared (the default: an opt-in nobody gave). */
    NOT_SHARED,
    /** Shared, including data considered sensitive under U.S. state or federal regulation. */
    ALL_DATA,
    /** Shared, except data considered sensitive under U.S. state or federal regulation. */
    ALL_EXCEPT_SENSITIVE;

    @Override
    public Choice choice() {
        return Choice.PAYER_TO_PAYER;
    }
}
