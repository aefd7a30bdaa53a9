package org.payerauth.keycloak.common.introspection;

import org.payerauth.keycloak.common.ConfigurationFreeFactory;

/** A factory of {@link IntrospectionRules}; each module registers one in its service file. */
public interface IntrospectionRulesFactory extends ConfigurationFreeFactory<IntrospectionRules> {
}
