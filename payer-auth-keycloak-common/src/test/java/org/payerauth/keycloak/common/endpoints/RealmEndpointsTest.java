package org.payerauth.keycloak.common.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

class RealmEndpointsTest {

    private final RealmEndpoints endpoints =
            RealmEndpoints.of(URI.create("https://login.payer.example/"), URI.create("http://kc-internal:8080/"), "payer");

    @Test
    void frontendEndpointsAreTheOnesABrowserUses() {
        assertEquals("https://login.payer.example/realms/payer", endpoints.issuer());
        assertEquals("https://login.payer.example/realms/payer/protocol/openid-connect/auth", endpoints.authorizationEndpoint());
        assertEquals("https://login.payer.example/realms/payer/protocol/openid-connect/revoke", endpoints.revocationEndpoint());
        assertEquals("https://login.payer.example/realms/payer/account/applications", endpoints.accountApplications());
    }

    @Test
    void backendEndpointsAreTheOnesKeycloakAdvertisesForServerCalls() {
        assertEquals("http://kc-internal:8080/realms/payer/protocol/openid-connect/token", endpoints.tokenEndpoint());
        assertEquals("http://kc-internal:8080/realms/payer/protocol/openid-connect/token/introspect", endpoints.introspectionEndpoint());
        assertEquals("http://kc-internal:8080/realms/payer/protocol/openid-connect/userinfo", endpoints.userinfoEndpoint());
        assertEquals("http://kc-internal:8080/realms/payer/protocol/openid-connect/certs", endpoints.jwksUri());
        assertEquals("http://kc-internal:8080/realms/payer/clients-registrations/udap", endpoints.udapRegistrationEndpoint());
    }

    @Test
    void aContextPathIsKeptAndTrailingSlashesDoNotDouble() {
        RealmEndpoints withPath = RealmEndpoints.of(URI.create("https://h.example/auth//"), URI.create("https://h.example/auth"), "payer");
        assertEquals("https://h.example/auth/realms/payer", withPath.issuer());
        assertEquals("https://h.example/auth/realms/payer/protocol/openid-connect/token", withPath.tokenEndpoint());
    }

    @Test
    void theRealmNameIsPathEncodedAsJaxRsEncodesATemplateValue() {
        assertEquals("https://h.example/realms/my%20payer%2Fx%C3%A9", RealmEndpoints.of(URI.create("https://h.example/"),
                URI.create("https://h.example/"), "my payer/xé").issuer());
        assertEquals("a-b_c.d~e", RealmEndpoints.pathSegment("a-b_c.d~e"));
    }
}
