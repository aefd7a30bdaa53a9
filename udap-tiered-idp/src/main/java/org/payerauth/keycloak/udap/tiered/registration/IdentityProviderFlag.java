package org.payerauth.keycloak.udap.tiered.registration;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.keycloak.models.IdentityProviderModel;

/**
 * On/off settings of an identity provider whose setter takes {@code boolean} up to Keycloak 26.4 and {@code Boolean}
 * from 26.5: a call compiled against one does not link on the other, so the setter is found once, by name, on the
 * running Keycloak (the {@code KeycloakApiLinkageIT} of the integration tests checks every other call).
 */
enum IdentityProviderFlag {
    HIDE_ON_LOGIN("setHideOnLogin"),
    TRUST_EMAIL("setTrustEmail"),
    STORE_TOKEN("setStoreToken");

    private final Method setter;

    IdentityProviderFlag(String setterName) {
        this.setter = setter(setterName);
    }

    void set(IdentityProviderModel model, boolean value) {
        try {
            setter.invoke(model, value);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Method setter(String name) {
        return java.util.Arrays.stream(IdentityProviderModel.class.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == 1
                        && (m.getParameterTypes()[0] == Boolean.class || m.getParameterTypes()[0] == boolean.class))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("This Keycloak's IdentityProviderModel has no " + name
                        + "(Boolean|boolean)"));
    }
}
