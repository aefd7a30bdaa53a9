package org.payerauth.keycloak.console;

import org.keycloak.provider.ProviderConfigProperty;

/**
 * A parameter of the console route a declarative-UI tab is on (e.g. the id of the user or client whose page it is):
 * the console adds the route's parameters to the form it saves. Keycloak keeps only declared keys when it updates a
 * component (a tab's second and later saves), so a tab declares the parameter it reads, with a type the console has
 * no editor for: nothing is shown for it in the form.
 */
public final class ConsoleRouteParameter {

    /** A type the admin console does not render (it logs "no editor registered" and skips the field). */
    public static final String TYPE = "PayerRouteParameter";

    private ConsoleRouteParameter() {
    }

    public static ProviderConfigProperty of(String name) {
        return new ProviderConfigProperty(name, name, "The console route's " + name + " (not shown).", TYPE, null);
    }
}
