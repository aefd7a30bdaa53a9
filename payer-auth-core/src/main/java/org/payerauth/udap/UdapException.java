package org.payerauth.udap;

/**
 * A UDAP request refused for a {@link Reason}, with a fixed description a developer can act on (never echoing
 * tokens, keys or raw request input). The reason decides the error code; the glue maps it to HTTP in one place.
 * A refusal may also carry a {@link #detail()} for this server's operators only (Keycloak event and log), for facts
 * the requester must not learn, such as the private address an internal host name resolves to.
 */
public final class UdapException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final String detail;

    public UdapException(Reason reason, String description) {
        this(reason, description, null);
    }

    /**
     * @param description what the requester is told
     * @param detail      what only operators see (event, log), in addition to the description; null: nothing more
     */
    public UdapException(Reason reason, String description, String detail) {
        super(description);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
        this.detail = detail;
    }

    /** Why the request was refused. */
    public Reason reason() {
        return reason;
    }

    /** The error code, e.g. {@code invalid_software_statement}. */
    public String error() {
        return reason.error();
    }

    /** The error description for the response. */
    public String description() {
        return getMessage();
    }

    /** What operators are told (events, logs): the description, and the operator-only detail if there is one. */
    public String detail() {
        return detail == null ? getMessage() : getMessage() + " (" + detail + ")";
    }

    /** The same description (and detail) for another reason (a step reused by a different endpoint). */
    public UdapException as(Reason other) {
        return new UdapException(other, getMessage(), detail);
    }

    public static UdapException invalidStatement(String description) {
        return new UdapException(Reason.INVALID_SOFTWARE_STATEMENT, description);
    }

    public static UdapException invalidMetadata(String description) {
        return new UdapException(Reason.INVALID_CLIENT_METADATA, description);
    }

    public static UdapException malformedRequest(String description) {
        return new UdapException(Reason.MALFORMED_REGISTRATION_REQUEST, description);
    }

    public static UdapException untrusted(String description) {
        return new UdapException(Reason.UNTRUSTED_CERTIFICATE, description);
    }

    public static UdapException rejectedCertificate(String description) {
        return new UdapException(Reason.REJECTED_CERTIFICATE, description);
    }

    public static UdapException clientAuthentication(String description) {
        return new UdapException(Reason.CLIENT_AUTHENTICATION_FAILED, description);
    }
}
