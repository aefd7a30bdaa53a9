package org.payerauth.keycloak.console;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * The administrator saving a console form (a declarative-UI tab or page): their save is a component update, so the
 * form's action is theirs and its admin events name them.
 */
public final class ConsoleAdmin {

    private ConsoleAdmin() {
    }

    /**
     * The administrator, from the admin API's bearer token: the user of its session (the console's tokens are
     * lightweight and carry no {@code sub}), else its subject. Refused (as the save's message) when there is none.
     */
    public static AdminAuth signedIn(KeycloakSession session) {
        AccessToken token = session.getContext().getBearerToken() instanceof AccessToken bearer ? bearer : null;
        String issuer = token == null ? null : token.getIssuer();
        RealmModel authRealm = issuer == null ? null
                : session.realms().getRealmByName(issuer.substring(issuer.lastIndexOf('/') + 1));
        UserModel user = null;
        if (authRealm != null && token.getSessionId() != null) {
            UserSessionModel userSession = session.sessions().getUserSession(authRealm, token.getSessionId());
            user = userSession == null ? null : userSession.getUser();
        }
        if (user == null && authRealm != null && token.getSubject() != null) {
            user = session.users().getUserById(authRealm, token.getSubject());
        }
        if (user == null) {
            throw ConsoleRefusal.of("Only an administrator signed in to the admin console can record a change");
        }
        ClientModel client = authRealm.getClientByClientId(token.getIssuedFor());
        return new AdminAuth(authRealm, token, user, client);
    }

    /** The admin events of {@code admin}'s save in {@code realm}. */
    public static AdminEventBuilder events(KeycloakSession session, RealmModel realm, AdminAuth admin) {
        return new AdminEventBuilder(realm, admin, session, session.getContext().getConnection());
    }
}
