package org.payerauth.keycloak.common.introspection;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.provider.Provider;
import org.keycloak.representations.AccessToken;

/**
 * A module's rules on access-token introspection ({@value IntrospectionRulesSpi#NAME}), applied by
 * {@link PayerAccessTokenIntrospectionProvider} to every introspected access token after Keycloak's own checks:
 * whether the token is still active, and what its description carries beyond what Keycloak's mappers put back.
 */
public interface IntrospectionRules extends Provider {

    /** Before Keycloak's mappers describe the token (e.g. make the token's own launch context the one they see). */
    default void beforeMappers(AccessToken token) {
    }

    /**
     * Whether the token is still active. When not, the rule sets the event's reason and error and returns false:
     * the answer is {@code active: false} and nothing else.
     */
    default boolean active(AccessToken token, UserSessionModel userSession, ClientModel client, EventBuilder event) {
        return true;
    }

    /** Called once every rule found the token active: the FHIR server has been told it is. */
    default void introspected(AccessToken token, UserSessionModel userSession, ClientModel client) {
    }

    /**
     * Completes the description of an active token: {@code described} is what Keycloak's introspection mappers made
     * from the token's basic claims; {@code token} is the token as issued (signature and expiry already checked).
     */
    default void describe(AccessToken token, AccessToken described) {
    }

    @Override
    default void close() {
    }
}
