package org.payerauth.it.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a JWT's header and claims (no verification: the tests that need it verify with nimbus). */
public final class Jwt {

    private Jwt() {
    }

    public static JsonNode claims(String jwt) {
        return part(jwt, 1);
    }

    public static JsonNode header(String jwt) {
        return part(jwt, 0);
    }

    private static JsonNode part(String jwt, int index) {
        try {
            String[] parts = jwt.split("\\.");
            return Http.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("not a JWT: " + jwt, e);
        }
    }
}
