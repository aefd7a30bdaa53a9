package org.payerauth.keycloak.payer.review;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;
import org.payerauth.keycloak.payer.page.StaffPages;

/**
 * {@code /realms/{realm}/app-review/staff}: the app review page (a staff page: reviewers sign in to the realm and the
 * page calls {@code /admin/realms/{realm}/app-review} with their token; {@code view-clients} / {@code manage-clients}
 * decide). The admin console's client tab <em>App review</em> names it in its help text.
 */
public final class AppReviewPageFactory implements RealmResourceProviderFactory,
        ConfigurationFreeFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "app-review";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return StaffPages.serving(session, "staff", StaffPages::appReview);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
