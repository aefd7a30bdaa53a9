package org.payerauth.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.payerauth.it.support.AdminApi;
import org.payerauth.it.support.Http;
import org.payerauth.it.support.KeycloakIT;
import org.payerauth.it.support.KeycloakServer;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;
import org.payerauth.udap.pki.Pem;

/**
 * With the admin console's pages on ({@code --features=declarative-ui}, as {@code ./run.sh} starts Keycloak), trust
 * communities are kept as the console's page components so that every one of them shows in the console: one imported
 * at startup with the REST type is moved at start, one created or updated through REST with the REST type is moved at
 * once, PEM lists joined into one file value. REST writes of either type are checked alike.
 */
@KeycloakIT
class TrustCommunityStorageIT {

    private static final String REST_TYPE = "org.payerauth.keycloak.udap.community.TrustCommunityProvider";
    private static final String CONSOLE_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";
    private static final String COMPONENTS = "/realms/payer/components";

    @Test
    void aCommunityImportedAtStartupWithTheRestTypeIsMovedToTheConsoleTypeAtStart(AdminApi admin) {
        // src/test/resources/startup-realms/console-adoption-realm.json: one community, two anchors as two values.
        String components = "/realms/console-adoption/components";
        assertEquals(0, admin.getJson(components + "?type=" + REST_TYPE).size());
        JsonNode adopted = admin.getJson(components + "?type=" + CONSOLE_TYPE);
        assertEquals(1, adopted.size());
        assertEquals("udap://startup-adoption.test/community", adopted.at("/0/config/communityUri/0").asText());
        JsonNode anchors = adopted.at("/0/config/trustAnchors");
        assertEquals(1, anchors.size(), "the anchors are one file value");
        assertEquals(2, Pem.readCertificates(anchors.get(0).asText()).size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCommunityCreatedOrUpdatedThroughRestIsKeptAsTheConsoleType_andReadTheSame(KeycloakServer server, AdminApi admin) {
        CertificateAuthority first = CertificateAuthority.newRoot("Storage IT root 1", KeyAlgorithm.RSA_2048);
        CertificateAuthority second = CertificateAuthority.newRoot("Storage IT root 2", KeyAlgorithm.RSA_2048);
        String uri = "udap://storage.test/community";
        IssuedCertificate signer = second.issue(LeafSpec.builder("Storage IT server").sanUri(server.realmUrl("payer")).build());
        Map<String, Object> component = component(REST_TYPE, uri, List.of(Pem.certificate(first.certificate()),
                Pem.certificate(second.certificate())));
        Map<String, List<String>> config = new LinkedHashMap<>((Map<String, List<String>>) component.get("config"));
        config.put("signingCertificateChain", List.of(Pem.certificate(signer.certificate()), Pem.certificate(second.certificate())));
        config.put("signingKey", List.of(Pem.privateKey(signer.privateKey())));
        component.put("config", config);
        String id = create(admin, component);
        try {
            JsonNode stored = admin.getJson(COMPONENTS + "/" + id);
            assertEquals(CONSOLE_TYPE, stored.get("providerType").asText());
            assertEquals(1, stored.at("/config/trustAnchors").size());
            assertEquals(List.of(first.certificate(), second.certificate()),
                    Pem.readCertificates(stored.at("/config/trustAnchors/0").asText()));
            assertEquals(1, stored.at("/config/signingCertificateChain").size());
            JsonNode metadata = Http.json(Http.get(server.realmUrl("payer") + "/.well-known/udap?community=" + Http.encode(uri)));
            assertTrue(metadata.has("signed_metadata"), metadata.toString());

            // A REST client that still sends the REST type on update: the community stays where the console sees it.
            ObjectNode update = (ObjectNode) stored.deepCopy();
            update.put("providerType", REST_TYPE);
            ((ObjectNode) update.get("config")).putArray("hl7B2bRequired").add("false");
            HttpResponse<String> updated = admin.putJson(COMPONENTS + "/" + id, update);
            assertEquals(204, updated.statusCode(), updated.body());
            JsonNode after = admin.getJson(COMPONENTS + "/" + id);
            assertEquals(CONSOLE_TYPE, after.get("providerType").asText());
            assertEquals("false", after.at("/config/hl7B2bRequired/0").asText());

            // The same URI again, of either type: refused, nothing added.
            for (String type : List.of(REST_TYPE, CONSOLE_TYPE)) {
                HttpResponse<String> twice = admin.postJson(COMPONENTS, component(type, uri,
                        List.of(Pem.certificate(first.certificate()))));
                assertEquals(400, twice.statusCode(), twice.body());
                assertTrue(Http.json(twice).get("errorMessage").asText().contains("already exists"), twice.body());
            }
            assertEquals(1, count(admin, uri));
        } finally {
            admin.delete(COMPONENTS + "/" + id);
        }
    }

    @Test
    void aConsoleTypeWriteIsCheckedAsARestOne_theRefusalNamesTheField(AdminApi admin) {
        HttpResponse<String> refused = admin.postJson(COMPONENTS, component(CONSOLE_TYPE, "udap://storage.test/bad",
                List.of("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")));
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(Http.json(refused).get("errorMessage").asText().startsWith("Trust anchors [trustAnchors]"), refused.body());
        assertEquals(0, count(admin, "udap://storage.test/bad"));
    }

    /** A community in the payer realm (Keycloak makes the realm the parent of a component sent without one). */
    private static Map<String, Object> component(String type, String uri, List<String> anchors) {
        Map<String, Object> component = new LinkedHashMap<>();
        component.put("name", uri);
        component.put("providerId", "udap-trust-community");
        component.put("providerType", type);
        component.put("config", Map.of("communityUri", List.of(uri), "trustAnchors", anchors));
        return component;
    }

    private static String create(AdminApi admin, Map<String, Object> component) {
        HttpResponse<String> created = admin.postJson(COMPONENTS, component);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static long count(AdminApi admin, String uri) {
        long count = 0;
        for (String type : List.of(REST_TYPE, CONSOLE_TYPE)) {
            for (JsonNode c : admin.getJson(COMPONENTS + "?type=" + type)) {
                if (uri.equals(c.at("/config/communityUri/0").asText())) {
                    count++;
                }
            }
        }
        return count;
    }
}
