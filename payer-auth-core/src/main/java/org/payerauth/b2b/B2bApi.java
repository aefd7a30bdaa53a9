package org.payerauth.b2b;

import java.util.Locale;
import java.util.Optional;

/** The CMS-0057-F B2B API a client is set up for: which member choice decides a member-scoped token. */
public enum B2bApi {

    /** A provider's system (42 CFR 422.121(a); PDex provider-access-api-v2): members are in unless they opted out. */
    PROVIDER_ACCESS("provider-access"),
    /** Another health plan (42 CFR 422.121(b); PDex payertopayerexchange): only members who opted in. */
    PAYER_TO_PAYER("payer-to-payer");

    private final String setting;

    B2bApi(String setting) {
        this.setting = setting;
    }

    /** The name settings, claims and events use ({@code provider-access}, {@code payer-to-payer}). */
    public String setting() {
        return setting;
    }

    /** The API a setting names (any case, blanks ignored); empty for none, blank or anything else. */
    public static Optional<B2bApi> fromSetting(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (B2bApi api : values()) {
            if (api.setting.equals(wanted)) {
                return Optional.of(api);
            }
        }
        return Optional.empty();
    }
}
