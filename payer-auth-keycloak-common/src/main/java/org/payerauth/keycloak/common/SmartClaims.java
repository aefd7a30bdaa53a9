package org.payerauth.keycloak.common;

/** Token claims one payer-auth module writes and another reads. */
public final class SmartClaims {

    /** SMART App Launch: the launch's patient (the FHIR {@code Patient.id}), in the token and the token response. */
    public static final String PATIENT = "patient";
    /**
     * Whether the app may get the patient's sensitive data: {@value #SENSITIVE_INCLUDE} or {@value #SENSITIVE_EXCLUDE}
     * (the member's standing choice, Da Vinci PDex §pdex-111), in access tokens and introspection.
     */
    public static final String SENSITIVE_DATA = "sensitive_data";
    public static final String SENSITIVE_INCLUDE = "include";
    public static final String SENSITIVE_EXCLUDE = "exclude";

    private SmartClaims() {
    }
}
