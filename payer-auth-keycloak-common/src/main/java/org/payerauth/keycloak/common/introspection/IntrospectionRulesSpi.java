package org.payerauth.keycloak.common.introspection;

import org.payerauth.keycloak.common.PublicSpi;

/** The {@value #NAME} SPI: each module's {@link IntrospectionRules}. */
public final class IntrospectionRulesSpi extends PublicSpi {

    public static final String NAME = "payer-auth-introspection-rules";

    public IntrospectionRulesSpi() {
        super(NAME, IntrospectionRules.class, IntrospectionRulesFactory.class);
    }
}
