package org.payerauth.keycloak.udap.registration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Keycloak {@code client_id} of a UDAP registration is derived from its registration key (trust community,
 * {@code iss}): the same app in the same community always finds its client by Keycloak's unique, indexed client_id
 * (no scan of clients), concurrent registrations of one key collide on that unique constraint and so make exactly
 * one client, and the same {@code iss} in another community gets another client.
 */
public final class UdapClientIds {

    static final String PREFIX = "udap-";

    private UdapClientIds() {
    }

    public static String of(String communityUri, String iss) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(communityUri.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(iss.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
