package org.payerauth.keycloak.common.patient;

import org.keycloak.provider.ProviderFactory;

/** Factory of a {@link PatientDirectory}. */
public interface PatientDirectoryFactory extends ProviderFactory<PatientDirectory> {
}
