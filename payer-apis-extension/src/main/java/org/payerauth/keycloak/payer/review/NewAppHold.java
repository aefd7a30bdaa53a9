package org.payerauth.keycloak.payer.review;

import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.payerauth.keycloak.common.AdminEventListeners;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;
import org.payerauth.keycloak.common.apps.AppReviews;

/**
 * Holds a client an administrator creates (admin REST API, console, kcadm) for review when the realm asks for it, in
 * the same transaction (a global listener: no realm has to enable it). UDAP registrations are held where they are
 * written.
 */
public final class NewAppHold implements EventListenerProviderFactory, ConfigurationFreeFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = "payer-app-review-hold";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return AdminEventListeners.onAdminEvent(event -> {
            if (event.getResourceType() != ResourceType.CLIENT || event.getOperationType() != OperationType.CREATE
                    || event.getResourcePath() == null) {
                return;
            }
            String[] path = event.getResourcePath().split("/");
            RealmModel realm = session.realms().getRealm(event.getRealmId());
            if (path.length != 2 || !"clients".equals(path[0]) || realm == null) {
                return;
            }
            ClientModel client = realm.getClientById(path[1]);
            if (client != null) {
                AppReviews.holdIfRequired(session, realm, client);
            }
        });
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
