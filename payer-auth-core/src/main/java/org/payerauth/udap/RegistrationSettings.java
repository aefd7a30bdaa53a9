package org.payerauth.udap;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How strict the registration endpoint is, per realm.
 *
 * @param mode                       the IG version whose rules apply
 * @param clientSecretBasicAllowed   accept {@code token_endpoint_auth_method=client_secret_basic} (CARIN STU1)
 * @param localhostRedirectsAllowed  accept {@code http://localhost} / {@code http://127.0.0.1} redirect URIs (dev only)
 * @param maxRequestBytes            largest accepted request body
 * @param maxX5cCount                most certificates accepted in {@code x5c}
 * @param maxX5cEntryBytes           largest accepted {@code x5c} entry (base64 characters)
 * @param algorithms                 accepted JWS algorithms (never {@code none} or HMAC)
 * @param maxStatementLifetime       largest accepted {@code exp - iat}
 * @param clockSkew                  tolerance for {@code iat} in the future and {@code exp} just past
 */
public record RegistrationSettings(Mode mode, boolean clientSecretBasicAllowed, boolean localhostRedirectsAllowed,
                                   int maxRequestBytes, int maxX5cCount, int maxX5cEntryBytes, Set<String> algorithms,
                                   Duration maxStatementLifetime, Duration clockSkew) {

    /** UDAP Security IG version. */
    public enum Mode {
        /** STU2 (2.0.0): PKCE S256 and {@code state} required for authorization_code. */
        STU2,
        /** STU1.1 (1.1.0): PKCE and {@code state} optional (what Inferno's current kit sends). */
        STU1_1;

        /**
         * Reads a setting: blank or {@code stu2} is STU2, {@code stu1.1} or {@code stu11} (any case) is STU1.1,
         * anything else is empty (the caller decides, and logs).
         */
        public static java.util.Optional<Mode> parse(String value) {
            if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("stu2")) {
                return java.util.Optional.of(STU2);
            }
            if (value.trim().toLowerCase(java.util.Locale.ROOT).matches("stu1\\.?1")) {
                return java.util.Optional.of(STU1_1);
            }
            return java.util.Optional.empty();
        }
    }

    /** RS256 SHALL, ES256 SHOULD, RS384 / ES384 MAY (IG general §7.1.2). */
    public static final List<String> SUPPORTED_ALGORITHMS = List.of("RS256", "ES256", "RS384", "ES384");

    public static RegistrationSettings defaults() {
        return new RegistrationSettings(Mode.STU2, true, false, 64 * 1024, 5, 8 * 1024,
                Set.copyOf(SUPPORTED_ALGORITHMS), Duration.ofSeconds(300), Duration.ofSeconds(60));
    }

    public RegistrationSettings withMode(Mode value) {
        return new RegistrationSettings(value, clientSecretBasicAllowed, localhostRedirectsAllowed, maxRequestBytes,
                maxX5cCount, maxX5cEntryBytes, algorithms, maxStatementLifetime, clockSkew);
    }

    public RegistrationSettings withClientSecretBasicAllowed(boolean value) {
        return new RegistrationSettings(mode, value, localhostRedirectsAllowed, maxRequestBytes, maxX5cCount,
                maxX5cEntryBytes, algorithms, maxStatementLifetime, clockSkew);
    }

    public RegistrationSettings withLocalhostRedirectsAllowed(boolean value) {
        return new RegistrationSettings(mode, clientSecretBasicAllowed, value, maxRequestBytes, maxX5cCount,
                maxX5cEntryBytes, algorithms, maxStatementLifetime, clockSkew);
    }

    public RegistrationSettings withLimits(int requestBytes, int x5cCount, int x5cEntryBytes) {
        return new RegistrationSettings(mode, clientSecretBasicAllowed, localhostRedirectsAllowed, requestBytes,
                x5cCount, x5cEntryBytes, algorithms, maxStatementLifetime, clockSkew);
    }
}
