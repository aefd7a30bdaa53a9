package org.payerauth.sharing;

import java.util.Locale;
import java.util.Objects;

/**
 * A realm's defaults for choices nobody has recorded yet. Only the sensitive-data choice has a realm setting: the
 * other two are fixed by the rule (Provider Access is shared until the member opts out, 42 CFR 422.121(a)(4);
 * Payer-to-Payer is not shared until the member opts in, PDex §pdex-138), so no setting can change them.
 *
 * @param sensitiveDataForApps whether apps get sensitive information when the member never chose
 */
public record SharingDefaults(SensitiveData sensitiveDataForApps) {

    /** The value of the realm setting that includes sensitive data by default; anything else, or none, excludes it. */
    public static final String INCLUDE_SETTING = "include";

    /** The conservative defaults: sensitive data left out until the member includes it. */
    public static final SharingDefaults CONSERVATIVE = new SharingDefaults(SensitiveData.EXCLUDE);

    public SharingDefaults {
        Objects.requireNonNull(sensitiveDataForApps, "sensitiveDataForApps");
    }

    /**
     * Reads the realm setting. Fails closed: only the exact word {@value #INCLUDE_SETTING} (any case) includes
     * sensitive data; a missing, empty or misspelt setting excludes it.
     */
    public static SharingDefaults parse(String sensitiveDataSetting) {
        boolean include = sensitiveDataSetting != null
                && INCLUDE_SETTING.equals(sensitiveDataSetting.trim().toLowerCase(Locale.ROOT));
        return include ? new SharingDefaults(SensitiveData.INCLUDE) : CONSERVATIVE;
    }
}
