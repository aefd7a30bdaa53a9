package org.payerauth.udap.tiered;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

class IdTokenRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String IDP = "https://idp.example/udap";

    private static Map<String, Object> idToken(Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", IDP);
        claims.put("sub", "alice");
        claims.put("aud", "our-client");
        claims.put("iat", NOW.getEpochSecond() - 10);
        claims.put("exp", NOW.getEpochSecond() + 290);
        claims.put("nonce", "n-123");
        change.accept(claims);
        return claims;
    }

    private static UdapException refused(Consumer<Map<String, Object>> change) {
        UdapException e = assertThrows(UdapException.class, () -> IdTokenRules.verify(idToken(change), IDP, "our-client",
                "n-123", NOW, Duration.ofSeconds(30)));
        assertEquals(Reason.INVALID_ID_TOKEN, e.reason());
        return e;
    }

    @Test
    void a_current_id_token_for_us_from_the_idp_with_our_nonce_is_accepted() {
        assertDoesNotThrow(() -> IdTokenRules.verify(idToken(c -> { }), IDP, "our-client", "n-123", NOW, Duration.ofSeconds(30)));
        assertDoesNotThrow(() -> IdTokenRules.verify(idToken(c -> c.put("aud", List.of("our-client"))), IDP, "our-client",
                "n-123", NOW, Duration.ofSeconds(30)));
    }

    @Test
    void iss_must_be_exactly_the_idp_the_login_was_sent_to() {
        refused(c -> c.put("iss", IDP + "/"));
        refused(c -> c.put("iss", "https://evil.example"));
        refused(c -> c.remove("iss"));
    }

    @Test
    void the_nonce_is_checked_always() {
        refused(c -> c.remove("nonce"));
        refused(c -> c.put("nonce", "n-other"));
        assertThrows(UdapException.class, () -> IdTokenRules.verify(idToken(c -> c.remove("nonce")), IDP, "our-client",
                null, NOW, Duration.ofSeconds(30)));
    }

    @Test
    void aud_must_contain_our_client_id_and_azp_must_name_us_when_there_are_others() {
        refused(c -> c.put("aud", "someone-else"));
        refused(c -> c.remove("aud"));
        refused(c -> c.put("aud", List.of("our-client", "other")));
        refused(c -> c.put("azp", "other"));
        assertDoesNotThrow(() -> IdTokenRules.verify(idToken(c -> {
            c.put("aud", List.of("our-client", "other"));
            c.put("azp", "our-client");
        }), IDP, "our-client", "n-123", NOW, Duration.ofSeconds(30)));
    }

    @Test
    void sub_exp_and_iat_are_required_and_current() {
        refused(c -> c.remove("sub"));
        refused(c -> c.remove("exp"));
        refused(c -> c.remove("iat"));
        refused(c -> c.put("exp", NOW.getEpochSecond() - 600));
        refused(c -> {
            c.put("iat", NOW.getEpochSecond() + 600);
            c.put("exp", NOW.getEpochSecond() + 900);
        });
    }
}
