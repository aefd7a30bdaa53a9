package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;

/** {@code /realms/payer/.well-known/smart-configuration} (SMART App Launch 2.2 conformance; Inferno 1.1.01–1.1.03). */
@KeycloakIT
class SmartDiscoveryIT {

    static final List<String> CARIN_CAPABILITIES = List.of("launch-standalone", "client-public",
            "client-confidential-symmetric", "sso-openid-connect", "context-standalone-patient", "permission-offline",
            "permission-patient", "permission-user");

    private static String url(KeycloakServer server) {
        return server.realmUrl("payer") + "/.well-known/smart-configuration";
    }

    @ParameterizedTest(name = "Accept: {0}")
    @ValueSource(strings = {"application/json", "text/html", "*/*", "application/xml", "text/html,application/xhtml+xml"})
    void well_known_endpoint_answersJsonWhateverTheAcceptHeader(String accept, KeycloakServer server) {
        HttpResponse<String> response = Http.get(url(server), "Accept", accept);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(Http.json(response).has("capabilities"));
    }

    @Test
    void well_known_endpoint_answersJsonWithoutAcceptHeader(KeycloakServer server) {
        HttpResponse<String> response = Http.get(url(server));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void smart_cors_well_known_endpoint_allowsAnyOrigin(KeycloakServer server) {
        HttpResponse<String> response = Http.get(url(server), "Origin", "https://some-app.example");
        String allowed = response.headers().firstValue("Access-Control-Allow-Origin").orElse("");
        assertTrue(allowed.equals("*") || allowed.equals("https://some-app.example"), "ACAO: " + allowed);
    }

    @Test
    void well_known_capabilities_stu2_requiredFieldsAndValues(KeycloakServer server) {
        JsonNode smart = Http.json(Http.get(url(server)));
        for (String field : List.of("issuer", "jwks_uri", "authorization_endpoint", "token_endpoint",
                "grant_types_supported", "capabilities", "code_challenge_methods_supported", "scopes_supported",
                "response_types_supported", "introspection_endpoint", "revocation_endpoint",
                "token_endpoint_auth_methods_supported")) {
            assertTrue(smart.hasNonNull(field), "missing " + field);
        }
        assertEquals(List.of("S256"), strings(smart.get("code_challenge_methods_supported")));
        assertTrue(strings(smart.get("grant_types_supported")).contains("authorization_code"));
        assertEquals(List.of("code"), strings(smart.get("response_types_supported")));
        Set<String> capabilities = new HashSet<>(strings(smart.get("capabilities")));
        assertTrue(capabilities.containsAll(CARIN_CAPABILITIES), "capabilities " + capabilities);
        assertTrue(capabilities.containsAll(List.of("permission-v1", "permission-v2", "authorize-post")));
        assertTrue(capabilities.contains("client-confidential-asymmetric"), "Backend Services / private_key_jwt");
        assertTrue(strings(smart.get("grant_types_supported")).contains("client_credentials"));
        assertTrue(strings(smart.get("token_endpoint_auth_methods_supported")).contains("private_key_jwt"));
        assertTrue(strings(smart.get("token_endpoint_auth_signing_alg_values_supported")).containsAll(List.of("RS384", "ES384")));
        assertFalse(capabilities.contains("launch-ehr"), "not offered: must not be advertised");
        // registration_endpoint appears once UDAP registration is enabled (a trust community exists): UdapDiscoveryIT
    }

    @Test
    void endpointsAreIdenticalToOpenIdConfiguration(KeycloakServer server) {
        JsonNode smart = Http.json(Http.get(url(server)));
        JsonNode oidc = Http.json(Http.get(server.realmUrl("payer") + "/.well-known/openid-configuration"));
        for (String field : List.of("issuer", "jwks_uri", "authorization_endpoint", "token_endpoint",
                "introspection_endpoint", "revocation_endpoint")) {
            assertEquals(oidc.get(field).asText(), smart.get(field).asText(), field);
        }
    }

    @Test
    void everyAdvertisedScopeWorks(KeycloakServer server, AdminApi admin) {
        JsonNode smart = Http.json(Http.get(url(server)));
        List<String> advertised = strings(smart.get("scopes_supported"));
        Set<String> clientScopes = new HashSet<>();
        admin.getJson("/realms/payer/client-scopes").forEach(s -> clientScopes.add(s.get("name").asText()));
        Set<String> optional = new HashSet<>();
        admin.getJson("/realms/payer/default-optional-client-scopes").forEach(s -> optional.add(s.get("name").asText()));
        for (String scope : advertised) {
            if (scope.equals("openid")) {
                continue;
            }
            assertTrue(clientScopes.contains(scope), scope + " is not a client scope of the realm");
            assertTrue(optional.contains(scope), scope + " is not offered to new clients");
        }
        for (String carin : List.of("openid", "fhirUser", "launch/patient", "patient/ExplanationOfBenefit.read",
                "patient/Coverage.read", "patient/Patient.read", "patient/Organization.read",
                "patient/Practitioner.read", "user/ExplanationOfBenefit.read", "user/Coverage.read",
                "user/Patient.read", "user/Organization.read", "user/Practitioner.read", "offline_access")) {
            assertTrue(advertised.contains(carin), "CARIN scope " + carin + " not advertised");
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
