package org.payerauth.udap.certification;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.payerauth.udap.jose.X5cJwtBuilder;

/**
 * A UDAP certification JWT (UDAP Security IG STU2 §7.4 template) that a certifier (or the app itself, self-signed)
 * signs: {@code iss} the certifier's URI, {@code sub} the app's URI, {@code certification_name},
 * {@code certification_uris}, {@code grant_types}, optional {@code aud}, {@code scope} and {@code extensions}; one year
 * by default. Used by the dev PKI tool and tests.
 */
public final class CertificationBuilder extends X5cJwtBuilder<CertificationBuilder> {

    /** The privacy attestation template of the example in IG §7.4 ({@code example_privacy_disclosures}). */
    public static final String PRIVACY_DISCLOSURES = "example_privacy_disclosures";

    private CertificationBuilder(String certifier, String appUri) {
        super(certifier, appUri, null);
        lifetime(Duration.ofDays(365));
    }

    /** An authorization_code certification of {@code appUri} under {@code uri} named {@code name}. */
    public static CertificationBuilder of(String certifier, String appUri, String uri, String name) {
        return new CertificationBuilder(certifier, appUri)
                .claim("certification_name", name)
                .claim("certification_uris", List.of(uri))
                .claim("grant_types", List.of("authorization_code", "refresh_token"))
                .claim("response_types", List.of("code"));
    }

    /**
     * A privacy attestation: {@code extensions.example_privacy_disclosures} with the app's privacy policy URL and its
     * answers (e.g. {@code sells_data: false}, {@code express_consent_before_sharing: true}).
     */
    public static CertificationBuilder privacy(String certifier, String appUri, String uri, String name,
                                               String privacyPolicyUrl, Map<String, Object> disclosures) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        if (privacyPolicyUrl != null) {
            values.put("privacy_policy", privacyPolicyUrl);
        }
        values.putAll(disclosures);
        return of(certifier, appUri, uri, name).claim("extensions", Map.of(PRIVACY_DISCLOSURES, values));
    }

    @Override
    protected CertificationBuilder self() {
        return this;
    }
}
