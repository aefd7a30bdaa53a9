package org.payerauth.keycloak.common.discovery;

import org.payerauth.keycloak.common.PublicSpi;

/** The {@value #NAME} SPI: modules add members to each other's discovery documents ({@link DiscoveryContribution}). */
public final class DiscoveryContributionSpi extends PublicSpi {

    public static final String NAME = "payer-auth-discovery-contribution";

    public DiscoveryContributionSpi() {
        super(NAME, DiscoveryContribution.class, DiscoveryContributionFactory.class);
    }
}
