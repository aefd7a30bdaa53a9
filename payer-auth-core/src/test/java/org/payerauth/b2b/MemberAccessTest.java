package org.payerauth.b2b;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.payerauth.sharing.PayerToPayer;
import org.payerauth.sharing.ProviderAccess;
import org.payerauth.sharing.SensitiveData;

/**
 * Member-scoped B2B tokens follow the member's choices: Payer-to-Payer only after an opt-in (PDex §pdex-138), with
 * sensitive data as the opt-in says; Provider Access unless the member opted out (42 CFR 422.121(a)(4)).
 */
class MemberAccessTest {

    @Test
    void payer_to_payer_needs_the_members_opt_in() {
        MemberAccess.Decision none = MemberAccess.decide(B2bApi.PAYER_TO_PAYER, ProviderAccess.SHARED, PayerToPayer.NOT_SHARED);
        assertFalse(none.allowed());
        assertTrue(none.refusal().contains("opted in"), none.refusal());
        assertEquals(SensitiveData.INCLUDE,
                MemberAccess.decide(B2bApi.PAYER_TO_PAYER, ProviderAccess.OPTED_OUT, PayerToPayer.ALL_DATA).sensitiveData());
        assertEquals(SensitiveData.EXCLUDE,
                MemberAccess.decide(B2bApi.PAYER_TO_PAYER, ProviderAccess.SHARED, PayerToPayer.ALL_EXCEPT_SENSITIVE).sensitiveData());
    }

    @Test
    void provider_access_unless_the_member_opted_out() {
        MemberAccess.Decision shared = MemberAccess.decide(B2bApi.PROVIDER_ACCESS, ProviderAccess.SHARED, PayerToPayer.NOT_SHARED);
        assertTrue(shared.allowed());
        assertEquals(SensitiveData.EXCLUDE, shared.sensitiveData());
        MemberAccess.Decision out = MemberAccess.decide(B2bApi.PROVIDER_ACCESS, ProviderAccess.OPTED_OUT, PayerToPayer.ALL_DATA);
        assertFalse(out.allowed());
        assertTrue(out.refusal().contains("opted out"), out.refusal());
    }

    @Test
    void a_client_set_up_for_no_api_gets_no_member_scoped_token() {
        MemberAccess.Decision decision = MemberAccess.decide(null, ProviderAccess.SHARED, PayerToPayer.ALL_DATA);
        assertFalse(decision.allowed());
        assertTrue(decision.refusal().contains("not set up"), decision.refusal());
    }

    @Test
    void member_scoped_requests_name_a_fhir_patient_id() {
        assertTrue(MemberAccess.isPatientId("pat-123.a"));
        assertFalse(MemberAccess.isPatientId("Patient/123"));
        assertFalse(MemberAccess.isPatientId(""));
        assertFalse(MemberAccess.isPatientId("x".repeat(65)));
        assertFalse(MemberAccess.isPatientId(null));
    }
}
