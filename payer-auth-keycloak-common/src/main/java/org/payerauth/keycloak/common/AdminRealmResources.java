package org.payerauth.keycloak.common;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** The admin realm resource providers of payer-auth ({@code /admin/realms/{realm}/...}): a resource per request. */
public final class AdminRealmResources {

    /** Makes the JAX-RS resource of one request. */
    @FunctionalInterface
    public interface Maker {
        Object make(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent);
    }

    private AdminRealmResources() {
    }

    public static AdminRealmResourceProvider serving(Maker maker) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                      AdminEventBuilder adminEvent) {
                return maker.make(session, realm, auth, adminEvent);
            }

            @Override
            public void close() {
            }
        };
    }
}
