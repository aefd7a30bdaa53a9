package org.payerauth.keycloak.smart.brands;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;
import org.payerauth.keycloak.common.RealmResources;

/** {@code /realms/{realm}/user-access-brands}: the realm's SMART Brand Bundle ({@link UserAccessBrandsResource}). */
public final class UserAccessBrandsResourceFactory implements RealmResourceProviderFactory,
        ConfigurationFreeFactory<RealmResourceProvider> {

    /** The path segment under the realm; {@code user_access_brand_bundle} in smart-configuration points here. */
    public static final String PROVIDER_ID = "user-access-brands";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return RealmResources.serving(() -> new UserAccessBrandsResource(session));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
