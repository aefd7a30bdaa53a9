package org.payerauth.keycloak.udap.community;

import org.payerauth.keycloak.common.PublicSpi;

/** The {@code udap-trust-community} SPI: realm components that define UDAP trust communities. */
public final class TrustCommunitySpi extends PublicSpi {

    public static final String NAME = "udap-trust-community";

    public TrustCommunitySpi() {
        super(NAME, TrustCommunityProvider.class, TrustCommunityProviderFactory.class);
    }
}
