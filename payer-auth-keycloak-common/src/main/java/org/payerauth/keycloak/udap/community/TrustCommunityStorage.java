package org.payerauth.keycloak.udap.community;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.common.Profile;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/**
 * Which component type holds a realm's trust communities. Keycloak's admin console lists and edits only components of
 * its page type ({@link TrustCommunityComponentFactory#CONSOLE_PROVIDER_TYPE}), and that type exists only while
 * Keycloak's {@code declarative-ui} feature is on; REST clients, realm files and a Keycloak without the feature use
 * {@link TrustCommunityComponentFactory#PROVIDER_TYPE}. Both are always read. Communities are moved to the type the
 * running server can edit: at every start (after realm import), and at once when one is created through REST with the
 * other type. So a realm exported from a server keeps importing into a server with the same feature state, and every
 * community shows in the console when it is on.
 */
final class TrustCommunityStorage {

    private static final Logger LOG = Logger.getLogger(TrustCommunityStorage.class);

    private TrustCommunityStorage() {
    }

    /** Whether the admin console's pages (Keycloak's declarative UI) are on in this server. */
    static boolean consolePagesEnabled() {
        return Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI);
    }

    /** The component type this server's communities are kept in. */
    static String editableType() {
        return consolePagesEnabled() ? TrustCommunityComponentFactory.CONSOLE_PROVIDER_TYPE
                : TrustCommunityComponentFactory.PROVIDER_TYPE;
    }

    /** Moves every community of the realm that is not of the editable type to it. */
    static void adoptAll(RealmModel realm) {
        List<ComponentModel> others = TrustCommunityComponentFactory.components(realm)
                .filter(model -> !editableType().equals(model.getProviderType()))
                .toList();
        others.forEach(model -> adopt(realm, model));
    }

    /**
     * Moves one community to the editable type, if it is not of it. A community that cannot be moved (it fails
     * validation) stays where it is, logged: a start never fails over it.
     */
    static void adopt(RealmModel realm, ComponentModel model) {
        String type = editableType();
        if (type.equals(model.getProviderType())) {
            return;
        }
        ComponentModel moved = new ComponentModel(model);
        moved.setProviderType(type);
        moved.setConfig(TrustCommunityComponentFactory.CONSOLE_PROVIDER_TYPE.equals(type)
                ? TrustCommunityConfig.withPemListsJoined(model.getConfig()) : model.getConfig());
        try {
            realm.updateComponent(moved);
            LOG.infof("Realm '%s': trust community %s (%s) is now kept as %s", realm.getName(), model.getId(),
                    model.get(TrustCommunityConfig.COMMUNITY_URI), type);
        } catch (RuntimeException e) {
            LOG.warnf("Realm '%s': trust community %s stays of type %s: %s", realm.getName(), model.getId(),
                    model.getProviderType(), e.getMessage());
        }
    }
}
