package org.payerauth.keycloak.common;

import java.util.function.Supplier;

import org.keycloak.services.resource.RealmResourceProvider;

/** The realm resource providers of payer-auth: a JAX-RS resource made per request, nothing to close. */
public final class RealmResources {

    private RealmResources() {
    }

    /** A provider serving the resource {@code resource} makes (called once per request). */
    public static RealmResourceProvider serving(Supplier<Object> resource) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return resource.get();
            }

            @Override
            public void close() {
            }
        };
    }
}
