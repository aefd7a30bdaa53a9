package org.payerauth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** SMART App Launch, Backend Services: a jku that is not the client's registered JWKS URL fails (invalid_client). */
class JkuRuleTest {

    private static final String REGISTERED = "https://app.example/.well-known/jwks.json";

    private static Map<String, Object> header(Object jku) {
        Map<String, Object> header = new HashMap<>(Map.of("alg", "RS384", "kid", "k1", "typ", "JWT"));
        header.put("jku", jku);
        return header;
    }

    @Test
    void anAssertionWithoutJku_isNotJudgedHere() {
        assertEquals(Optional.empty(), JkuRule.problem(Map.of("alg", "RS384", "kid", "k1"), REGISTERED));
        assertEquals(Optional.empty(), JkuRule.problem(Map.of("alg", "RS384"), null));
        assertEquals(Optional.empty(), JkuRule.problem(null, null));
    }

    @Test
    void aJkuEqualToTheRegisteredJwksUrl_isAccepted() {
        assertEquals(Optional.empty(), JkuRule.problem(header(REGISTERED), REGISTERED));
    }

    @Test
    void aJkuOtherThanTheRegisteredJwksUrl_isRefused() {
        for (Object jku : new Object[] {"test-bad-jku", "https://attacker.example/jwks.json", REGISTERED + "?x=1",
                REGISTERED.toUpperCase(), REGISTERED + "/", "", null, 42, List.of(REGISTERED), Map.of("url", REGISTERED)}) {
            Optional<String> problem = JkuRule.problem(header(jku), REGISTERED);
            assertTrue(problem.isPresent(), String.valueOf(jku));
            assertTrue(problem.get().contains("not the JWKS URL registered"), problem.get());
        }
    }

    @Test
    void anyJku_isRefusedForAClientRegisteredWithKeysByValueOrACertificate() {
        for (String registered : new String[] {null, "", "  "}) {
            Optional<String> problem = JkuRule.problem(header(REGISTERED), registered);
            assertTrue(problem.isPresent());
            assertTrue(problem.get().contains("no registered JWKS URL"), problem.get());
        }
    }
}
