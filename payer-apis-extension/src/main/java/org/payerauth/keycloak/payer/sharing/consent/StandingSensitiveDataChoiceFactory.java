package org.payerauth.keycloak.payer.sharing.consent;

import org.keycloak.models.KeycloakSession;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;
import org.payerauth.keycloak.common.sharing.SensitiveDataChoice;
import org.payerauth.keycloak.common.sharing.SensitiveDataChoiceFactory;

/** Provides the consent page's sensitive-data choice from members' standing choices ({@link StandingSensitiveDataChoice}). */
public final class StandingSensitiveDataChoiceFactory implements SensitiveDataChoiceFactory,
        ConfigurationFreeFactory<SensitiveDataChoice> {

    public static final String PROVIDER_ID = "standing-choice";

    @Override
    public SensitiveDataChoice create(KeycloakSession session) {
        return new StandingSensitiveDataChoice(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
