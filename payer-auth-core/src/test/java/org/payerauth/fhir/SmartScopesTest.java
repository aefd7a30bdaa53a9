package org.payerauth.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SmartScopesTest {

    @ParameterizedTest
    @ValueSource(strings = {"openid", "fhirUser", "launch/patient", "offline_access", "online_access",
            "patient/ExplanationOfBenefit.read", "patient/Coverage.read", "patient/Patient.read",
            "patient/Organization.read", "patient/Practitioner.read", "user/ExplanationOfBenefit.read",
            "user/Coverage.read", "user/Patient.read", "user/Organization.read", "user/Practitioner.read",
            "patient/ExplanationOfBenefit.rs", "user/Practitioner.rs",
            "patient/*.read", "patient/*.rs", "user/*.read", "user/*.rs"})
    void containsEveryScopeTheCarinPayerOffers(String scope) {
        assertTrue(SmartScopes.all().contains(scope), scope);
    }

    @Test
    void hasNoDuplicatesAndTheExpectedSize() {
        // 5 identity/launch scopes + 2 compartments x (5 CARIN + 2 clinical types + wildcard) x 2 permissions
        // + 2 compartments x 9 HTI-1 granular scopes
        assertEquals(5 + 2 * 8 * 2 + 2 * 9, SmartScopes.all().size());
        assertEquals(SmartScopes.all().size(), new HashSet<>(SmartScopes.all()).size());
    }

    @Test
    void systemScopesMirrorTheResourceScopesAndStayOutOfTheMemberCatalogue() {
        assertEquals(16, SmartScopes.systemScopes().size());
        assertTrue(SmartScopes.systemScopes().contains("system/Patient.read"));
        assertTrue(SmartScopes.systemScopes().contains("system/*.rs"));
        assertTrue(SmartScopes.all().stream().noneMatch(s -> s.startsWith("system/")));
    }

    @Test
    void resourceScopesExcludeIdentityScopes() {
        assertTrue(SmartScopes.resourceScopes().stream().allMatch(s -> s.contains("/") && !s.equals("launch/patient")));
    }
}
