package org.payerauth.keycloak.smart.patient;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The {@code smart-patient-directory} SPI: a public extension point for payers. */
public final class PatientDirectorySpi implements Spi {

    public static final String NAME = "smart-patient-directory";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return PatientDirectory.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PatientDirectoryFactory.class;
    }
}
