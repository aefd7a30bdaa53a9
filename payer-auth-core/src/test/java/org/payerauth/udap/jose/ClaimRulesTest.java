package org.payerauth.udap.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/** The declared claim rules shared by software statements, client assertions and signed metadata. */
class ClaimRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(60);

    private static ClaimRules rules() {
        return ClaimRules.builder(Reason.CLIENT_AUTHENTICATION_FAILED, "client assertion")
                .exact("iss", "client-1", "the client_id")
                .required("sub")
                .prohibited("nonce")
                .audience("https://as.example/token", "the token endpoint")
                .timeWindow(Duration.ofSeconds(300), SKEW)
                .build();
    }

    private static Map<String, Object> claims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "client-1");
        claims.put("sub", "client-1");
        claims.put("aud", "https://as.example/token");
        claims.put("iat", NOW.getEpochSecond());
        claims.put("exp", NOW.plusSeconds(300).getEpochSecond());
        claims.put("jti", "j-1");
        return claims;
    }

    private static String refused(Map<String, Object> claims) {
        UdapException e = assertThrows(UdapException.class, () -> rules().verify(claims, NOW));
        assertEquals(Reason.CLIENT_AUTHENTICATION_FAILED, e.reason(), "every refusal carries the declared reason");
        return e.description();
    }

    @Test
    void claims_that_meet_every_rule_are_accepted_with_their_window_and_jti() throws UdapException {
        ClaimRules.Accepted accepted = rules().verify(claims(), NOW);
        assertEquals(NOW, accepted.issuedAt());
        assertEquals(NOW.plusSeconds(300), accepted.expiresAt());
        assertEquals("j-1", accepted.jti());
        assertEquals(360, accepted.replayLifespanSeconds(NOW, SKEW), "until exp plus the skew");
        assertEquals(1, accepted.replayLifespanSeconds(NOW.plusSeconds(1000), SKEW), "never below a second");
    }

    @Test
    void an_exact_claim_must_be_present_and_equal() {
        Map<String, Object> missing = claims();
        missing.remove("iss");
        assertEquals("Missing claim: iss (the client_id)", refused(missing));
        Map<String, Object> other = claims();
        other.put("iss", "client-2");
        assertEquals("The iss claim must be the client_id", refused(other));
        Map<String, Object> wrongType = claims();
        wrongType.put("iss", List.of("client-1"));
        assertEquals("The iss claim must be the client_id", refused(wrongType));
    }

    @Test
    void a_required_claim_must_be_a_non_blank_string() {
        Map<String, Object> missing = claims();
        missing.remove("sub");
        assertTrue(refused(missing).startsWith("Missing claim: sub"));
        Map<String, Object> blank = claims();
        blank.put("sub", " ");
        assertTrue(refused(blank).startsWith("Missing claim: sub"));
        Map<String, Object> number = claims();
        number.put("sub", 7);
        assertEquals("sub must be a string", refused(number));
    }

    @Test
    void a_prohibited_claim_must_be_absent() {
        Map<String, Object> claims = claims();
        claims.put("nonce", "n");
        assertEquals("The nonce claim is not allowed in a client assertion", refused(claims));
    }

    @Test
    void aud_must_be_the_one_expected_string_never_an_array() {
        Map<String, Object> missing = claims();
        missing.remove("aud");
        assertTrue(refused(missing).startsWith("Missing claim: aud (must be the token endpoint"));
        Map<String, Object> array = claims();
        array.put("aud", List.of("https://as.example/token"));
        assertTrue(refused(array).contains("as one string"));
        Map<String, Object> other = claims();
        other.put("aud", "https://as.example/other");
        assertTrue(refused(other).contains("https://as.example/token"));
    }

    @Test
    void exp_and_iat_are_required_numbers() {
        for (String name : List.of("exp", "iat")) {
            Map<String, Object> missing = claims();
            missing.remove(name);
            assertEquals("Missing claim: " + name, refused(missing));
            Map<String, Object> text = claims();
            text.put(name, "soon");
            assertTrue(refused(text).startsWith(name + " must be a number"));
            Map<String, Object> huge = claims();
            huge.put(name, Long.MAX_VALUE);
            assertTrue(refused(huge).contains(name), "out of range or past the window: " + name);
        }
    }

    @Test
    void the_time_window_allows_the_skew_and_no_more() throws UdapException {
        Map<String, Object> justExpired = claims();
        justExpired.put("iat", NOW.minusSeconds(320).getEpochSecond());
        justExpired.put("exp", NOW.minusSeconds(59).getEpochSecond());
        rules().verify(justExpired, NOW);
        Map<String, Object> expired = claims();
        expired.put("iat", NOW.minusSeconds(361).getEpochSecond());
        expired.put("exp", NOW.minusSeconds(61).getEpochSecond());
        assertTrue(refused(expired).contains("has expired"));

        Map<String, Object> future = claims();
        future.put("iat", NOW.plusSeconds(61).getEpochSecond());
        future.put("exp", NOW.plusSeconds(200).getEpochSecond());
        assertTrue(refused(future).contains("issued in the future"));
    }

    @Test
    void a_token_is_not_accepted_before_its_nbf() throws UdapException {
        Map<String, Object> early = claims();
        early.put("nbf", NOW.plusSeconds(61).getEpochSecond());
        assertTrue(refused(early).contains("nbf"));
        Map<String, Object> withinSkew = claims();
        withinSkew.put("nbf", NOW.plusSeconds(59).getEpochSecond());
        rules().verify(withinSkew, NOW);
        Map<String, Object> text = claims();
        text.put("nbf", "now");
        assertTrue(refused(text).startsWith("nbf must be a number"));
    }

    @Test
    void exp_must_follow_iat_by_at_most_the_lifetime() {
        Map<String, Object> reversed = claims();
        reversed.put("exp", NOW.getEpochSecond());
        assertEquals("exp must be after iat", refused(reversed));
        Map<String, Object> long_ = claims();
        long_.put("exp", NOW.plusSeconds(301).getEpochSecond());
        assertTrue(refused(long_).contains("at most 300 seconds"));
    }

    @Test
    void jti_is_required() {
        Map<String, Object> missing = claims();
        missing.remove("jti");
        assertEquals("Missing claim: jti (a unique identifier of this client assertion)", refused(missing));
        Map<String, Object> number = claims();
        number.put("jti", 5);
        assertEquals("jti must be a string", refused(number));
    }

    @Test
    void rules_are_checked_in_a_fixed_order() {
        Map<String, Object> everythingWrong = new HashMap<>();
        everythingWrong.put("nonce", "n");
        assertTrue(refused(everythingWrong).startsWith("Missing claim: iss"), "exact claims first");
    }
}
