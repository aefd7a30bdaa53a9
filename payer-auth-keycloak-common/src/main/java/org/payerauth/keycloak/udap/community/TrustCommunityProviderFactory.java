package org.payerauth.keycloak.udap.community;

import org.keycloak.component.ComponentFactory;

/** Factory type of the {@code udap-trust-community} SPI. */
public interface TrustCommunityProviderFactory extends ComponentFactory<TrustCommunityProvider, TrustCommunityProvider> {
}
