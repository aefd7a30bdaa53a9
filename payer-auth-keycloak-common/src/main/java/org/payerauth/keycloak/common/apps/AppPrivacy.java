package org.payerauth.keycloak.common.apps;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.util.JsonSerialization;
import org.payerauth.apps.PrivacyAttestation;
import org.payerauth.keycloak.common.UdapClientAttributes;

/**
 * Whether an app attested to its privacy practices, the same way for every app: from a valid privacy certification
 * accepted at its UDAP registration ({@value UdapClientAttributes#CERTIFICATIONS}, unexpired), else from what an
 * administrator entered for it ({@value #ATTESTATION_ATTRIBUTE}, a JSON object with the keys of
 * {@link PrivacyAttestation}); otherwise it has not attested and members read the realm's notice
 * ({@link #DEFAULT_NOTICE} unless {@code payer.apps.unattestedNotice} says otherwise).
 */
public final class AppPrivacy {

    /** The client attribute an administrator sets for an app registered by hand (JSON object). */
    public static final String ATTESTATION_ATTRIBUTE = "payer.privacyAttestation";
    /** What members read about an app that did not attest (after CMS's model notice). */
    public static final String DEFAULT_NOTICE = "This app has not told your health plan whether it has a privacy policy, "
            + "whether it sells or shares your data, or how you can stop its access and have your data deleted. Before you "
            + "allow it, look for its privacy policy and decide whether you are comfortable with how it will use your "
            + "data. You can allow it either way.";

    private static final Logger LOG = Logger.getLogger(AppPrivacy.class);

    private AppPrivacy() {
    }

    /** The app's attestation, if it made one that holds at {@code now}. */
    public static Optional<PrivacyAttestation> attestation(ClientModel client, Instant now) {
        for (Map<?, ?> certification : AppCertifications.of(client).orElse(List.of())) {
            if (Boolean.TRUE.equals(certification.get("privacy")) && certification.get("exp") instanceof Number exp
                    && Instant.ofEpochSecond(exp.longValue()).isAfter(now)
                    && certification.get("extensions") instanceof Map<?, ?> extensions
                    && extensions.get("example_privacy_disclosures") instanceof Map<?, ?> disclosures) {
                Optional<PrivacyAttestation> attestation = PrivacyAttestation.from(strings(disclosures),
                        PrivacyAttestation.CERTIFICATION, String.valueOf(certification.get("issuer")));
                if (attestation.isPresent()) {
                    return attestation;
                }
            }
        }
        String entered = client.getAttribute(ATTESTATION_ATTRIBUTE);
        if (entered != null && !entered.isBlank()) {
            try {
                return PrivacyAttestation.from(strings(JsonSerialization.readValue(entered, Map.class)),
                        PrivacyAttestation.ADMINISTRATOR, "the payer's administrator");
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warnf("Client %s: attribute %s is not a JSON object; no attestation from it", client.getClientId(),
                        ATTESTATION_ATTRIBUTE);
            }
        }
        return Optional.empty();
    }

    /** For pages: {@code attested}, and the policy and points, or the notice. */
    public static Map<String, Object> view(Optional<PrivacyAttestation> attestation, String notice) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("attested", attestation.isPresent());
        attestation.ifPresentOrElse(a -> {
            view.put("privacyPolicy", a.privacyPolicyUrl());
            view.put("points", a.points());
            view.put("source", a.source());
        }, () -> view.put("notice", notice == null || notice.isBlank() ? DEFAULT_NOTICE : notice.trim()));
        return view;
    }

    private static Map<String, Object> strings(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }
}
