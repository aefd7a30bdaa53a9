package org.payerauth.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.payerauth.fhir.SmartScopes;

class SmartConfigurationTest {

    private static final SmartConfiguration.Endpoints ENDPOINTS = new SmartConfiguration.Endpoints(
            "https://auth.example/realms/payer",
            "https://auth.example/realms/payer/protocol/openid-connect/certs",
            "https://auth.example/realms/payer/protocol/openid-connect/auth",
            "https://auth.example/realms/payer/protocol/openid-connect/token",
            "https://auth.example/realms/payer/protocol/openid-connect/token/introspect",
            "https://auth.example/realms/payer/protocol/openid-connect/revoke",
            null);

    @Test
    void pkceMethodsAreExactlyS256() {
        Map<String, Object> json = new SmartConfiguration(ENDPOINTS, SmartScopes.all()).toJson();
        assertEquals(List.of("S256"), json.get("code_challenge_methods_supported"));
    }

    @Test
    void capabilitiesContainTheCarinSet() {
        List<String> carin = List.of("launch-standalone", "client-public", "client-confidential-symmetric",
                "sso-openid-connect", "context-standalone-patient", "permission-offline", "permission-patient",
                "permission-user");
        assertTrue(SmartConfiguration.CAPABILITIES.containsAll(carin));
    }

    @Test
    void registrationEndpointOnlyWhenEnabled() {
        assertFalse(new SmartConfiguration(ENDPOINTS, SmartScopes.all()).toJson().containsKey("registration_endpoint"));
        assertEquals("https://r.example/register", new SmartConfiguration(ENDPOINTS, SmartScopes.all())
                .registrationEndpoint("https://r.example/register").toJson().get("registration_endpoint"));
    }

    @Test
    void userAccessBrand_bundleAndIdentifierTogether_onlyWhenGiven() {
        assertFalse(new SmartConfiguration(ENDPOINTS, SmartScopes.all()).toJson().containsKey("user_access_brand_bundle"));
        Map<String, Object> json = new SmartConfiguration(ENDPOINTS, SmartScopes.all())
                .userAccessBrand("https://kc.example/realms/payer/user-access-brands",
                        Map.of("system", "urn:ietf:rfc:3986", "value", "https://acme.example")).toJson();
        assertEquals("https://kc.example/realms/payer/user-access-brands", json.get("user_access_brand_bundle"));
        assertEquals(Map.of("system", "urn:ietf:rfc:3986", "value", "https://acme.example"), json.get("user_access_brand_identifier"));
    }

    @Test
    void absentOptionalEndpointsAreOmittedNotNull() {
        Map<String, Object> json = new SmartConfiguration(ENDPOINTS, SmartScopes.all()).toJson();
        assertFalse(json.containsKey("userinfo_endpoint"));
        assertFalse(json.containsValue(null));
    }
}
