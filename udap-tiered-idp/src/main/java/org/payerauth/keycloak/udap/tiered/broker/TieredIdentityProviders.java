package org.payerauth.keycloak.udap.tiered.broker;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.models.KeycloakSession;

/**
 * The Tiered IdP class of the running Keycloak line (see {@link UdapTieredIdentityProvider}): on 26.5 and later
 * {@link TieredIdentityProviderKeycloak265}; on 26.4 the one of the jar {@code udap-tiered-idp-keycloak-26.4}, found by
 * name so that this jar has no link to a class compiled against another Keycloak. Chosen once per node, at boot.
 */
final class TieredIdentityProviders {

    /** The broker API of Keycloak 26.5 and later (absent up to 26.4). */
    static final String CALLBACK_API_SINCE_26_5 = "org.keycloak.broker.provider.UserAuthenticationIdentityProvider";
    /** The Tiered IdP compiled against Keycloak 26.4, in the drop-in set's jar {@link #KEYCLOAK_264_JAR}. */
    static final String KEYCLOAK_264_PROVIDER = "org.payerauth.keycloak.udap.tiered.keycloak264.TieredIdentityProviderKeycloak264";
    static final String KEYCLOAK_264_JAR = "udap-tiered-idp-keycloak-26.4";

    /** Creates the provider of one IdP. */
    interface Constructing {
        UdapTieredIdentityProvider create(KeycloakSession session, OIDCIdentityProviderConfig config);
    }

    /** The provider class of this Keycloak line and how to create one. */
    record Line(Class<? extends UdapTieredIdentityProvider> type, Constructing constructing) {
    }

    private TieredIdentityProviders() {
    }

    /**
     * The constructor of this Keycloak's Tiered IdP.
     *
     * @throws IllegalStateException when this Keycloak predates 26.5 and the 26.4 jar is not installed (the server
     *                               must not start with Tiered OAuth ending every login in an error)
     */
    static Line forThisKeycloak(ClassLoader loader) {
        if (present(CALLBACK_API_SINCE_26_5, loader)) {
            return new Line(TieredIdentityProviderKeycloak265.class, TieredIdentityProviderKeycloak265::new);
        }
        Constructor<? extends UdapTieredIdentityProvider> constructor;
        try {
            constructor = Class.forName(KEYCLOAK_264_PROVIDER, true, loader).asSubclass(UdapTieredIdentityProvider.class)
                    .getConstructor(KeycloakSession.class, OIDCIdentityProviderConfig.class);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError | ClassCastException e) {
            throw new IllegalStateException("UDAP Tiered OAuth on this Keycloak (before 26.5) needs the jar "
                    + KEYCLOAK_264_JAR + "-<version>.jar of the payer-auth drop-in set in Keycloak's providers/ "
                    + "directory; it is missing or does not load (" + e + "). Copy the whole drop-in set, then run "
                    + "kc.sh build.", e);
        }
        return new Line(constructor.getDeclaringClass(), (session, config) -> {
            try {
                return constructor.newInstance(session, config);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("The Tiered identity provider for Keycloak 26.4 could not be created", e);
            }
        });
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
