package org.payerauth.keycloak.payer.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What the console's App review tab answers to "Show this app": the review view in sentences. */
class AppReviewViewTest {

    @Test
    void aHeldAppWithoutCertificationsOrAttestation() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("clientId", "new-app");
        view.put("state", "pending");
        view.put("changedAt", "2026-12-06T10:00:00Z");
        view.put("certifications", List.of());
        view.put("privacy", Map.of("attested", false, "notice", "..."));
        assertEquals("App new-app: waiting for review since 2026-12-06T10:00:00Z. Certifications: none. "
                + "No privacy attestation: members read the notice for apps that did not attest.", AppReviewView.sentences(view));
    }

    @Test
    void anApprovedAppWithACertifiedAttestation_namesWhoDecidedAndWhatItAttests() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("clientId", "udap-app");
        view.put("state", "approved");
        view.put("changedAt", "2026-12-06T11:00:00Z");
        view.put("changedBy", "3f2a");
        view.put("changedByUsername", "ravi");
        view.put("udapIss", "https://apps.test/app");
        view.put("certifications", List.of(
                Map.of("name", "Privacy", "uri", "https://c.test/p", "issuer", "https://c.test", "valid", true,
                        "expiresAt", "2027-06-01T00:00:00Z"),
                Map.of("uri", "https://c.test/old", "issuer", "https://c.test", "valid", false,
                        "expiresAt", "2026-01-01T00:00:00Z")));
        view.put("privacy", Map.of("attested", true, "source", "certification", "privacyPolicy", "https://apps.test/privacy",
                "points", List.of("It has a public privacy policy in plain language.", "It does not sell your data.")));
        assertEquals("App udap-app: approved since 2026-12-06T11:00:00Z by ravi. Registered by UDAP as https://apps.test/app. "
                + "Certifications: Privacy by https://c.test, valid until 2027-06-01T00:00:00Z; https://c.test/old by "
                + "https://c.test, expired 2026-01-01T00:00:00Z. Privacy attestation (from its certification): policy "
                + "https://apps.test/privacy; It has a public privacy policy in plain language. It does not sell your data.",
                AppReviewView.sentences(view));
    }

    @Test
    void anAppNeverHeld_saysSo() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("clientId", "old-app");
        view.put("state", "approved");
        view.put("certifications", List.of());
        view.put("privacy", Map.of("attested", false));
        assertEquals("App old-app: approved (never held for review). Certifications: none. "
                + "No privacy attestation: members read the notice for apps that did not attest.", AppReviewView.sentences(view));
    }
}
