package org.payerauth.b2b;

import java.util.Objects;
import java.util.regex.Pattern;

import org.payerauth.sharing.PayerToPayer;
import org.payerauth.sharing.ProviderAccess;
import org.payerauth.sharing.SensitiveData;

/**
 * Whether a B2B client may have a token limited to one member's Patient id (a member-scoped token), given the CMS
 * API it is set up for and that patient's current sharing choices:
 * <ul>
 *   <li>Payer-to-Payer: only when the member opted in (PDex §pdex-138; 42 CFR 422.121(b)); sensitive data as the
 *       opt-in says (all data, or all but sensitive data);</li>
 *   <li>Provider Access: unless the member opted out (42 CFR 422.121(a)(4)); sensitive data is not included by any
 *       member choice, so the token says {@code exclude} and the FHIR server applies its own policy.</li>
 * </ul>
 */
public final class MemberAccess {

    /** A FHIR resource id (FHIR R4 id datatype). */
    private static final Pattern PATIENT_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /** The outcome: the token may be issued with {@code sensitiveData}, or {@code refusal} says why not. */
    public record Decision(boolean allowed, SensitiveData sensitiveData, String refusal) {
        static Decision allow(SensitiveData sensitive) {
            return new Decision(true, Objects.requireNonNull(sensitive), null);
        }

        static Decision refuse(String why) {
            return new Decision(false, null, why);
        }
    }

    private MemberAccess() {
    }

    /** Whether {@code id} is a Patient FHIR id a request may name. */
    public static boolean isPatientId(String id) {
        return id != null && PATIENT_ID.matcher(id).matches();
    }

    /**
     * @param api            the API the client is set up for; null: none (refused)
     * @param providerAccess the patient's current Provider Access choice
     * @param payerToPayer   the patient's current Payer-to-Payer choice
     */
    public static Decision decide(B2bApi api, ProviderAccess providerAccess, PayerToPayer payerToPayer) {
        if (api == null) {
            return Decision.refuse("This client is not set up for Provider Access or Payer-to-Payer, so it cannot have "
                    + "a token for one member; ask the payer's administrator");
        }
        return switch (api) {
            case PAYER_TO_PAYER -> switch (payerToPayer) {
                case ALL_DATA -> Decision.allow(SensitiveData.INCLUDE);
                case ALL_EXCEPT_SENSITIVE -> Decision.allow(SensitiveData.EXCLUDE);
                case NOT_SHARED -> Decision.refuse("The member has not opted in to sharing with other health plans "
                        + "(Payer-to-Payer)");
            };
            case PROVIDER_ACCESS -> providerAccess == ProviderAccess.OPTED_OUT
                    ? Decision.refuse("The member opted out of sharing with providers (Provider Access)")
                    : Decision.allow(SensitiveData.EXCLUDE);
        };
    }
}
