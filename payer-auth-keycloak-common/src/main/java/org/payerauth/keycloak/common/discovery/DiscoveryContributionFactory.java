package org.payerauth.keycloak.common.discovery;

import org.payerauth.keycloak.common.ConfigurationFreeFactory;

/** Factory type of the {@value DiscoveryContributionSpi#NAME} SPI. */
public interface DiscoveryContributionFactory extends ConfigurationFreeFactory<DiscoveryContribution> {
}
