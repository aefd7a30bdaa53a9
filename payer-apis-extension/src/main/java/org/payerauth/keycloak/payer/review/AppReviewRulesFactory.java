package org.payerauth.keycloak.payer.review;

import org.keycloak.models.KeycloakSession;
import org.payerauth.keycloak.common.issuance.IssuanceRules;
import org.payerauth.keycloak.common.issuance.IssuanceRulesFactory;

/** {@link AppReviewRules} as a provider of {@code payer-auth-issuance-rules} (called there on Keycloak 26.5 and 26.4). */
public final class AppReviewRulesFactory implements IssuanceRulesFactory {

    public static final String PROVIDER_ID = "app-review";

    @Override
    public IssuanceRules create(KeycloakSession session) {
        return new AppReviewRules(session);
    }

    @Override
    public int order() {
        return 10; // before rules that only record (Patient Access metrics)
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
