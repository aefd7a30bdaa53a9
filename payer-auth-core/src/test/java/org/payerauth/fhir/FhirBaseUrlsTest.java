package org.payerauth.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FhirBaseUrlsTest {

    private static final FhirBaseUrls URLS =
            FhirBaseUrls.parse("https://fhir.payer.example/r4  https://fhir.payer.example/r4b/", "http://unused");

    @Test
    void firstUrlIsTheDefaultAndTrailingSlashesAreDropped() {
        assertEquals("https://fhir.payer.example/r4", URLS.defaultUrl());
        assertEquals(List.of("https://fhir.payer.example/r4", "https://fhir.payer.example/r4b"), URLS.all());
    }

    @Test
    void blankSettingFallsBackToTheRealmUrl() {
        assertEquals(List.of("http://localhost:8080/realms/payer"),
                FhirBaseUrls.parse("  ", "http://localhost:8080/realms/payer").all());
        assertEquals(List.of("http://localhost:8080/realms/payer"),
                FhirBaseUrls.parse(null, "http://localhost:8080/realms/payer/").all());
    }

    @ParameterizedTest(name = "aud {0} matches {1}")
    @CsvSource({
            "https://fhir.payer.example/r4, https://fhir.payer.example/r4",
            "https://fhir.payer.example/r4/, https://fhir.payer.example/r4",
            "HTTPS://FHIR.Payer.Example/r4, https://fhir.payer.example/r4",
            "https://fhir.payer.example:443/r4, https://fhir.payer.example/r4",
            "https://fhir.payer.example/r4b, https://fhir.payer.example/r4b",
    })
    void matchesConfiguredUrls(String aud, String expected) {
        assertEquals(Optional.of(expected), URLS.match(aud));
    }

    @ParameterizedTest(name = "aud [{0}] does not match")
    @ValueSource(strings = {
            "https://fhir.payer.example/R4",                  // path is case-sensitive
            "https://fhir.payer.example/r4/Patient",          // a sub-path is another URL
            "https://fhir.payer.example",                     // a parent is another URL
            "http://fhir.payer.example/r4",                   // scheme matters
            "https://fhir.payer.example:8443/r4",             // port matters
            "https://evil.example/r4",
            "https://fhir.payer.example/r4?x=1",
            "https://fhir.payer.example/r4#f",
            "https://user@fhir.payer.example/r4",
            "https://fhir.payer.example/r4,https://fhir.payer.example/r4b",
            "https://fhir.payer.example/r4 https://fhir.payer.example/r4b",
            " https://fhir.payer.example/r4",
            "https://fhir.payer.example/r4%0d%0aSet-Cookie:x",
            "<script>alert(1)</script>",
            "javascript:alert(1)",
            "",
    })
    void rejectsEverythingElse(String aud) {
        assertEquals(Optional.empty(), URLS.match(aud));
    }

    @Test
    void anAudWrittenAsConfigured_matchesWhatItsNormalizedFormMatches() {
        FhirBaseUrls twins = FhirBaseUrls.parse("https://FHIR.payer.example/r4 https://fhir.payer.example/r4", "http://x");
        // the second entry, written exactly, still designates the first equivalent one, as a parsed aud would
        assertEquals(Optional.of("https://FHIR.payer.example/r4"), twins.match("https://fhir.payer.example/r4"));
        assertEquals(Optional.of("https://FHIR.payer.example/r4"), twins.match("https://fhir.payer.example/r4/"));
        assertEquals(Optional.of("https://FHIR.payer.example/r4"), twins.match("https://FHIR.payer.example/r4"));
        // a fallback that is no URL matches nothing, not even itself
        assertEquals(Optional.empty(), FhirBaseUrls.parse(null, "not a url").match("not a url"));
    }

    @Test
    void nullAudNeverMatches() {
        assertEquals(Optional.empty(), URLS.match(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fhir.payer.example/r4", "ftp://fhir.payer.example/r4", "https://fhir.payer.example/r4?a=b"})
    void invalidSettingIsRefusedWithTheValueNamed(String setting) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FhirBaseUrls.parse(setting, "http://x"));
        assertEquals(true, e.getMessage().contains(setting));
    }
}
