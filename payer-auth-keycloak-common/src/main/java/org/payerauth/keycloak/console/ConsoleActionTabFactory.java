package org.payerauth.keycloak.console;

import java.util.List;
import java.util.Map;

import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;
import org.payerauth.keycloak.common.ConfigurationFreeFactory;

/**
 * A tab of the admin console (Keycloak's declarative UI, feature {@code declarative-ui}) on the page of one thing (a
 * user, a client) that acts when it is saved. The console's tabs are forms of one realm-wide component, not views of
 * the thing, so the save does the work: the console sends the route's parameters with the form (the tab declares the
 * one it reads with {@link ConsoleRouteParameter}), {@link #act} records or answers (an answer, and a refusal, is the
 * save's message: {@link ConsoleRefusal}), and every field is emptied afterwards so the component keeps nothing of it.
 */
public abstract class ConsoleActionTabFactory implements UiTabProviderFactory<UiTabProvider>,
        ConfigurationFreeFactory<UiTabProvider> {

    private final String id;
    private final String path;
    private final String tab;
    private final String helpText;
    private final List<ProviderConfigProperty> fields;

    /**
     * @param path   the console route the tab is on, e.g. {@code /:realm/users/:id/:tab?}
     * @param tab    the tab's route segment
     * @param fields the form, including the route parameter the tab reads
     */
    protected ConsoleActionTabFactory(String id, String path, String tab, String helpText,
                                      List<ProviderConfigProperty> fields) {
        this.id = id;
        this.path = path;
        this.tab = tab;
        this.helpText = helpText;
        this.fields = List.copyOf(fields);
    }

    /** What the save does; a {@link ConsoleRefusal} is its message and changes nothing. */
    protected abstract void act(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException;

    @Override
    public final void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        try {
            act(session, realm, model);
        } finally {
            for (ProviderConfigProperty field : fields) {
                model.getConfig().remove(field.getName());
            }
        }
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", tab);
    }

    @Override
    public String getHelpText() {
        return helpText;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return fields;
    }

    @Override
    public String getId() {
        return id;
    }
}
