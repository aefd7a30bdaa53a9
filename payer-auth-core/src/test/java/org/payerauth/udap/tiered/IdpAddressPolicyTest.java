package org.payerauth.udap.tiered;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

class IdpAddressPolicyTest {

    /** Resolves literals like the system does, and names through a fixed table (no DNS in unit tests). */
    private static List<InetAddress> resolve(String host) throws UnknownHostException {
        return switch (host) {
            case "public.example" -> List.of(InetAddress.getByName("93.184.216.34"));
            case "internal.example" -> List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.1.2.3"));
            case "nowhere.example" -> throw new UnknownHostException(host);
            default -> List.of(InetAddress.getAllByName(host));
        };
    }

    private final IdpAddressPolicy production = new IdpAddressPolicy(false, IdpAddressPolicyTest::resolve);

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/", "https://localhost/", "https://[::1]/", "https://0.0.0.0/", "https://10.0.0.1/",
            "https://172.16.5.4/", "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data", "https://[fd00::1]/",
            "https://[fe80::1]/", "https://2130706433/", "https://[::ffff:127.0.0.1]/", "https://100.64.0.1/",
            "https://224.0.0.1/", "https://internal.example/"})
    void an_idp_on_a_loopback_private_or_link_local_address_is_refused_before_any_connection(String url) {
        UdapException e = assertThrows(UdapException.class, () -> production.check(URI.create(url)));
        assertEquals(Reason.UNTRUSTED_IDENTITY_PROVIDER, e.reason());
        assertEquals("invalid_idp", e.error());
    }

    @Test
    void the_app_is_not_told_the_private_address_an_internal_host_resolves_to_but_operators_are() {
        UdapException internal = assertThrows(UdapException.class, () -> production.check(URI.create("https://internal.example/")));
        UdapException unresolved = assertThrows(UdapException.class, () -> production.check(URI.create("https://nowhere.example/")));
        assertEquals(IdpAddressPolicy.UNUSABLE_HOST, internal.description());
        assertEquals(internal.description(), unresolved.description(), "nor whether the name resolves at all");
        assertFalse(internal.description().contains("10.1.2.3"), internal.description());
        assertTrue(internal.detail().contains("internal.example") && internal.detail().contains("10.1.2.3"), internal.detail());
        assertTrue(unresolved.detail().contains("nowhere.example does not resolve"), unresolved.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b::7f00:1", "64:ff9b::5db8:d822", "64:ff9b:1::a01:203", "64:ff9b:1:ffff::1",
            "2002:7f00:1::1", "2002:5db8:d822::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::1", "::7f00:1",
            "::ffff:7f00:1", "::ffff:a9fe:a9fe"})
    void an_ipv6_address_that_reaches_ipv4_through_nat64_6to4_teredo_or_an_embedded_form_is_not_public(String literal)
            throws UnknownHostException {
        assertFalse(IdpAddressPolicy.isPublic(InetAddress.getByName(literal)), literal);
        assertThrows(UdapException.class, () -> production.check(URI.create("https://[" + literal + "]/")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9a::1", "64:ff9b:2::1", "2003::1", "2001:1::1", "2001:4860:4860::8888"})
    void the_addresses_next_to_those_prefixes_stay_public(String literal) throws UnknownHostException {
        assertTrue(IdpAddressPolicy.isPublic(InetAddress.getByName(literal)), literal);
    }

    @Test
    void an_idp_must_be_reached_over_https() {
        assertThrows(UdapException.class, () -> production.check(URI.create("http://public.example/")));
    }

    @Test
    void an_idp_whose_name_does_not_resolve_is_refused() {
        assertThrows(UdapException.class, () -> production.check(URI.create("https://nowhere.example/")));
    }

    @Test
    void a_public_https_idp_is_allowed() {
        assertDoesNotThrow(() -> production.check(URI.create("https://public.example/udap")));
        assertDoesNotThrow(() -> production.check(URI.create("https://[2606:4700::1111]/")));
    }

    @Test
    void the_development_switch_allows_http_and_loopback_only_when_set() {
        IdpAddressPolicy development = new IdpAddressPolicy(true, IdpAddressPolicyTest::resolve);
        assertDoesNotThrow(() -> development.check(URI.create("http://localhost:8080/realms/idp")));
        assertThrows(UdapException.class, () -> development.check(URI.create("file:///etc/passwd")));
    }
}
