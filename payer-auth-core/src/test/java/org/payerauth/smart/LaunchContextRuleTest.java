package org.payerauth.smart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LaunchContextRuleTest {

    private static boolean refused(String scope, boolean serviceAccount, boolean patient) {
        return LaunchContextRule.refusal(SmartScopeRequest.parse(scope), serviceAccount, patient).isPresent();
    }

    @Test
    void patient_scopes_or_launch_patient_need_a_chosen_patient() {
        assertTrue(refused("openid patient/*.read", false, false));
        assertTrue(refused("launch/patient openid", false, false));
        assertTrue(!refused("launch/patient openid patient/*.read", false, true));
    }

    @Test
    void user_scopes_of_a_member_need_no_patient() {
        assertTrue(!refused("openid fhirUser user/*.read", false, false));
    }

    @Test
    void a_client_credentials_token_never_carries_patient_or_user_scopes_but_may_carry_system_scopes() {
        assertTrue(refused("patient/*.read", true, false));
        assertTrue(refused("user/Coverage.rs", true, false));
        assertTrue(refused("launch/patient", true, true));
        assertTrue(!refused("system/*.read", true, false));
        assertTrue(!refused("", true, false));
    }

    @Test
    void requests_without_smart_scopes_are_left_alone() {
        assertTrue(!refused("openid profile email", false, false));
        assertTrue(!refused("openid udap", false, false));
    }
}
