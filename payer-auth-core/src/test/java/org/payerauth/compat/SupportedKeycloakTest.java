package org.payerauth.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SupportedKeycloakTest {

    @Test
    void every_patch_of_a_supported_line_serves() {
        for (String version : List.of("26.4.0", "26.4.7", "26.5.0", "26.5.6", "26.6.1", "26.7.0", "26.7.3", "26.7.12")) {
            SupportedKeycloak.Verdict verdict = SupportedKeycloak.check(version, List.of(), false);
            assertNull(assertInstanceOf(SupportedKeycloak.Supported.class, verdict, version).warning());
        }
    }

    @Test
    void the_red_hat_build_counts_by_its_upstream_line() {
        assertEquals(Optional.of("26.7"), SupportedKeycloak.line("26.7.3.redhat-00001"));
        assertEquals(Optional.of("26.4"), SupportedKeycloak.line("26.4.7-redhat-00002"));
        assertInstanceOf(SupportedKeycloak.Supported.class, SupportedKeycloak.check("26.5.6.redhat-00002", List.of(), false));
        assertInstanceOf(SupportedKeycloak.Supported.class, SupportedKeycloak.check("26.4.7.redhat-00001", List.of(), false));
        assertInstanceOf(SupportedKeycloak.Refused.class, SupportedKeycloak.check("26.2.11.redhat-00001", List.of(), false));
        assertInstanceOf(SupportedKeycloak.Supported.class, SupportedKeycloak.check("26.7.3.redhat-00001", List.of(), false));
    }

    @Test
    void a_keycloak_outside_the_supported_lines_is_refused_with_the_range_and_the_way_out() {
        for (String version : List.of("26.3.5", "26.2.0", "26.8.0", "27.0.0", "25.0.6")) {
            SupportedKeycloak.Refused refused = assertInstanceOf(SupportedKeycloak.Refused.class,
                    SupportedKeycloak.check(version, List.of(), false), version);
            assertTrue(refused.message().contains(SupportedKeycloak.RANGE), refused.message());
            assertTrue(refused.message().contains("Keycloak " + version), refused.message());
            assertTrue(refused.message().contains("allow-untested-version=true"), refused.message());
        }
    }

    @Test
    void an_unrecognised_version_is_refused() {
        for (String version : new String[] {null, "", "999-SNAPSHOT", "nightly", "26.7"}) {
            assertInstanceOf(SupportedKeycloak.Refused.class, SupportedKeycloak.check(version, List.of(), false),
                    String.valueOf(version));
        }
        assertEquals(Optional.empty(), SupportedKeycloak.line("26.7"));
    }

    @Test
    void the_operator_may_allow_an_untested_version_that_has_every_capability_and_is_warned() {
        SupportedKeycloak.Supported supported = assertInstanceOf(SupportedKeycloak.Supported.class,
                SupportedKeycloak.check("26.8.0", List.of(), true));
        assertNotNull(supported.warning());
        assertTrue(supported.warning().contains("26.8.0") && supported.warning().contains(SupportedKeycloak.RANGE));
    }

    @Test
    void a_missing_capability_refuses_whatever_the_version_and_the_operator_allow() {
        SupportedKeycloak.Capability postProcessor = SupportedKeycloak.clientPolicyHook("payer-auth-issuance-rules");
        for (String version : List.of("26.7.3", "26.5.6")) {
            for (boolean allow : new boolean[] {false, true}) {
                SupportedKeycloak.Refused refused = assertInstanceOf(SupportedKeycloak.Refused.class,
                        SupportedKeycloak.check(version, List.of(postProcessor), allow), version + " " + allow);
                assertTrue(refused.message().contains(postProcessor.className()), refused.message());
                assertTrue(refused.message().contains(postProcessor.whatNeedsIt()), refused.message());
                assertTrue(refused.message().contains(SupportedKeycloak.RANGE), refused.message());
            }
        }
    }
}
