package org.payerauth.keycloak.common.compatibility;

import org.payerauth.keycloak.common.PublicSpi;

/**
 * The {@value #NAME} SPI: one factory, {@link KeycloakVersionGuard}, that Keycloak initialises at boot on every
 * Keycloak version (unlike the SPIs the security rules are built on, which older versions lack and so never load).
 */
public final class KeycloakCompatibilitySpi extends PublicSpi {

    public static final String NAME = "payer-auth-compatibility";

    public KeycloakCompatibilitySpi() {
        super(NAME, KeycloakCompatibility.class, KeycloakCompatibilityFactory.class);
    }
}
