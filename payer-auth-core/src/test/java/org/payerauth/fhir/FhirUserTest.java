package org.payerauth.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FhirUserTest {

    private static final FhirBaseUrls FHIR = FhirBaseUrls.parse("https://fhir.example/r4 https://fhir.example/r4b", "http://x");

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(nullValues = "NONE", value = {
            "Patient/alice-1,                             https://fhir.example/r4/Patient/alice-1",
            "RelatedPerson/rita-rp,                       https://fhir.example/r4/RelatedPerson/rita-rp",
            "Person/p1,                                   https://fhir.example/r4/Person/p1",
            "https://fhir.example/r4b/Patient/alice-1,    https://fhir.example/r4b/Patient/alice-1",
            "Observation/1,                               NONE",
            "Patient/../x,                                NONE",
            "https://evil.example/Patient/1,              NONE",
            "'',                                          NONE",
    })
    void makesStoredReferencesAbsolute(String stored, String expected) {
        assertEquals(Optional.ofNullable(expected), FhirUser.absolute(stored, FHIR));
    }
}
