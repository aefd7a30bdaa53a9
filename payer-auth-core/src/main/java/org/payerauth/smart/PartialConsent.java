package org.payerauth.smart;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import org.payerauth.fhir.SmartScopes;
import org.payerauth.oauth.SpaceDelimited;

/**
 * Partial consent ("limited access", ONC g(10)): on the consent page the member may leave out requested FHIR
 * resource scopes ({@code patient/…}, {@code user/…}) and {@code offline_access}; what is left out is removed from
 * the request before the code is issued, so the token and the token response's {@code scope} carry only what was
 * allowed. The scopes the launch itself rests on ({@code openid}, {@code launch/patient}, {@code fhirUser}, profile
 * scopes) are not optional. Leaving out can only remove scopes; the one addition the page makes is a granular scope
 * that narrows a requested resource-level scope, ticked by the member instead of it (HTI-1 sub-resource scopes).
 */
public final class PartialConsent {

    private PartialConsent() {
    }

    /** Whether the member may leave {@code scope} out on the consent page. */
    public static boolean isOptional(String scope) {
        return scope.startsWith("patient/") || scope.startsWith("user/") || scope.equals(SmartScopes.OFFLINE_ACCESS);
    }

    /**
     * The optional scopes among {@code shown} that the member did not tick. {@code ticked} is what the form sent;
     * anything in it that was not shown is ignored.
     */
    public static Set<String> withheld(Collection<String> shown, Set<String> ticked) {
        return shown.stream().filter(PartialConsent::isOptional).filter(s -> !ticked.contains(s))
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** The {@code scope} parameter with {@code added} appended (those not already in it). */
    public static String with(String scopeParameter, java.util.Collection<String> added) {
        java.util.LinkedHashSet<String> scopes = new java.util.LinkedHashSet<>(SpaceDelimited.words(scopeParameter));
        scopes.addAll(added);
        return String.join(" ", scopes);
    }

    /** The {@code scope} parameter without the {@code withheld} scopes, order kept. */
    public static String without(String scopeParameter, Set<String> withheld) {
        if (scopeParameter == null || withheld.isEmpty()) {
            return scopeParameter;
        }
        return SpaceDelimited.words(scopeParameter).stream()
                .filter(s -> !withheld.contains(s))
                .collect(Collectors.joining(" "));
    }
}
