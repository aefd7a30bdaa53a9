package org.payerauth.udap;

/**
 * A UDAP request refused for a {@link Reason}, with a fixed description a developer can act on (never echoing
 * tokens, keys or raw request input). The reason decides the error code; the glue maps it to HTTP in one place.
 */
public final class UdapException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public UdapException(Reason reason, String description) {
        super(description);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
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

    /** The same description for another reason (a step reused by a different endpoint). */
    public UdapException as(Reason other) {
        return new UdapException(other, getMessage());
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
