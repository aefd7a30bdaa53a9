package org.payerauth.udap.tiered;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;
import org.payerauth.udap.jose.ClaimRules;

/**
 * The claims of an identity provider's ID token, after its signature verified (UDAP Tiered OAuth §4.3, OIDC Core
 * §3.1.3.7; U11, U12): {@code iss} is exactly the {@code idp} the login was sent to; {@code sub} is present (with
 * {@code iss} the member's stable identity); {@code aud} contains our client_id at that IdP and, when it names others
 * too, {@code azp} is our client_id; {@code exp} and {@code iat} are present and current; {@code nonce} equals the one
 * this server sent, always (udap-dotnet leaves that check out).
 */
public final class IdTokenRules {

    /** An ID token may live at most a day: IdPs issue them for minutes. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(1);

    private IdTokenRules() {
    }

    /**
     * @param claims        the verified ID token's claims
     * @param idp           the IdP's base URL the login was sent to
     * @param clientId      this server's client_id at the IdP
     * @param expectedNonce the nonce this server sent in the authentication request
     * @throws UdapException {@link Reason#INVALID_ID_TOKEN}
     */
    public static void verify(Map<String, Object> claims, String idp, String clientId, String expectedNonce,
                              Instant now, Duration clockSkew) throws UdapException {
        if (expectedNonce == null || expectedNonce.isEmpty()) {
            throw refuse("No nonce was sent for this login, so no ID token can be accepted");
        }
        ClaimRules.builder(Reason.INVALID_ID_TOKEN, "ID token")
                .exact("iss", idp, "the identity provider the login was sent to: " + idp)
                .exact("nonce", expectedNonce, "the nonce sent in the authentication request")
                .required("sub")
                .timeWindow(MAX_LIFETIME, clockSkew)
                .jtiOptional()
                .build()
                .verify(claims, now);
        Object aud = claims.get("aud");
        List<?> audiences = aud instanceof List<?> list ? list : aud == null ? List.of() : List.of(aud);
        if (!audiences.contains(clientId)) {
            throw refuse("The ID token's aud must contain this server's client_id at the identity provider");
        }
        Object azp = claims.get("azp");
        if (audiences.size() > 1 && azp == null) {
            throw refuse("The ID token names several audiences but no azp");
        }
        if (azp != null && !clientId.equals(azp)) {
            throw refuse("The ID token's azp must be this server's client_id at the identity provider");
        }
    }

    private static UdapException refuse(String description) {
        return new UdapException(Reason.INVALID_ID_TOKEN, description);
    }
}
