package org.payerauth.keycloak.common.compatibility;

import org.keycloak.provider.Provider;

/** The provider of the {@value KeycloakCompatibilitySpi#NAME} SPI: nothing to do per request. */
public interface KeycloakCompatibility extends Provider {
}
