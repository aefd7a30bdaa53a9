package org.payerauth.keycloak.common;

import java.util.function.Consumer;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;

/** Event listeners of payer-auth that act on admin events only (user events are ignored). */
public final class AdminEventListeners {

    private AdminEventListeners() {
    }

    public static EventListenerProvider onAdminEvent(Consumer<AdminEvent> action) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                action.accept(event);
            }

            @Override
            public void close() {
            }
        };
    }
}
