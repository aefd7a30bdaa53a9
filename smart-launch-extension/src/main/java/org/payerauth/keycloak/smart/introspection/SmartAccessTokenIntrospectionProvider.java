package org.payerauth.keycloak.smart.introspection;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.payerauth.keycloak.smart.launch.LaunchContexts;

/** Keycloak's access-token introspection plus {@link PatientLinkCheck}: {@code active: false} once the link is gone. */
final class SmartAccessTokenIntrospectionProvider extends AccessTokenIntrospectionProvider<AccessToken> {

    SmartAccessTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    /**
     * The token's own launch context (its {@code patient} claim) is what introspection reports, never what the app's
     * client session holds now: a later launch of the same app for another patient must not change it.
     */
    @Override
    public AccessToken transformAccessToken(AccessToken token, UserSessionModel userSession) {
        LaunchContexts.useTokenContext(session, token);
        return super.transformAccessToken(token, userSession);
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
