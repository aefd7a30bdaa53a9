package org.payerauth.smart.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Security review 2, H2: each launch's patient and {@code aud} are bound to its own authorization code. */
class LaunchBindingTest {

    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /** RFC 7636 Appendix B: S256 of the verifier above. */
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final LaunchContext KIM = new LaunchContext("kim-2002", "https://fhir.example/r4");
    private static final LaunchContext MONA = new LaunchContext("mona-2003", "https://fhir.example/r4");

    @Nested
    class The_code_exchange_finds_its_launch_from_the_code_verifier {

        @Test
        void an_S256_challenge_and_its_verifier_name_the_same_launch() {
            assertEquals(LaunchBinding.keyAtAuthorization("app", "rita", CHALLENGE, "S256"),
                    LaunchBinding.keyAtExchange("app", "rita", VERIFIER));
        }

        @Test
        void a_plain_challenge_and_its_verifier_name_the_same_launch() {
            assertEquals(LaunchBinding.keyAtAuthorization("app", "rita", VERIFIER, "plain"),
                    LaunchBinding.keyAtExchange("app", "rita", VERIFIER));
        }

        @Test
        void launches_of_other_apps_members_or_challenges_are_other_launches() {
            String key = LaunchBinding.keyAtAuthorization("app", "rita", CHALLENGE, "S256");
            assertNotEquals(key, LaunchBinding.keyAtExchange("other-app", "rita", VERIFIER));
            assertNotEquals(key, LaunchBinding.keyAtExchange("app", "alice", VERIFIER));
            assertNotEquals(key, LaunchBinding.keyAtExchange("app", "rita", VERIFIER + "x"));
        }

        @Test
        void without_pkce_both_sides_use_the_no_pkce_key() {
            assertEquals(LaunchBinding.keyAtAuthorization("app", "rita", null, null),
                    LaunchBinding.keyAtExchange("app", "rita", null));
        }
    }

    @Nested
    class A_code_yields_only_its_own_launch {

        @Test
        void the_kept_launch_is_what_the_code_yields() {
            var verdict = LaunchBinding.atCodeExchange(LaunchBinding.notesToKeep(KIM, "tab1", null), KIM, true);
            assertEquals(KIM, assertInstanceOf(LaunchBinding.Bound.class, verdict).launch());
        }

        @Test
        void a_code_whose_launch_a_later_launch_replaced_never_yields_the_later_patient() {
            // launch 1 (kim) authorized, launch 2 (mona) authorized after it: the client session holds mona
            var verdict = LaunchBinding.atCodeExchange(LaunchBinding.notesToKeep(KIM, "tab1", null), MONA, true);
            assertEquals(LaunchBinding.REPLACED, assertInstanceOf(LaunchBinding.Refused.class, verdict).description());
        }

        @Test
        void a_code_whose_launch_a_later_launch_for_another_fhir_server_replaced_is_refused() {
            LaunchContext otherServer = new LaunchContext("kim-2002", "https://fhir.example/other");
            assertInstanceOf(LaunchBinding.Refused.class,
                    LaunchBinding.atCodeExchange(LaunchBinding.notesToKeep(KIM, "tab1", null), otherServer, true));
        }

        @Test
        void a_launch_without_patient_context_is_not_refused_for_an_earlier_launchs_patient() {
            LaunchContext userScopes = new LaunchContext(null, "https://fhir.example/r4");
            var verdict = LaunchBinding.atCodeExchange(LaunchBinding.notesToKeep(userScopes, "tab2", null), KIM, false);
            assertEquals(userScopes, assertInstanceOf(LaunchBinding.Bound.class, verdict).launch());
        }

        @Test
        void a_smart_code_with_no_launch_bound_is_refused() {
            assertEquals(LaunchBinding.NO_LAUNCH,
                    assertInstanceOf(LaunchBinding.Refused.class, LaunchBinding.atCodeExchange(null, KIM, true)).description());
            assertInstanceOf(LaunchBinding.Refused.class, LaunchBinding.atCodeExchange(Map.of(), KIM, false));
        }
    }

    @Nested
    class Two_launches_under_one_challenge_bind_nothing {

        @Test
        void a_second_authorization_with_another_context_makes_the_binding_ambiguous() {
            Map<String, String> first = LaunchBinding.notesToKeep(KIM, "tab1", null);
            Map<String, String> second = LaunchBinding.notesToKeep(MONA, "tab2", first);
            assertEquals(LaunchBinding.AMBIGUOUS, assertInstanceOf(LaunchBinding.Refused.class,
                    LaunchBinding.atCodeExchange(second, MONA, true)).description());
            // and stays so for a third
            Map<String, String> third = LaunchBinding.notesToKeep(KIM, "tab3", second);
            assertInstanceOf(LaunchBinding.Refused.class, LaunchBinding.atCodeExchange(third, KIM, true));
        }

        @Test
        void the_same_authorization_choosing_again_replaces_its_own_binding() {
            Map<String, String> first = LaunchBinding.notesToKeep(KIM, "tab1", null);
            Map<String, String> again = LaunchBinding.notesToKeep(MONA, "tab1", first);
            assertEquals(MONA, assertInstanceOf(LaunchBinding.Bound.class, LaunchBinding.atCodeExchange(again, MONA, true)).launch());
        }
    }

    @Test
    void a_refresh_token_naming_another_patient_or_fhir_server_than_the_session_is_refused() {
        assertTrue(LaunchBinding.refreshRefusal("kim-2002", KIM.aud(), MONA).isPresent());
        assertTrue(LaunchBinding.refreshRefusal("kim-2002", "https://fhir.example/other", KIM).isPresent());
        assertTrue(LaunchBinding.refreshRefusal("kim-2002", KIM.aud(), KIM).isEmpty());
        assertTrue(LaunchBinding.refreshRefusal(null, null, MONA).isEmpty(), "tokens from before the claims existed");
    }
}
