package org.payerauth.it.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.payerauth.it.support.AdminApi;

/** Changes a realm attribute through the admin REST API for the duration of a test, then restores it. */
final class RealmAttributes {

    private RealmAttributes() {
    }

    static void with(AdminApi admin, String name, String value, Runnable test) {
        JsonNode realm = admin.getJson("/realms/payer");
        String before = realm.path("attributes").path(name).isMissingNode() ? "" : realm.path("attributes").path(name).asText();
        set(admin, name, value);
        try {
            test.run();
        } finally {
            set(admin, name, before);
        }
    }

    static void set(AdminApi admin, String name, String value) {
        ObjectNode realm = admin.getJson("/realms/payer").deepCopy();
        ObjectNode attributes = realm.has("attributes") ? (ObjectNode) realm.get("attributes") : realm.putObject("attributes");
        attributes.put(name, value);
        assertEquals(204, admin.putJson("/realms/payer", realm).statusCode());
    }
}
