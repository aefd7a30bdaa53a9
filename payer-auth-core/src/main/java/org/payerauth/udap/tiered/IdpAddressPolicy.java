package org.payerauth.udap.tiered;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/**
 * Where this server may connect when it looks up an identity provider named by an app (server-side request forgery,
 * attack catalogue §4.1): https only, and every address the host resolves to must be public: no loopback,
 * private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 with the cloud metadata address, fe80::/10),
 * carrier-grade NAT (100.64/10), "this network" (0/8), any-local or multicast address, and the IPv6 prefixes that
 * reach an arbitrary IPv4 address through a translator or tunnel (NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16,
 * Teredo 2001::/32). IP literals in any form Java
 * accepts (decimal, IPv4-mapped IPv6) are checked by the address they denote. A realm switch for development allows
 * http and non-public addresses (the test suite runs on loopback).
 *
 * <p>A host that does not resolve and one that resolves to a non-public address get the same description, which names
 * neither the address nor which of the two it was (the app must not learn this server's internal DNS); the host and
 * address are in the refusal's operator-only {@link UdapException#detail()}.
 *
 * <p>All Tiered traffic (metadata, OpenID configuration, registration, code exchange, JWKS) goes through one HTTP
 * client whose resolver applies this policy to the addresses it is about to connect to, so DNS rebinding between a
 * check and the connection is closed (security review 2, M4). Through an operator-approved outbound proxy
 * ({@code udap.tiered.allowProxy}) the proxy resolves names, and only the check before each fetch applies.
 */
public final class IdpAddressPolicy {

    /** Resolves a host name (injectable for tests). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    public static final Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** What an app is told about a host that does not resolve or resolves to a non-public address. */
    public static final String UNUSABLE_HOST = "The identity provider's host is not one this server connects to: it "
            + "must resolve to public addresses only";

    private final boolean allowInsecure;
    private final Resolver resolver;

    /**
     * @param allowInsecure allow http and loopback/private/link-local addresses (development only)
     */
    public IdpAddressPolicy(boolean allowInsecure, Resolver resolver) {
        this.allowInsecure = allowInsecure;
        this.resolver = resolver;
    }

    /** Refuses (invalid_idp) a URL this server must not fetch. */
    public void check(URI url) throws UdapException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (allowInsecure) {
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw refuse("The identity provider URL must be http(s): " + url);
            }
            return;
        }
        if (!scheme.equals("https")) {
            throw refuse("The identity provider must be reached over https: " + url);
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw refuse("The identity provider URL has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw unusableHost("host " + host + " does not resolve");
        }
        if (addresses.isEmpty()) {
            throw unusableHost("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw unusableHost("host " + host + " resolves to the non-public address " + address.getHostAddress());
            }
        }
    }

    /** Whether an address is a public unicast address. */
    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || first >= 240 || (first == 100 && second >= 64 && second < 128)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19))) {
                return false;
            }
            return true;
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // fc00::/7 unique local
                return false;
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0xc0) { // fec0::/10 site-local (deprecated)
                return false;
            }
            boolean mappedOrCompatible = true;
            for (int i = 0; i < 10; i++) {
                mappedOrCompatible &= b[i] == 0;
            }
            if (mappedOrCompatible && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) { // 2001:db8::/32
                return false;
            }
            if (isTranslatedOrTunnelled(b)) {
                return false;
            }
            return true;
        }
        return false;
    }

    /**
     * Prefixes that reach an IPv4 address, chosen by the sender, through a translator or tunnel this server does not
     * control: NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48), 6to4 (2002::/16) and Teredo (2001::/32). Judging
     * the embedded IPv4 address is not enough (a local NAT64 translator may map it to anything, a Teredo relay is a
     * third party), so the whole prefixes count as non-public.
     */
    private static boolean isTranslatedOrTunnelled(byte[] b) {
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        int w2 = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
        if (w0 == 0x0064 && w1 == 0xff9b) {
            boolean wellKnown = w2 == 0;
            for (int i = 6; i < 12 && wellKnown; i++) {
                wellKnown = b[i] == 0;
            }
            return wellKnown || w2 == 0x0001; // 64:ff9b::/96, 64:ff9b:1::/48
        }
        return w0 == 0x2002 // 6to4
                || (w0 == 0x2001 && w1 == 0x0000); // Teredo
    }

    private static UdapException refuse(String description) {
        return new UdapException(Reason.UNTRUSTED_IDENTITY_PROVIDER, description);
    }

    /** The one description for a host this server does not connect to; {@code detail} only for operators. */
    private static UdapException unusableHost(String detail) {
        return new UdapException(Reason.UNTRUSTED_IDENTITY_PROVIDER, UNUSABLE_HOST, detail);
    }
}
