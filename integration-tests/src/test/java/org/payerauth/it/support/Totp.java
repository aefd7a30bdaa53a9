package org.payerauth.it.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 TOTP as Keycloak's OTP credentials compute it by default (HmacSHA1, 6 digits, 30 s; the secret's UTF-8
 * bytes when the credential names no encoding): what a member's authenticator app shows now.
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final int PERIOD_SECONDS = 30;

    private Totp() {
    }

    /** The code for {@code secret} at this moment. */
    public static String now(String secret) {
        return at(secret, System.currentTimeMillis() / 1000 / PERIOD_SECONDS);
    }

    static String at(String secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0xf;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%0" + DIGITS + "d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The admin REST credential representation of a TOTP credential with {@code secret} (Keycloak's own stored
     * form: {@code secretData} and {@code credentialData} as JSON strings), for {@code credentials} of a user.
     */
    public static java.util.Map<String, Object> credential(String secret) {
        return java.util.Map.of("type", "otp", "userLabel", "test authenticator",
                "secretData", "{\"value\":\"" + secret + "\"}",
                "credentialData", "{\"subType\":\"totp\",\"digits\":" + DIGITS + ",\"counter\":0,\"period\":"
                        + PERIOD_SECONDS + ",\"algorithm\":\"HmacSHA1\"}");
    }
}
