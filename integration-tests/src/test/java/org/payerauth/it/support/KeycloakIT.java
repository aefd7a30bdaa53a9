package org.payerauth.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/** Marks an integration test that runs against the shared real Keycloak (see {@link KeycloakServers}). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KeycloakServerExtension.class)
public @interface KeycloakIT {
}
