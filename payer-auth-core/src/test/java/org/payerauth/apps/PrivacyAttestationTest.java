package org.payerauth.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** CMS-9115-F app privacy attestations, shown to members in the same words for every app. */
class PrivacyAttestationTest {

    @Test
    void anAttestation_namesItsPrivacyPolicy_andEachPointInPlainWords() {
        PrivacyAttestation attestation = PrivacyAttestation.from(Map.of("privacy_policy", "https://app.example/privacy",
                "sells_data", false, "express_consent_before_sharing", true, "explains_revocation_and_deletion", true,
                "data_storage", "United States", "unknown_key", "ignored"), PrivacyAttestation.CERTIFICATION,
                "https://certifier.example").orElseThrow();
        assertEquals("https://app.example/privacy", attestation.privacyPolicyUrl());
        assertEquals(List.of("It has a public privacy policy in plain language.", "It does not sell your data.",
                "It asks for your express consent before it sells or shares your data.",
                "It tells you how to stop its access to your data and have your data deleted.",
                "It stores your data in: United States."), attestation.points());
    }

    @Test
    void whatItDoesNotPromise_isSaidToo() {
        List<String> points = PrivacyAttestation.from(Map.of("privacy_policy", "https://app.example/privacy", "sells_data", true,
                "express_consent_before_sharing", false), PrivacyAttestation.ADMINISTRATOR, "admin").orElseThrow().points();
        assertTrue(points.contains("It may sell your data."), points.toString());
        assertTrue(points.contains("It does not ask for your express consent before it sells or shares your data."));
    }

    @Test
    void withoutAnHttpsPrivacyPolicy_thereIsNoAttestation() {
        assertEquals(Optional.empty(), PrivacyAttestation.from(Map.of("sells_data", false), PrivacyAttestation.CERTIFICATION, "x"));
        assertEquals(Optional.empty(), PrivacyAttestation.from(Map.of("privacy_policy", "http://app.example/privacy"),
                PrivacyAttestation.CERTIFICATION, "x"));
        assertEquals(Optional.empty(), PrivacyAttestation.from(null, PrivacyAttestation.CERTIFICATION, "x"));
        assertEquals(List.of("It has a public privacy policy in plain language."), PrivacyAttestation.from(
                Map.of("privacy_policy", "https://app.example/p", "sells_data", "no"), PrivacyAttestation.CERTIFICATION, "x")
                .orElseThrow().points(), "a value of the wrong type is left out");
    }
}
