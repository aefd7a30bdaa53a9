package org.payerauth.keycloak.common.sharing;

import org.keycloak.provider.ProviderFactory;

/** Factory of the {@link SensitiveDataChoice}. */
public interface SensitiveDataChoiceFactory extends ProviderFactory<SensitiveDataChoice> {
}
