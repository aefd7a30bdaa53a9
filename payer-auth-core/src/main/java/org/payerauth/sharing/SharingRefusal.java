package org.payerauth.sharing;

import org.payerauth.oauth.OAuthErrorCodes;

/**
 * Why a sharing choice was not recorded. Each reason maps to exactly one OAuth-style error code and one HTTP status,
 * here; callers (account page, admin console, API) branch on the reason, never on a description's text.
 */
public enum SharingRefusal {

    /**
     * The user may not make choices for this patient: it is not their own patient and no representation links them to
     * it. Also the answer for a patient that does not exist, so the refusal never tells whether another patient exists
     * (PDex provider-access-api-v2 §pdex-261a treats even opt-out status as something to keep from others).
     */
    NOT_YOUR_PATIENT(OAuthErrorCodes.ACCESS_DENIED, 403,
            "You cannot make sharing choices for this patient. If you act for someone, ask the health plan to record "
                    + "you as their personal representative"),
    /** The user represents the patient, but the representation does not allow decisions (for example: view only). */
    NO_DECISION_RIGHTS(OAuthErrorCodes.ACCESS_DENIED, 403,
            "You may see this member's information but not make decisions for them. Ask the health plan to record "
                    + "you as a personal representative who may decide for them"),
    /**
     * The value the request believed current is no longer current: the choice was changed since the form was loaded
     * (another tab, another representative, staff). Optimistic concurrency; nothing was recorded.
     */
    STALE_CHOICE(OAuthErrorCodes.INVALID_REQUEST, 409,
            "This choice was changed since you loaded it. Reload to see the current choice, then choose again"),
    /** The requested value is the current value: the change would change nothing. */
    NOTHING_CHANGES(OAuthErrorCodes.INVALID_REQUEST, 400,
            "This is already the current choice; nothing was changed"),
    /** A staff member changed a choice for a member without saying why. */
    REASON_REQUIRED(OAuthErrorCodes.INVALID_REQUEST, 400,
            "A change made by staff needs a reason (for example: the member's call or letter reference)"),
    /** The choice or the value is missing or not one this server knows. */
    UNKNOWN_VALUE(OAuthErrorCodes.INVALID_REQUEST, 400,
            "Unknown sharing choice or value");

    private final String error;
    private final int httpStatus;
    private final String description;

    SharingRefusal(String error, int httpStatus, String description) {
        this.error = error;
        this.httpStatus = httpStatus;
        this.description = description;
    }

    /** The OAuth-style error code this reason is answered with ({@code access_denied}, {@code invalid_request}). */
    public String error() {
        return error;
    }

    /** The HTTP status this reason is answered with (403, 409, 400). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The fixed description a member or an app can act on. */
    public String description() {
        return description;
    }
}
