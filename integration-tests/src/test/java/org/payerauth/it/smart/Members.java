package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.payerauth.it.support.AdminApi;

/** Test members created through the admin REST API (password = username), as a payer's admin would. */
public final class Members {

    private Members() {
    }

    /** Creates a member of the payer realm with these {@code smart_patients} values; returns the username. */
    public static String create(AdminApi admin, String fhirUser, List<String> patients) {
        return create(admin, fhirUser, patients, Map.of());
    }

    /** As {@link #create(AdminApi, String, List)}, with more user attributes (e.g. {@code smart_patients_view_only}). */
    public static String create(AdminApi admin, String fhirUser, List<String> patients, Map<String, List<String>> more) {
        Map<String, Object> attributes = new java.util.HashMap<>(more);
        attributes.put("fhirUser", List.of(fhirUser));
        attributes.put("smart_patients", patients);
        String username = "m-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> user = Map.of(
                "username", username, "enabled", true, "email", username + "@member.example", "emailVerified", true,
                "firstName", "Test", "lastName", "Member",
                "attributes", attributes,
                "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false)));
        HttpResponse<String> created = admin.postJson("/realms/payer/users", user);
        assertEquals(201, created.statusCode(), created.body());
        String id = id(admin, username);
        JsonNode role = admin.getJson("/realms/payer/roles/default-roles-payer");
        HttpResponse<String> mapped = admin.postJson("/realms/payer/users/" + id + "/role-mappings/realm", List.of(role));
        assertEquals(204, mapped.statusCode(), mapped.body());
        return username;
    }

    /** The id of {@code username} in another realm. */
    public static String idIn(AdminApi admin, String realm, String username) {
        return admin.getJson("/realms/" + realm + "/users?exact=true&username=" + username).get(0).get("id").asText();
    }

    public static String id(AdminApi admin, String username) {
        return admin.getJson("/realms/payer/users?exact=true&username=" + username).get(0).get("id").asText();
    }

    /** Replaces the member's {@code smart_patients}, keeping the rest of the profile. */
    public static void setPatients(AdminApi admin, String username, List<String> patients) {
        String id = id(admin, username);
        JsonNode user = admin.getJson("/realms/payer/users/" + id);
        ((com.fasterxml.jackson.databind.node.ObjectNode) user.get("attributes"))
                .set("smart_patients", org.payerauth.it.support.Http.JSON.valueToTree(patients));
        HttpResponse<String> updated = admin.putJson("/realms/payer/users/" + id, user);
        assertEquals(204, updated.statusCode(), updated.body());
    }
}
