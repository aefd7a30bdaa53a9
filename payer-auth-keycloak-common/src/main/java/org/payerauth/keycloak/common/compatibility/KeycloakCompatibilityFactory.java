package org.payerauth.keycloak.common.compatibility;

import org.keycloak.provider.ProviderFactory;

/** The factory type of the {@value KeycloakCompatibilitySpi#NAME} SPI. */
public interface KeycloakCompatibilityFactory extends ProviderFactory<KeycloakCompatibility> {
}
