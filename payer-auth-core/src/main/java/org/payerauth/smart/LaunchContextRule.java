package org.payerauth.smart;

import java.util.Optional;

/**
 * Patient context or nothing (issue 10, item 1): a token whose granted scopes need a patient ({@code launch/patient},
 * {@code patient/} scopes) is issued only with one, and {@code patient/} or {@code user/} scopes only to a member
 * (never to a client's service account, i.e. {@code client_credentials}). Any flow that skipped the patient picker
 * (a brokered login outside the SMART flows, a direct grant, a B2B token) is refused with {@code invalid_scope}
 * rather than given patient scopes without a patient; the scopes are not silently dropped.
 */
public final class LaunchContextRule {

    private LaunchContextRule() {
    }

    /**
     * @param granted        the token's scopes
     * @param serviceAccount whether the token is a client's own (client_credentials), with no member
     * @param patientChosen  whether a patient was selected for this launch
     * @return why the token must not be issued ({@code invalid_scope}), or empty
     */
    public static Optional<String> refusal(SmartScopeRequest granted, boolean serviceAccount, boolean patientChosen) {
        boolean memberScopes = granted.scopes().stream().anyMatch(s -> s.startsWith("patient/") || s.startsWith("user/"));
        if (serviceAccount && (memberScopes || granted.needsPatientContext())) {
            return Optional.of("patient/ and user/ scopes need a member and a patient chosen at a SMART launch; a "
                    + "client_credentials token may carry system/ scopes only");
        }
        if (granted.needsPatientContext() && !patientChosen) {
            return Optional.of("The granted scopes need a patient, and none was chosen for this launch (only the SMART "
                    + "authorization flow with the patient picker establishes one); ask without patient/ and "
                    + "launch/patient scopes, or launch through the SMART flow");
        }
        return Optional.empty();
    }
}
