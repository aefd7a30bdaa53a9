package org.payerauth.keycloak.common.discovery;

import java.util.Optional;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * What a payer-auth provider module adds to another module's discovery document, so that documents can name
 * features of modules they do not depend on. The SMART configuration asks every contribution for a registration
 * endpoint (UDAP registration answers once a trust community exists in the realm); Tiered OAuth adds its
 * profile and scopes to {@code /.well-known/udap}.
 *
 * <p>Contract: answers come from the realm's stored configuration only (no outbound calls), are cheap (called on
 * every discovery request), and never throw for a realm that lacks the module's configuration.
 */
public interface DiscoveryContribution extends Provider {

    /** The dynamic client registration endpoint this module offers in {@code realm} now, if any. */
    default Optional<String> registrationEndpoint(RealmModel realm) {
        return Optional.empty();
    }

    /** UDAP profiles this module adds to {@code udap_profiles_supported} of {@code /.well-known/udap} (Tiered: {@code udap_to}). */
    default java.util.List<String> udapProfiles(RealmModel realm) {
        return java.util.List.of();
    }

    /** Scopes this module adds to {@code scopes_supported} of {@code /.well-known/udap} (Tiered: {@code openid}, {@code udap}). */
    default java.util.List<String> udapScopes(RealmModel realm) {
        return java.util.List.of();
    }

    @Override
    default void close() {
    }
}
