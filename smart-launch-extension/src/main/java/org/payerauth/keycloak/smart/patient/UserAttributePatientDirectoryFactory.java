package org.payerauth.keycloak.smart.patient;

import org.payerauth.keycloak.common.patient.PatientDirectory;
import org.payerauth.keycloak.common.patient.PatientDirectoryFactory;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** The default {@link PatientDirectory}: the user attribute {@code smart_patients}. */
public final class UserAttributePatientDirectoryFactory implements PatientDirectoryFactory {

    public static final String PROVIDER_ID = "user-attribute";

    private static final PatientDirectory INSTANCE = new UserAttributePatientDirectory();

    @Override
    public PatientDirectory create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return List.of();
    }
}
