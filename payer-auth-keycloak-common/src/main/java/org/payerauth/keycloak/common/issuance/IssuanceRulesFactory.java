package org.payerauth.keycloak.common.issuance;

import org.payerauth.keycloak.common.ConfigurationFreeFactory;

/** The factory type of {@value IssuanceRulesSpi#NAME}. */
public interface IssuanceRulesFactory extends ConfigurationFreeFactory<IssuanceRules> {
}
