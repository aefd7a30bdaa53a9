package org.payerauth.keycloak.common.issuance;

/** A token response refused by an {@link IssuanceRules}: the OAuth error and its description (HTTP 400). */
public final class IssuanceRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String error;
    private final String description;

    public IssuanceRefusal(String error, String description) {
        super(error + ": " + description, null, false, false);
        this.error = error;
        this.description = description;
    }

    public String error() {
        return error;
    }

    public String description() {
        return description;
    }
}
