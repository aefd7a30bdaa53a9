package org.payerauth.realm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.util.JsonSerialization;

/** The realm file must be what Keycloak's importer reads: a typo in a field name fails here, not at import. */
class PayerRealmFileTest {

    private static RealmRepresentation load() throws Exception {
        try (InputStream in = PayerRealmFileTest.class.getResourceAsStream("/realm/payer-realm.json")) {
            assertNotNull(in, "realm/payer-realm.json is packaged");
            return JsonSerialization.readValue(in, RealmRepresentation.class);
        }
    }

    @Test
    void isThePayerRealmWithThePayerTheme() throws Exception {
        RealmRepresentation realm = load();
        assertEquals("payer", realm.getRealm());
        assertTrue(realm.isEnabled());
        assertEquals("payer", realm.getLoginTheme());
    }

    @Test
    void hasTheDocumentedDemoLogins() throws Exception {
        Set<String> users = load().getUsers().stream().map(UserRepresentation::getUsername).collect(Collectors.toSet());
        assertEquals(Set.of("alice", "rita", "victor"), users);
    }
}
