package org.payerauth.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** SMART v2 granular scopes: syntax, what covers what, the realm's allow-list, and HTI-1's sub-resource scopes. */
class GranularScopesTest {

    private static final String LAB = "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

    @Test
    void smartClinicalScopeSyntax_isRead_withTheQueryVerbatim() {
        ClinicalScope lab = ClinicalScope.parse(LAB).orElseThrow();
        assertEquals("patient", lab.compartment());
        assertEquals("Observation", lab.resourceType());
        assertEquals("rs", lab.permissions());
        assertEquals(Map.of("category", "http://terminology.hl7.org/CodeSystem/observation-category|laboratory"), lab.parameters());
        assertTrue(lab.isGranular());
        assertEquals("patient/Observation.rs", lab.base());
        ClinicalScope two = ClinicalScope.parse("user/Observation.rs?category=a|b,c|d&code=x|1").orElseThrow();
        assertEquals(List.of("category", "code"), List.copyOf(two.parameters().keySet()), "parameters combined with &, in order");
        assertFalse(ClinicalScope.parse("patient/*.rs").orElseThrow().isGranular());
        assertEquals("rs", ClinicalScope.parse("patient/Coverage.read").orElseThrow().v2Permissions());
    }

    @Test
    void undefinedOrOutOfOrderPermissions_andMalformedQueries_areNotScopes() {
        for (String bad : List.of("patient/Observation.dus", "patient/Observation.sr", "patient/Observation.", "patient/observation.rs",
                "patient/Observation.rs?", "patient/Observation.rs?category", "patient/Observation.rs?category=a&category=b",
                "patient/Observation.rs?Category=a", "patient/Observation.rs?category=a b", "family/Observation.rs", "launch/patient")) {
            assertEquals(Optional.empty(), ClinicalScope.parse(bad), bad);
        }
    }

    @Test
    void aResourceLevelScopeOrAWildcard_coversAGranularScope_ofTheSameCompartmentWithNoMorePermissions() {
        ClinicalScope lab = ClinicalScope.parse(LAB).orElseThrow();
        assertTrue(ClinicalScope.parse("patient/Observation.rs").orElseThrow().covers(lab));
        assertTrue(ClinicalScope.parse("patient/*.rs").orElseThrow().covers(lab));
        assertTrue(ClinicalScope.parse("patient/Observation.read").orElseThrow().covers(lab), "v1 read is rs");
        assertTrue(ClinicalScope.parse("patient/*.cruds").orElseThrow().covers(lab));
        assertFalse(ClinicalScope.parse("patient/Observation.r").orElseThrow().covers(lab), "no search permission");
        assertFalse(ClinicalScope.parse("user/Observation.rs").orElseThrow().covers(lab), "another compartment");
        assertFalse(ClinicalScope.parse("patient/Condition.rs").orElseThrow().covers(lab));
        assertFalse(lab.covers(lab), "a granular scope covers nothing");
    }

    @Test
    void aGranularScope_isRefused_whenTheAppMayNotHaveItsBase_orItUsesAParameterTheRealmDoesNotOffer() {
        Set<String> category = GranularScopes.DEFAULT_PARAMETERS;
        assertEquals(Optional.empty(), GranularScopes.refusal(List.of("openid", LAB), List.of("patient/*.rs", LAB), category));
        assertEquals(Optional.empty(), GranularScopes.refusal(List.of(LAB), List.of("patient/Observation.read", LAB), category));
        String noBase = GranularScopes.refusal(List.of(LAB), List.of("patient/Coverage.rs", LAB), category).orElseThrow();
        assertTrue(noBase.contains("narrows patient/Observation.rs"), noBase);
        String code = "patient/Observation.rs?code=http://loinc.org|1234-5";
        assertTrue(GranularScopes.refusal(List.of(code), List.of("patient/*.rs", code), category).orElseThrow()
                .contains("'code'"));
        assertEquals(Optional.empty(), GranularScopes.refusal(List.of(code), List.of("patient/*.rs", code), Set.of("category", "code")),
                "the realm may offer more parameters");
        assertTrue(GranularScopes.refusal(List.of("patient/Observation.rs?category"), List.of("patient/*.rs"), category).isPresent());
    }

    @Test
    void hti1_subResourceScopes_areOfferedForConditionAndObservation_inPlainWords() {
        Map<String, String> defaults = GranularScopes.defaults();
        assertEquals(18, defaults.size(), "3 Condition + 6 Observation categories, patient and user level");
        assertTrue(defaults.containsKey(LAB));
        assertEquals("Read and search the lab results of the member you choose", defaults.get(LAB));
        assertTrue(defaults.containsKey("patient/Condition.rs?category=http://hl7.org/fhir/us/core/CodeSystem/condition-category|health-concern"));
        assertTrue(defaults.containsKey("patient/Observation.rs?category=http://hl7.org/fhir/us/core/CodeSystem/us-core-category|sdoh"));
        defaults.keySet().forEach(scope -> assertTrue(ClinicalScope.parse(scope).orElseThrow().isGranular(), scope));

        List<String> observation = GranularScopes.narrowing("patient/Observation.rs", defaults.keySet());
        assertEquals(6, observation.size(), observation.toString());
        assertEquals(3, GranularScopes.narrowing("patient/Condition.read", defaults.keySet()).size());
        assertEquals(List.of(), GranularScopes.narrowing("patient/*.rs", defaults.keySet()), "not for a wildcard");
        assertEquals(List.of(), GranularScopes.narrowing(LAB, defaults.keySet()));
    }
}
