package org.payerauth.keycloak.payer.b2b;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.payerauth.b2b.B2bApi;

/** A client's B2B settings as the B2B organization mapper holds them, and what an administrator cannot save. */
class B2bOrganizationMapperTest {

    private static ProtocolMapperModel model(Map<String, String> config) {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setProtocolMapper(B2bOrganizationMapper.PROVIDER_ID);
        model.setConfig(new HashMap<>(config));
        return model;
    }

    @Test
    void settings_readTheApiPurposesAndNpiToGroupPairs() {
        B2bOrganizationMapper.Settings settings = B2bOrganizationMapper.settings(Map.of(
                B2bOrganizationMapper.API, "provider-access", B2bOrganizationMapper.PURPOSES, " TREAT  COC ",
                B2bOrganizationMapper.NPI_GROUPS, "1234567893=g-1 1245319599=g-2", B2bOrganizationMapper.GROUP, "g-0"));
        assertEquals(B2bApi.PROVIDER_ACCESS, settings.api());
        assertEquals(List.of("TREAT", "COC"), settings.purposesOfUse());
        assertEquals("g-2", settings.groupFor("1245319599"));
        assertEquals("g-0", settings.groupFor("1003000126"), "an unmapped NPI falls back to the client's Group");
        assertEquals("g-0", settings.groupFor(null));
    }

    @Test
    void settings_withoutAnApi_orNone_giveNoMemberScopedTokens() {
        assertNull(B2bOrganizationMapper.settings(Map.of()).api());
        assertNull(B2bOrganizationMapper.settings(Map.of(B2bOrganizationMapper.API, "none")).api());
    }

    @Test
    void anAdministratorCannotSave_aWrongNpi_aRelativeOrganization_anUnknownApi_orBadPairs() {
        B2bOrganizationMapper mapper = new B2bOrganizationMapper();
        for (Map<String, String> bad : List.of(Map.of(B2bOrganizationMapper.NPI, "1234567890"),
                Map.of(B2bOrganizationMapper.ORGANIZATION_ID, "Example Clinic"),
                Map.of(B2bOrganizationMapper.API, "payer-to-provider"),
                Map.of(B2bOrganizationMapper.NPI_GROUPS, "1234567893"),
                Map.of(B2bOrganizationMapper.NPI_GROUPS, "1234567890=g-1"))) {
            ProtocolMapperConfigException e = assertThrows(ProtocolMapperConfigException.class,
                    () -> mapper.validateConfig(null, null, null, model(bad)), bad.toString());
            assertEquals(e.getMessage(), e.getMessageKey(), "Keycloak looks the key up; the message stands in");
        }
    }

    @Test
    void validSettings_areAccepted() {
        assertDoesNotThrow(() -> new B2bOrganizationMapper().validateConfig(null, null, null, model(Map.of(
                B2bOrganizationMapper.API, "payer-to-payer", B2bOrganizationMapper.NPI, "1245319599",
                B2bOrganizationMapper.ORGANIZATION_ID, "urn:oid:2.16.840.1.113883.3.999",
                B2bOrganizationMapper.NPI_GROUPS, "1234567893=g-1"))));
    }
}
