package org.payerauth.keycloak.smart.brands;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** {@code /realms/{realm}/user-access-brands}: the realm's SMART Brand Bundle ({@link UserAccessBrandsResource}). */
public final class UserAccessBrandsResourceFactory implements RealmResourceProviderFactory {

    /** The path segment under the realm; {@code user_access_brand_bundle} in smart-configuration points here. */
    public static final String PROVIDER_ID = "user-access-brands";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new UserAccessBrandsResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
