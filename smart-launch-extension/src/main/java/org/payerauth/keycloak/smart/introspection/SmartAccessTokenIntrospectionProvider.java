package org.payerauth.keycloak.smart.introspection;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;

/** Keycloak's access-token introspection plus {@link PatientLinkCheck}: {@code active: false} once the link is gone. */
final class SmartAccessTokenIntrospectionProvider extends AccessTokenIntrospectionProvider<AccessToken> {

    SmartAccessTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    protected boolean introspectionChecks(String tokenStr) {
        if (!super.introspectionChecks(tokenStr)) {
            return false;
        }
        if (PatientLinkCheck.holds(session, realm, token, userSession, client, eventBuilder)) {
            return true;
        }
        transformedToken = null; // nothing of an inactive token is returned
        return false;
    }
}
