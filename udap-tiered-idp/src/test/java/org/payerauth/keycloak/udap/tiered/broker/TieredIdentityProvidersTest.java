package org.payerauth.keycloak.udap.tiered.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Keycloak versions: the Tiered IdP class is the one of the running Keycloak line, and a Keycloak older than 26.5
 * without the 26.4 jar does not start (rather than serve Tiered logins that end in Keycloak's error page).
 */
class TieredIdentityProvidersTest {

    /** A class loader that does not have the named classes (a Keycloak without them, a drop-in set without a jar). */
    private static ClassLoader without(Set<String> hidden) {
        return new ClassLoader(TieredIdentityProvidersTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (hidden.contains(name)) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
    }

    @Test
    void on_keycloak_26_5_and_later_the_provider_bound_to_its_broker_callback_is_chosen() {
        // This test's classpath is Keycloak 26.7: its broker API is present, so the 26.4 class is never looked up.
        TieredIdentityProviders.Line chosen = TieredIdentityProviders.forThisKeycloak(
                without(Set.of(TieredIdentityProviders.KEYCLOAK_264_PROVIDER)));
        assertEquals(TieredIdentityProviderKeycloak265.class, chosen.type());
    }

    @Test
    void on_keycloak_26_4_without_the_26_4_jar_the_server_does_not_start_and_the_error_names_the_jar() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> TieredIdentityProviders.forThisKeycloak(
                without(Set.of(TieredIdentityProviders.CALLBACK_API_SINCE_26_5, TieredIdentityProviders.KEYCLOAK_264_PROVIDER))));
        assertTrue(refused.getMessage().contains("udap-tiered-idp-keycloak-26.4-<version>.jar"), refused.getMessage());
        assertTrue(refused.getMessage().contains("providers/"), refused.getMessage());
    }
}
