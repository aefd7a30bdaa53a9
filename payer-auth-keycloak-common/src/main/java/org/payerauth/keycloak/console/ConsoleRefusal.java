package org.payerauth.keycloak.console;

import org.keycloak.component.ComponentValidationException;

/** A refusal of a console form's save, shown as the console's alert. */
public final class ConsoleRefusal {

    private ConsoleRefusal() {
    }

    /**
     * The refusal with this message. Keycloak formats the message with {@link java.text.MessageFormat} (it may be a
     * message key), so quotes and braces are escaped.
     */
    public static ComponentValidationException of(String message) {
        return new ComponentValidationException(message.replace("'", "''").replace("{", "'{'").replace("}", "'}'"));
    }
}
