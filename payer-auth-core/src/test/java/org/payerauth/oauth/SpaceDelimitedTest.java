package org.payerauth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpaceDelimitedTest {

    /** The words are exactly what the regular expression {@code \s+} split (and empty ones dropped) gave. */
    @ParameterizedTest
    @ValueSource(strings = {"", " ", "openid", "launch/patient openid fhirUser", "  a   b  ", "a\tb\nc\rd\fe\u000Bf",
            "patient/*.rs\u00a0x", "\u0001openid\u0002", "a\u0001b", "a  a", " leading", "trailing ", "\t\t"})
    void wordsAreTheNonEmptyRunsBetweenWhitespace(String value) {
        List<String> expected = Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        assertEquals(expected, SpaceDelimited.words(value));
    }

    @Test
    void nullHasNoWords() {
        assertEquals(List.of(), SpaceDelimited.words(null));
        assertFalse(SpaceDelimited.contains(null, "openid"));
    }

    @Test
    void containsMatchesWholeWordsOnly() {
        assertTrue(SpaceDelimited.contains("openid  launch/patient", "launch/patient"));
        assertFalse(SpaceDelimited.contains("openid launch/patient", "launch"));
        assertFalse(SpaceDelimited.contains("openid", ""));
    }
}
