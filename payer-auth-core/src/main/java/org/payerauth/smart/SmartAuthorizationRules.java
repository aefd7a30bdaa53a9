package org.payerauth.smart;

import java.util.Optional;

import org.payerauth.oauth.OAuthErrorCodes;
import org.payerauth.fhir.FhirBaseUrls;

/**
 * SMART App Launch rules for an authorization request, checked before any login page is shown:
 * {@code aud} present and naming one of the realm's FHIR base URLs, PKCE with {@code S256} only, and {@code state}.
 * Requests that are not SMART requests (see {@link SmartScopeRequest#isSmart()}) and carry no {@code aud} are left
 * to Keycloak's ordinary rules.
 */
public final class SmartAuthorizationRules {

    /** A broken rule: the OAuth error code and a fixed description that never echoes request input. */
    public record Violation(String error, String description) {
    }


    private SmartAuthorizationRules() {
    }

    /**
     * @param scope               the {@code scope} parameter
     * @param aud                 the {@code aud} parameter (or {@code resource} as its synonym), null when absent
     * @param state               the {@code state} parameter
     * @param codeChallenge       the {@code code_challenge} parameter
     * @param codeChallengeMethod the {@code code_challenge_method} parameter
     * @param fhirBaseUrls        the realm's FHIR base URLs
     */
    public static Optional<Violation> check(String scope, String aud, String state, String codeChallenge,
                                            String codeChallengeMethod, FhirBaseUrls fhirBaseUrls) {
        return check(SmartScopeRequest.parse(scope), aud, state, codeChallenge, codeChallengeMethod, fhirBaseUrls);
    }

    /** {@link #check(String, String, String, String, String, FhirBaseUrls)} of a {@code scope} already read. */
    public static Optional<Violation> check(SmartScopeRequest request, String aud, String state, String codeChallenge,
                                            String codeChallengeMethod, FhirBaseUrls fhirBaseUrls) {
        if (!request.isSmart() && aud == null) {
            return Optional.empty();
        }
        if (aud == null || aud.isBlank()) {
            return violation("Missing parameter: aud (the FHIR base URL the app will call)");
        }
        if (fhirBaseUrls.match(aud).isEmpty()) {
            return violation("Invalid parameter: aud is not a FHIR server protected by this authorization server");
        }
        if (state == null || state.isEmpty()) {
            return violation("Missing parameter: state");
        }
        if (codeChallengeMethod == null || codeChallengeMethod.isEmpty()) {
            return violation("Missing parameter: code_challenge_method (PKCE with S256 is required)");
        }
        if (!"S256".equals(codeChallengeMethod)) {
            return violation("Invalid parameter: code_challenge_method must be S256");
        }
        if (codeChallenge == null || codeChallenge.isEmpty()) {
            return violation("Missing parameter: code_challenge (PKCE with S256 is required)");
        }
        return Optional.empty();
    }

    private static Optional<Violation> violation(String description) {
        return Optional.of(new Violation(OAuthErrorCodes.INVALID_REQUEST, description));
    }
}
