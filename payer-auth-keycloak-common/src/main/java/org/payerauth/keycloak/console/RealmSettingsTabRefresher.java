package org.payerauth.keycloak.console;

import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.payerauth.keycloak.common.AdminEventListeners;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;

/**
 * Keeps the SMART / UDAP tab in step with realm attributes changed outside it (a realm update through the admin API,
 * as kcadm and the console's own realm pages make): after such an update, in the same transaction, the tab's
 * component is refreshed ({@link RealmSettingsTabFactory#refresh}). A global listener, so no realm has to enable it;
 * user events are ignored (they do not change realm settings).
 */
public final class RealmSettingsTabRefresher implements EventListenerProviderFactory,
        ConfigurationFreeFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = "payer-auth-settings-tab";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return AdminEventListeners.onAdminEvent(event -> {
            if (event.getResourceType() == ResourceType.REALM && event.getOperationType() == OperationType.UPDATE) {
                RealmModel realm = session.realms().getRealm(event.getRealmId());
                if (realm != null) {
                    RealmSettingsTabFactory.refresh(realm);
                }
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
