package org.payerauth.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PartialConsentTest {

    @Test
    void resourceScopesAndOfflineAccess_areOptional_theLaunchScopesAreNot() {
        assertTrue(PartialConsent.isOptional("patient/Coverage.read"));
        assertTrue(PartialConsent.isOptional("patient/*.rs"));
        assertTrue(PartialConsent.isOptional("user/ExplanationOfBenefit.read"));
        assertTrue(PartialConsent.isOptional("offline_access"));
        for (String fixed : List.of("openid", "launch/patient", "fhirUser", "profile", "online_access", "launch")) {
            assertFalse(PartialConsent.isOptional(fixed), fixed);
        }
    }

    @Test
    void untickedOptionalScopes_areWithheld_fixedOnesNever() {
        List<String> shown = List.of("fhirUser", "patient/Coverage.read", "patient/ExplanationOfBenefit.read", "offline_access");
        assertEquals(Set.of("patient/ExplanationOfBenefit.read", "offline_access"),
                PartialConsent.withheld(shown, Set.of("patient/Coverage.read")));
        assertEquals(Set.of(), PartialConsent.withheld(shown, Set.copyOf(shown)));
    }

    @Test
    void tickingAScopeThatWasNotShown_addsNothing() {
        List<String> shown = List.of("patient/Coverage.read");
        assertEquals(Set.of(), PartialConsent.withheld(shown, Set.of("patient/Coverage.read", "user/*.read")));
        assertEquals("openid patient/Coverage.read",
                PartialConsent.without("openid patient/Coverage.read", PartialConsent.withheld(shown, Set.of("user/*.read", "patient/Coverage.read"))));
    }

    @Test
    void withheldScopes_leaveTheRequest_orderKept() {
        assertEquals("launch/patient openid patient/Coverage.read",
                PartialConsent.without("launch/patient  openid patient/Coverage.read offline_access patient/EOB.read",
                        Set.of("offline_access", "patient/EOB.read")));
        String unchanged = "openid patient/Coverage.read";
        assertSame(unchanged, PartialConsent.without(unchanged, Set.of()));
    }

    @Test
    void aNarrowingTickedInsteadOfTheWholeType_isAppendedOnce() {
        String lab = "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
        org.junit.jupiter.api.Assertions.assertEquals("openid launch/patient " + lab,
                PartialConsent.with(PartialConsent.without("openid launch/patient patient/Observation.rs",
                        java.util.Set.of("patient/Observation.rs")), java.util.List.of(lab, lab)));
    }
}
