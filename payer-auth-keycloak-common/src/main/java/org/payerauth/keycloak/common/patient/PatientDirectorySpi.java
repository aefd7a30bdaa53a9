package org.payerauth.keycloak.common.patient;

import org.payerauth.keycloak.common.PublicSpi;


/** The {@code smart-patient-directory} SPI: a public extension point for payers. */
public final class PatientDirectorySpi extends PublicSpi {

    public static final String NAME = "smart-patient-directory";

    public PatientDirectorySpi() {
        super(NAME, PatientDirectory.class, PatientDirectoryFactory.class);
    }
}
