package org.payerauth.udap.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

class TieredRequestTest {

    @Test
    void udap_scope_with_an_idp_url_is_a_tiered_request() throws UdapException {
        TieredRequest request = TieredRequest.parse("openid udap launch/patient", "https://idp.example/udap").orElseThrow();
        assertEquals("https://idp.example/udap", request.idp());
        assertEquals(Optional.empty(), request.community());
        assertEquals("https://idp.example/udap/.well-known/udap", request.metadataUrl().toString());
    }

    @Test
    void without_the_udap_scope_the_idp_parameter_is_ignored_even_when_malformed() throws UdapException {
        assertTrue(TieredRequest.parse("openid launch/patient", "https://idp.example").isEmpty());
        assertTrue(TieredRequest.parse("openid udapx", "not a url").isEmpty());
        assertTrue(TieredRequest.parse(null, "https://idp.example").isEmpty());
    }

    @Test
    void udap_scope_without_idp_is_a_normal_login() throws UdapException {
        assertTrue(TieredRequest.parse("openid udap", null).isEmpty());
        assertTrue(TieredRequest.parse("openid udap", "").isEmpty());
    }

    @Test
    void a_community_inside_the_idp_value_is_stripped_and_forwarded_to_the_metadata_request() throws UdapException {
        TieredRequest request = TieredRequest.parse("udap openid",
                "https://idp.example/base/?community=udap%3A%2F%2Fcommunity.example%2Fone").orElseThrow();
        assertEquals("https://idp.example/base/", request.idp());
        assertEquals(Optional.of("udap://community.example/one"), request.community());
        assertEquals("https://idp.example/base/.well-known/udap?community=udap%3A%2F%2Fcommunity.example%2Fone",
                request.metadataUrl().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"idp.example", "/relative/path", "ftp://idp.example", "https://", "https://trusted.example@evil.example",
            "https://idp.example/#frag", "https://idp.example/a/../b", "https://idp.example/?other=1",
            "https://idp.example/?community=a&x=1", "https://idp.example/?community=", "https://idp .example"})
    void an_idp_that_is_not_an_absolute_url_is_invalid_request(String idp) {
        UdapException e = assertThrows(UdapException.class, () -> TieredRequest.parse("openid udap", idp));
        assertEquals(Reason.INVALID_IDP_PARAMETER, e.reason());
        assertEquals("invalid_request", e.error());
    }

    @Test
    void an_overlong_idp_is_refused() {
        String idp = "https://idp.example/" + "a".repeat(TieredRequest.MAX_IDP_LENGTH);
        assertEquals(Reason.INVALID_IDP_PARAMETER,
                assertThrows(UdapException.class, () -> TieredRequest.parse("udap", idp)).reason());
    }

    @Test
    void the_alias_is_deterministic_prefixed_and_differs_per_idp() {
        assertEquals(TieredAlias.of("https://idp.example"), TieredAlias.of("https://idp.example"));
        assertTrue(TieredAlias.of("https://idp.example").startsWith(TieredAlias.PREFIX));
        assertTrue(TieredAlias.of("https://idp.example").matches("[a-z0-9-]{30,40}"));
        assertTrue(!TieredAlias.of("https://idp.example").equals(TieredAlias.of("https://idp.example/")));
    }
}
