package org.payerauth.sharing;

import java.util.Objects;

/**
 * A sharing choice refused for a {@link SharingRefusal}, with a description a member or an app can act on (never
 * echoing request input, never telling whether another patient exists). The reason decides the error code and the
 * HTTP status; the glue maps them in one place.
 */
public final class SharingException extends Exception {

    private static final long serialVersionUID = 1L;

    private final SharingRefusal refusal;

    /** A refusal with the reason's own description. */
    public SharingException(SharingRefusal refusal) {
        this(refusal, refusal.description());
    }

    /** A refusal with a more specific description (still fixed text, never request input). */
    public SharingException(SharingRefusal refusal, String description) {
        super(description);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    /** Why the choice was refused. */
    public SharingRefusal refusal() {
        return refusal;
    }

    /** The OAuth-style error code, e.g. {@code access_denied}. */
    public String error() {
        return refusal.error();
    }

    /** The HTTP status, e.g. 409 for {@link SharingRefusal#STALE_CHOICE}. */
    public int httpStatus() {
        return refusal.httpStatus();
    }

    /** The error description for the response. */
    public String description() {
        return getMessage();
    }
}
