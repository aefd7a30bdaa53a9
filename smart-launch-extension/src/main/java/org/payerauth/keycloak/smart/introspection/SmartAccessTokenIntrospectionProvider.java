package org.payerauth.keycloak.smart.introspection;

import java.lang.reflect.Field;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.payerauth.keycloak.smart.launch.LaunchContexts;

/** Keycloak's access-token introspection plus {@link PatientLinkCheck}: {@code active: false} once the link is gone. */
final class SmartAccessTokenIntrospectionProvider extends AccessTokenIntrospectionProvider<AccessToken> {

    /**
     * Keycloak 26.6+ keeps the token it will describe in this field once its own checks pass, and would put it into a
     * {@code jwt} member even of an inactive answer; 26.4 and 26.5 have no such field (nothing to clear there).
     */
    private static final Field TRANSFORMED_TOKEN = transformedTokenField();

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
        clearTransformedToken(); // nothing of an inactive token is returned
        return false;
    }

    private static Field transformedTokenField() {
        try {
            Field field = AccessTokenIntrospectionProvider.class.getDeclaredField("transformedToken");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }

    private void clearTransformedToken() {
        if (TRANSFORMED_TOKEN != null) {
            try {
                TRANSFORMED_TOKEN.set(this, null);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot clear the introspected token", e);
            }
        }
    }
}
