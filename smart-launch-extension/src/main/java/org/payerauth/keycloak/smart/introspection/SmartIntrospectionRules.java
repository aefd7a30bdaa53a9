package org.payerauth.keycloak.smart.introspection;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.payerauth.keycloak.common.introspection.IntrospectionRules;
import org.payerauth.keycloak.common.introspection.IntrospectionRulesFactory;
import org.payerauth.keycloak.smart.launch.LaunchContexts;

/**
 * SMART's rules on introspection: the token's own launch context (its {@code patient} claim) is what the mappers
 * describe, never what the app's client session holds now (a later launch of the same app for another patient must
 * not change it); and {@link PatientLinkCheck}: {@code active: false} once the member's link or consent is gone.
 */
public final class SmartIntrospectionRules implements IntrospectionRulesFactory {

    public static final String PROVIDER_ID = "smart-launch";

    @Override
    public IntrospectionRules create(KeycloakSession session) {
        return new IntrospectionRules() {
            @Override
            public void beforeMappers(AccessToken token) {
                LaunchContexts.useTokenContext(session, token);
            }

            @Override
            public boolean active(AccessToken token, UserSessionModel userSession, ClientModel client, EventBuilder event) {
                return PatientLinkCheck.holds(session, session.getContext().getRealm(), token, userSession, client, event);
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
