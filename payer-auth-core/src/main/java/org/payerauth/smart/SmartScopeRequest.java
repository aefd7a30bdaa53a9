package org.payerauth.smart;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.payerauth.fhir.SmartScopes;

/** The {@code scope} parameter of an authorization request, read the SMART way. */
public final class SmartScopeRequest {

    private final Set<String> scopes;

    private SmartScopeRequest(Set<String> scopes) {
        this.scopes = Collections.unmodifiableSet(scopes);
    }

    public static SmartScopeRequest parse(String scope) {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null) {
            Arrays.stream(scope.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(scopes::add);
        }
        return new SmartScopeRequest(scopes);
    }

    public Set<String> scopes() {
        return scopes;
    }

    public boolean contains(String scope) {
        return scopes.contains(scope);
    }

    /**
     * A patient must be put in context: {@code launch/patient} was requested, or any {@code patient/} resource scope
     * (SMART: "the EHR SHALL establish a patient in context" when it grants a patient-restricted scope).
     */
    public boolean needsPatientContext() {
        return scopes.contains(SmartScopes.LAUNCH_PATIENT) || scopes.stream().anyMatch(s -> s.startsWith("patient/"));
    }

    /**
     * The request is a SMART request, so SMART's authorization rules apply: it asks for a launch context,
     * {@code fhirUser}, or FHIR resource scopes.
     */
    public boolean isSmart() {
        return scopes.stream().anyMatch(s -> s.equals(SmartScopes.FHIR_USER) || s.equals("launch")
                || s.startsWith("launch/") || s.startsWith("patient/") || s.startsWith("user/")
                || s.startsWith("system/"));
    }

    @Override
    public String toString() {
        return String.join(" ", scopes);
    }
}
