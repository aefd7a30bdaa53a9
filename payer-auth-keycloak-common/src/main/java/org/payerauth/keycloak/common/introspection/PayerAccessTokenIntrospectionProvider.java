package org.payerauth.keycloak.common.introspection;

import java.lang.reflect.Field;
import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;

/**
 * Keycloak's access-token introspection plus every module's {@link IntrospectionRules}: a token a rule finds no longer
 * active is {@code active: false} (nothing else of it is returned), and an active token's description is completed
 * by the rules from the token as issued (Keycloak describes it again through its mappers, from its basic claims only).
 */
final class PayerAccessTokenIntrospectionProvider extends AccessTokenIntrospectionProvider<AccessToken> {

    /**
     * Keycloak 26.6+ keeps the token it will describe in this field once its own checks pass, and would put it into a
     * {@code jwt} member even of an inactive answer; 26.4 and 26.5 have no such field (nothing to clear there).
     */
    private static final Field TRANSFORMED_TOKEN = transformedTokenField();

    private final List<IntrospectionRules> rules;

    PayerAccessTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
        this.rules = session.getAllProviders(IntrospectionRules.class).stream().toList();
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, UserSessionModel userSession) {
        rules.forEach(r -> r.beforeMappers(token));
        AccessToken described = super.transformAccessToken(token, userSession);
        rules.forEach(r -> r.describe(token, described));
        return described;
    }

    @Override
    protected boolean introspectionChecks(String tokenStr) {
        if (!super.introspectionChecks(tokenStr)) {
            return false;
        }
        for (IntrospectionRules rule : rules) {
            if (!rule.active(token, userSession, client, eventBuilder)) {
                clearTransformedToken(); // nothing of an inactive token is returned
                return false;
            }
        }
        rules.forEach(r -> r.introspected(token, userSession, client));
        return true;
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
