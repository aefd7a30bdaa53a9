package org.payerauth.smart;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.payerauth.fhir.SmartScopes;
import org.payerauth.oauth.SpaceDelimited;

/** The {@code scope} parameter of an authorization request, read the SMART way. */
public final class SmartScopeRequest {

    private final Set<String> scopes;
    private final boolean smart;
    private final boolean patientContext;

    private SmartScopeRequest(Set<String> scopes) {
        this.scopes = Collections.unmodifiableSet(scopes);
        this.smart = scopes.stream().anyMatch(SmartScopeRequest::isSmartScope);
        this.patientContext = scopes.contains(SmartScopes.LAUNCH_PATIENT) || scopes.stream().anyMatch(s -> s.startsWith("patient/"));
    }

    public static SmartScopeRequest parse(String scope) {
        return new SmartScopeRequest(new LinkedHashSet<>(SpaceDelimited.words(scope)));
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
        return patientContext;
    }

    /**
     * The request is a SMART request, so SMART's authorization rules apply: it asks for a launch context,
     * {@code fhirUser}, or FHIR resource scopes.
     */
    public boolean isSmart() {
        return smart;
    }

    private static boolean isSmartScope(String s) {
        return s.equals(SmartScopes.FHIR_USER) || s.equals("launch") || s.startsWith("launch/") || s.startsWith("patient/")
                || s.startsWith("user/") || s.startsWith("system/");
    }

    @Override
    public String toString() {
        return String.join(" ", scopes);
    }
}
