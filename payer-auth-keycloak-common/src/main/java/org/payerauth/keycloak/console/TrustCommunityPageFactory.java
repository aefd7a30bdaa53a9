package org.payerauth.keycloak.console;

import java.util.List;
import java.util.Map;

import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;
import org.payerauth.keycloak.udap.community.TrustCommunityComponentFactory;
import org.payerauth.keycloak.udap.community.TrustCommunityConfig;

/**
 * The admin console's <em>Trust communities</em> page (Keycloak's declarative UI, feature {@code declarative-ui}):
 * lists, creates, edits and deletes the realm's trust communities, PEM files uploaded into file fields, the keys in
 * masked fields. A save is checked exactly as a REST write is ({@link TrustCommunityComponentFactory}), and the
 * console shows the refusal's message, which names the field at fault.
 */
public final class TrustCommunityPageFactory implements UiPageProviderFactory<UiPageProvider>,
        ConfigurationFreeFactory<UiPageProvider> {

    /** The same id as the communities' own factory: a page component is a trust community. */
    public static final String PROVIDER_ID = TrustCommunityComponentFactory.PROVIDER_ID;

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        TrustCommunityComponentFactory.of(session).validateConfiguration(session, realm, model);
    }

    @Override
    public String getHelpText() {
        return "UDAP trust communities: the certificate authorities whose apps may register here and whose identity "
                + "providers members may sign in with, and the certificate this server signs its UDAP metadata with.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return TrustCommunityConfig.CONSOLE_PROPERTIES;
    }

    /** The list's columns. */
    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(TrustCommunityConfig.COMMUNITY_URI, TrustCommunityConfig.DEFAULT,
                TrustCommunityConfig.TRUSTED_FOR_CLIENTS, TrustCommunityConfig.TRUSTED_FOR_IDENTITY_PROVIDERS));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
