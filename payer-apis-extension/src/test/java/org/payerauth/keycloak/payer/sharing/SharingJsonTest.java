package org.payerauth.keycloak.payer.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SharingJsonTest {

    @Test
    void aChangeRequestIsAJsonObjectOfStrings() throws SharingJson.BadRequest {
        Map<String, String> fields = SharingJson.body("{\"current\":\"SHARED\",\"value\":\"OPTED_OUT\",\"extra\":1}");
        assertEquals("SHARED", fields.get("current"));
        assertEquals("OPTED_OUT", fields.get("value"));
        assertNull(fields.get("reason"));
    }

    @Test
    void anythingElseIsABadRequestThatSaysWhatToSend() {
        for (String body : new String[] {null, "", "  ", "current=SHARED", "[1]", "{\"value\": 3}", "{\"reason\": {}}"}) {
            SharingJson.BadRequest refused = assertThrows(SharingJson.BadRequest.class, () -> SharingJson.body(body),
                    String.valueOf(body));
            assertTrue(refused.getMessage().contains("current") || refused.getMessage().contains("must be a string"),
                    refused.getMessage());
        }
    }
}
