package org.payerauth.udap.registration;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.payerauth.oauth.SpaceDelimited;

/**
 * Which of the scopes a UDAP registration asks for it may receive: only those on the realm's allow-list, and the
 * SMART resource scopes by who acts: {@code patient/} and {@code user/} scopes need a member, so only
 * authorization_code apps get them; {@code system/} scopes need none, so only client_credentials apps get them.
 * Anything else is dropped from the granted {@code scope} (RFC 7591 §3.2.1 lets the server grant less than asked).
 *
 * <p>An allow-list entry is a scope name, or a prefix ending in {@code *} ({@code patient/*} allows every
 * {@code patient/} scope). Matching is exact and case-sensitive, as scope values are (RFC 6749 §3.3).
 */
public final class RegistrationScopePolicy {

    /** The default allow-list: identity and launch scopes, UDAP's own, and the SMART resource scopes. */
    public static final List<String> DEFAULT_ALLOWED = List.of("openid", "fhirUser", "launch/patient", "offline_access",
            "online_access", "profile", "email", "udap", "patient/*", "user/*", "system/*");

    private final List<String> allowed;

    private RegistrationScopePolicy(List<String> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    public static RegistrationScopePolicy defaults() {
        return new RegistrationScopePolicy(DEFAULT_ALLOWED);
    }

    /**
     * Reads the realm setting: whitespace-separated entries; blank means {@link #DEFAULT_ALLOWED}.
     *
     * @throws IllegalArgumentException for an entry with a {@code *} anywhere but at its end
     */
    public static RegistrationScopePolicy parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return defaults();
        }
        List<String> entries = new ArrayList<>();
        for (String entry : SpaceDelimited.words(setting)) {
            int star = entry.indexOf('*');
            if (star >= 0 && star != entry.length() - 1) {
                throw new IllegalArgumentException("a * may only end an entry: " + entry);
            }
            entries.add(entry);
        }
        return new RegistrationScopePolicy(entries);
    }

    public List<String> allowed() {
        return allowed;
    }

    /** The requested scopes this app may receive, in request order, without duplicates. */
    public List<String> grantable(String requested, ClientMetadata metadata) {
        Set<String> result = new LinkedHashSet<>();
        if (requested == null) {
            return List.of();
        }
        for (String scope : SpaceDelimited.words(requested)) {
            if (allowedByList(scope) && allowedForGrant(scope, metadata)) {
                result.add(scope);
            }
        }
        return List.copyOf(result);
    }

    private boolean allowedByList(String scope) {
        for (String entry : allowed) {
            if (entry.endsWith("*") ? scope.startsWith(entry.substring(0, entry.length() - 1)) : entry.equals(scope)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allowedForGrant(String scope, ClientMetadata metadata) {
        String lower = scope.toLowerCase(Locale.ROOT);
        if (lower.startsWith("patient/") || lower.startsWith("user/")) {
            return metadata.isAuthorizationCode();
        }
        if (lower.startsWith("system/")) {
            return metadata.isClientCredentials();
        }
        return true;
    }
}
