package org.payerauth.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an app attested about its privacy practices, in the words members read on the consent page and the account
 * page (CMS-9115-F: a payer may ask apps to attest and tell members when an app has not, treating every app the same).
 * Read from a privacy certification's {@code example_privacy_disclosures} (UDAP Security IG STU2 §7.4) or from the
 * same keys an administrator entered for an app registered by hand:
 * <ul>
 *   <li>{@code privacy_policy}: the URL of the app's privacy policy (required for an attestation);</li>
 *   <li>{@code sells_data} (boolean), {@code express_consent_before_sharing} (boolean),
 *       {@code explains_revocation_and_deletion} (boolean): CMS's attestation points;</li>
 *   <li>{@code funding}, {@code data_storage} (text), {@code data_access_notification} (boolean): the IG's example
 *       keys.</li>
 * </ul>
 * Unknown keys are ignored; a value of the wrong type is left out.
 *
 * @param source           {@code certification} or {@code administrator}
 * @param attestedBy       who vouches for it (the certifier's URI, or the administrator's entry)
 * @param privacyPolicyUrl the app's privacy policy
 * @param points           each attested point in plain words, in a fixed order
 */
public record PrivacyAttestation(String source, String attestedBy, String privacyPolicyUrl, List<String> points) {

    public static final String CERTIFICATION = "certification";
    public static final String ADMINISTRATOR = "administrator";

    public PrivacyAttestation {
        points = List.copyOf(points);
    }

    /**
     * The attestation the disclosures make; empty when they name no https privacy policy (then the app has not
     * attested).
     */
    public static Optional<PrivacyAttestation> from(Map<String, Object> disclosures, String source, String attestedBy) {
        if (disclosures == null || !(disclosures.get("privacy_policy") instanceof String policy)
                || !policy.startsWith("https://")) {
            return Optional.empty();
        }
        List<String> points = new ArrayList<>();
        points.add("It has a public privacy policy in plain language.");
        flag(disclosures, "sells_data", points, "It does not sell your data.", "It may sell your data.");
        flag(disclosures, "express_consent_before_sharing", points,
                "It asks for your express consent before it sells or shares your data.",
                "It does not ask for your express consent before it sells or shares your data.");
        flag(disclosures, "explains_revocation_and_deletion", points,
                "It tells you how to stop its access to your data and have your data deleted.",
                "It does not say how to stop its access to your data or have your data deleted.");
        flag(disclosures, "data_access_notification", points,
                "It tells you when someone else accesses your data.",
                "It does not tell you when someone else accesses your data.");
        text(disclosures, "data_storage", points, "It stores your data in: ");
        text(disclosures, "funding", points, "It is funded by: ");
        return Optional.of(new PrivacyAttestation(source, attestedBy, policy, points));
    }

    private static void flag(Map<String, Object> disclosures, String key, List<String> points, String yes, String no) {
        if (disclosures.get(key) instanceof Boolean value) {
            boolean good = key.equals("sells_data") ? !value : value;
            points.add(good ? yes : no);
        }
    }

    private static void text(Map<String, Object> disclosures, String key, List<String> points, String prefix) {
        if (disclosures.get(key) instanceof String value && !value.isBlank() && value.length() <= 200) {
            points.add(prefix + value.trim() + ".");
        }
    }
}
