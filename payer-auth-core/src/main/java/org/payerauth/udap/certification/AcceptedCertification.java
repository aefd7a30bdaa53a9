package org.payerauth.udap.certification;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A certification that passed every check: what the server keeps about it on the app and returns in the
 * registration response.
 *
 * @param uri        the definition's certification URI
 * @param name       the {@code certification_name}
 * @param issuer     the certifier ({@code iss}, a SAN URI of its certificate)
 * @param issuedAt   {@code iat}
 * @param expiresAt  {@code exp}
 * @param extensions the {@code extensions} object (empty when absent)
 * @param privacy    whether the definition is a privacy attestation
 * @param jwt        the certification as the app sent it (returned in the response's {@code certifications})
 */
public record AcceptedCertification(String uri, String name, String issuer, Instant issuedAt, Instant expiresAt,
                                    Map<String, Object> extensions, boolean privacy, String jwt) {

    public AcceptedCertification {
        extensions = extensions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** What the app's record keeps (JSON members), without the JWT. */
    public Map<String, Object> summary() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("uri", uri);
        if (name != null) {
            json.put("name", name);
        }
        json.put("issuer", issuer);
        json.put("iat", issuedAt.getEpochSecond());
        json.put("exp", expiresAt.getEpochSecond());
        json.put("privacy", privacy);
        json.put("extensions", extensions);
        return json;
    }

    /** The JWTs of {@code accepted}, for the response's {@code certifications} member. */
    public static List<String> jwts(List<AcceptedCertification> accepted) {
        return accepted.stream().map(AcceptedCertification::jwt).toList();
    }
}
