package org.payerauth.keycloak.payer.sharing.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.MessageFormat;

import org.junit.jupiter.api.Test;
import org.payerauth.sharing.SharingRefusal;

class DataSharingTabFactoryTest {

    /** Keycloak formats a component's validation message with MessageFormat: what staff read is what we wrote. */
    @Test
    void aRefusalReadsTheSameAfterKeycloaksMessageFormatting() {
        for (String message : new String[] {SharingRefusal.REASON_REQUIRED.description(),
                "This user neither is nor acts for patient 'x'; they act for a, b", "braces {0} and {x} stay", "plain"}) {
            assertEquals(message, MessageFormat.format(DataSharingTabFactory.refusal(message).getMessage(), new Object[0]));
        }
    }
}
