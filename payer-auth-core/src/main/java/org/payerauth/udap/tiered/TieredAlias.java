package org.payerauth.udap.tiered;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The alias of the identity provider this server keeps for a Tiered OAuth IdP: derived from the IdP's base URL alone
 * (deterministic, so every node and every restart finds the same one), from a digest (collision-proof, no
 * characters an alias cannot hold), with a prefix no hand-made identity provider is expected to use. An existing
 * identity provider with the alias that is not a Tiered one for the same URL is never reused or overwritten.
 */
public final class TieredAlias {

    public static final String PREFIX = "udap-to-";

    private TieredAlias() {
    }

    public static String of(String idp) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(idp.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
