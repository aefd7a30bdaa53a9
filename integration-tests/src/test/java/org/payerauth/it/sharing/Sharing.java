package org.payerauth.it.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.payerauth.it.smart.SmartLaunchAccess;
import org.payerauth.it.support.Browser;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakServer;

/** The data-sharing resources as the account page, staff and the FHIR server call them. */
final class Sharing {

    static final String FHIR_SERVER = "fhir-server";
    static final String FHIR_SERVER_SECRET = "fhir-server-secret";

    private Sharing() {
    }

    static String url(KeycloakServer server) {
        return server.realmUrl("payer") + "/data-sharing";
    }

    /** What the account page shows: the member's patients with their choices. */
    static JsonNode page(KeycloakServer server, Browser member) {
        HttpResponse<String> listed = member.request("GET", url(server), "Accept", "application/json");
        assertEquals(200, listed.statusCode(), listed.body());
        return Http.json(listed);
    }

    static JsonNode patient(KeycloakServer server, Browser member, String patient) {
        for (JsonNode p : page(server, member).get("patients")) {
            if (p.get("id").asText().equals(patient)) {
                return p;
            }
        }
        throw new AssertionError("patient " + patient + " not on the page: " + page(server, member));
    }

    static String value(JsonNode patient, String choice) {
        return patient.get("choices").get(choice).get("value").asText();
    }

    /** A change as the account page sends it (same origin, the CSRF header). */
    static HttpResponse<String> change(KeycloakServer server, Browser member, String patient, String choice,
                                       String current, String value) {
        return member.requestWithBody("POST", url(server) + "/patients/" + patient + "/choices/" + choice,
                json(Map.of("current", current, "value", value)), "Content-Type", "application/json",
                "X-Payer-Auth-Request", "1", "Origin", server.baseUrl());
    }

    static String json(Object body) {
        try {
            return Http.JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Consent API with the FHIR server's credentials (HTTP Basic). */
    static HttpResponse<String> consents(KeycloakServer server, String query) {
        return consents(server, query, FHIR_SERVER, FHIR_SERVER_SECRET);
    }

    static HttpResponse<String> consents(KeycloakServer server, String query, String clientId, String secret) {
        return Http.get(url(server) + "/fhir/Consent?" + query, "Authorization", SmartLaunchAccess.basic(clientId, secret),
                "Accept", "application/fhir+json");
    }

    static JsonNode bundle(KeycloakServer server, String query) {
        HttpResponse<String> response = consents(server, query);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode bundle = Http.json(response);
        assertEquals("Bundle", bundle.get("resourceType").asText());
        assertEquals("searchset", bundle.get("type").asText());
        return bundle;
    }

    /** The Consent of {@code patient} in a bundle, or null. */
    static JsonNode consentOf(JsonNode bundle, String patient, String category) {
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode consent = entry.get("resource");
            boolean forPatient = consent.get("patient").get("reference").asText().equals("Patient/" + patient);
            boolean ofCategory = consent.get("category").toString().contains("\"code\":\"" + category + "\"");
            if (forPatient && ofCategory) {
                return consent;
            }
        }
        return null;
    }
}
