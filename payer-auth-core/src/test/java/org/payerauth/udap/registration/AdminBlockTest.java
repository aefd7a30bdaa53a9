package org.payerauth.udap.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.payerauth.udap.Reason;

class AdminBlockTest {

    @ParameterizedTest(name = "blocked={0} enabled={1} cancelled={2} scope={3}: blocked {4}, elsewhere {5}")
    @CsvSource(nullValues = "null", value = {
            // marked blocked: blocks, everywhere unless confined
            "true,  true,  false, null,      true,  true",
            "TRUE,  true,  false, null,      true,  true",
            "true,  true,  false, community, true,  false",
            "true,  false, true,  null,      true,  true",
            // disabled by the administrator: blocks, everywhere unless confined
            "null,  false, false, null,      true,  true",
            "null,  false, false, Community, true,  false",
            // a misspelt or other scope fails closed: every community
            "null,  false, false, comunity,  true,  true",
            "null,  false, false, all,       true,  true",
            // cancelled by the app itself, or active: no block
            "null,  false, true,  null,      false, false",
            "false, true,  false, null,      false, false",
            "null,  true,  false, null,      false, false",
    })
    void aBlockIsAboutTheApp_itRefusesTheSameIssInEveryCommunity_unlessConfinedToItsOwn(
            String marked, boolean enabled, boolean cancelled, String scope, boolean blocked, boolean elsewhere) {
        AdminBlock block = AdminBlock.of(marked, enabled, cancelled, scope);
        assertEquals(blocked, block.blocked());
        assertEquals(elsewhere, block.refusesOtherCommunities());
    }

    @Test
    void bothRefusalsAreUnapprovedSoftwareStatement_andTheOtherCommunityIsNamed() {
        assertEquals(Reason.REGISTRATION_BLOCKED, AdminBlock.refusalHere().reason());
        assertEquals("unapproved_software_statement", AdminBlock.refusalElsewhere("urn:a").error());
        assertTrue(AdminBlock.refusalElsewhere("udap://community-a").description().contains("udap://community-a"));
        assertTrue(AdminBlock.refusalElsewhere("urn:a").description().contains("administrator"));
        assertFalse(AdminBlock.of(null, true, false, null).blocked());
    }
}
