package org.payerauth.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.payerauth.fhir.FhirBaseUrls;

class SmartAuthorizationRulesTest {

    private static final FhirBaseUrls FHIR = FhirBaseUrls.parse("https://fhir.example/r4", "http://unused");
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @ParameterizedTest(name = "[{index}] scope=''{0}'' aud=''{1}'' state=''{2}'' method=''{3}'' challenge=''{4}'' -> {5}")
    @CsvSource(nullValues = "NULL", value = {
            // a complete SMART request passes
            "launch/patient openid fhirUser patient/*.read, https://fhir.example/r4, s1, S256, " + CHALLENGE + ", OK",
            "patient/Coverage.rs,                          https://fhir.example/r4/, s1, S256, " + CHALLENGE + ", OK",
            // a plain OIDC request without aud is not SMART: Keycloak's own rules apply
            "openid profile,                               NULL,                     NULL, NULL, NULL, OK",
            // aud
            "launch/patient openid,                        NULL,                     s1, S256, " + CHALLENGE + ", Missing parameter: aud",
            "launch/patient openid,                        https://evil.example/r4,  s1, S256, " + CHALLENGE + ", Invalid parameter: aud",
            "openid,                                       https://evil.example/r4,  s1, S256, " + CHALLENGE + ", Invalid parameter: aud",
            "user/*.rs,                                    '',                       s1, S256, " + CHALLENGE + ", Missing parameter: aud",
            // state
            "launch/patient,                               https://fhir.example/r4,  NULL, S256, " + CHALLENGE + ", Missing parameter: state",
            // PKCE
            "launch/patient,                               https://fhir.example/r4,  s1, NULL, NULL, Missing parameter: code_challenge_method",
            "launch/patient,                               https://fhir.example/r4,  s1, plain, " + CHALLENGE + ", code_challenge_method must be S256",
            "launch/patient,                               https://fhir.example/r4,  s1, s256, " + CHALLENGE + ", code_challenge_method must be S256",
            "launch/patient,                               https://fhir.example/r4,  s1, S256, NULL, Missing parameter: code_challenge",
    })
    void table(String scope, String aud, String state, String method, String challenge, String expected) {
        Optional<SmartAuthorizationRules.Violation> result =
                SmartAuthorizationRules.check(scope, aud, state, challenge, method, FHIR);
        if (expected.equals("OK")) {
            assertFalse(result.isPresent(), () -> "unexpected " + result);
        } else {
            assertTrue(result.isPresent(), "expected a violation");
            assertEquals("invalid_request", result.get().error());
            assertTrue(result.get().description().contains(expected), result.get().description());
        }
    }

    @ParameterizedTest
    @CsvSource({"https://evil.example/<script>", "https://fhir.example/r4%0d%0aSet-Cookie:x"})
    void descriptionsNeverEchoTheRequest(String aud) {
        SmartAuthorizationRules.Violation v = SmartAuthorizationRules.check("launch/patient", aud, "s", CHALLENGE, "S256", FHIR).orElseThrow();
        assertFalse(v.description().contains("evil") || v.description().contains("Set-Cookie"));
    }
}
