package org.payerauth.oauth;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code jku} header of a client assertion (RFC 7515 §4.1.2): a URL its signer says the verification keys are
 * at. SMART App Launch 2.x, Backend Services ("jku" in the JWT header): a {@code jku} that is not the JWKS URL the
 * client registered fails with {@value OAuthErrorCodes#INVALID_CLIENT}. This server never fetches a {@code jku}:
 * keys come from the client's registration only (its JWKS URL, its JWKS by value, its certificate, or for UDAP the
 * assertion's {@code x5c}), so a {@code jku} is accepted only when it names exactly the registered JWKS URL.
 */
public final class JkuRule {

    /** The header parameter. */
    public static final String JKU = "jku";

    private JkuRule() {
    }

    /**
     * Why a client assertion with this JOSE {@code header} is refused (answered with
     * {@value OAuthErrorCodes#INVALID_CLIENT}), or empty when its {@code jku} is acceptable: absent, or a string
     * equal to {@code registeredJwksUrl}.
     *
     * @param header            the assertion's JOSE header as a JSON object
     * @param registeredJwksUrl the JWKS URL the client registered; null when it registered its keys by value or a
     *                          certificate (or, for UDAP, carries them in {@code x5c})
     */
    public static Optional<String> problem(Map<String, ?> header, String registeredJwksUrl) {
        if (header == null || !header.containsKey(JKU)) {
            return Optional.empty();
        }
        if (registeredJwksUrl == null || registeredJwksUrl.isBlank()) {
            return Optional.of("The client assertion has a jku header, but this client has no registered JWKS URL "
                    + "(its keys are registered by value or in a certificate): send the assertion without jku");
        }
        if (!(header.get(JKU) instanceof String jku) || !jku.equals(registeredJwksUrl)) {
            return Optional.of("The client assertion's jku header is not the JWKS URL registered for this client");
        }
        return Optional.empty();
    }
}
