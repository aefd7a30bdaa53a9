package org.payerauth.udap;

/**
 * A UDAP request refused for a reason the spec names: the OAuth/RFC 7591 error code plus a fixed description a
 * developer can act on (never echoing tokens, keys or raw request input). Mapped to HTTP in one place by the glue.
 */
public final class UdapException extends Exception {

    private static final long serialVersionUID = 1L;

    /** RFC 7591 / udap.org DCR error codes. */
    public static final String INVALID_SOFTWARE_STATEMENT = "invalid_software_statement";
    public static final String UNAPPROVED_SOFTWARE_STATEMENT = "unapproved_software_statement";
    public static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";
    public static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";

    private final String error;

    public UdapException(String error, String description) {
        super(description);
        this.error = error;
    }

    public UdapException(String error, String description, Throwable cause) {
        super(description, cause);
        this.error = error;
    }

    /** The error code, e.g. {@value #INVALID_SOFTWARE_STATEMENT}. */
    public String error() {
        return error;
    }

    /** The error description for the response. */
    public String description() {
        return getMessage();
    }

    public static UdapException invalidStatement(String description) {
        return new UdapException(INVALID_SOFTWARE_STATEMENT, description);
    }

    public static UdapException unapproved(String description) {
        return new UdapException(UNAPPROVED_SOFTWARE_STATEMENT, description);
    }

    public static UdapException invalidMetadata(String description) {
        return new UdapException(INVALID_CLIENT_METADATA, description);
    }
}
