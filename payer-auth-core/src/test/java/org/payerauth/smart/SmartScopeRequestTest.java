package org.payerauth.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmartScopeRequestTest {

    @ParameterizedTest(name = "''{0}'' smart={1} patientContext={2}")
    @CsvSource({
            "'launch/patient openid fhirUser',     true,  true",
            "'patient/ExplanationOfBenefit.read',  true,  true",
            "'openid fhirUser',                    true,  false",
            "'user/*.rs offline_access',           true,  false",
            "'system/*.rs',                        true,  false",
            "'openid profile email',               false, false",
            "'',                                   false, false",
            "'  launch/patient   patient/*.rs  ',  true,  true",
            "'patients/x launcher',                false, false",
    })
    void classifies(String scope, boolean smart, boolean patientContext) {
        SmartScopeRequest request = SmartScopeRequest.parse(scope);
        assertEquals(smart, request.isSmart());
        assertEquals(patientContext, request.needsPatientContext());
    }
}
