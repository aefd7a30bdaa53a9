package org.payerauth.udap.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.payerauth.udap.Reason;
import org.payerauth.udap.RegistrationSettings;
import org.payerauth.udap.UdapException;

/** The registration request envelope (RFC 7591 §3.1, udap.org DCR §3), read the same way every time. */
class RegistrationRequestTest {

    private static final RegistrationSettings SETTINGS = RegistrationSettings.defaults();

    private static Reason refused(String body) {
        return assertThrows(UdapException.class, () -> RegistrationRequest.parse(body, SETTINGS)).reason();
    }

    @Test
    void a_body_with_software_statement_and_udap_1_is_read() throws UdapException {
        assertEquals("a.b.c", RegistrationRequest.parse("{\"software_statement\":\"a.b.c\",\"certifications\":[],\"udap\":\"1\"}",
                SETTINGS).softwareStatement());
    }

    @Test
    void duplicate_members_are_refused_never_resolved_by_order() {
        assertEquals(Reason.MALFORMED_REGISTRATION_REQUEST,
                refused("{\"software_statement\":\"a.b.c\",\"software_statement\":\"d.e.f\",\"udap\":\"1\"}"));
        assertEquals(Reason.MALFORMED_REGISTRATION_REQUEST,
                refused("{\"software_statement\":\"a.b.c\",\"udap\":\"1\",\"udap\":\"2\"}"));
    }

    @Test
    void a_leading_byte_order_mark_is_ignored() throws UdapException {
        assertEquals("a.b.c", RegistrationRequest.parse("\uFEFF{\"software_statement\":\"a.b.c\",\"udap\":\"1\"}", SETTINGS)
                .softwareStatement());
    }

    @Test
    void trailing_text_and_non_objects_are_refused() {
        assertEquals(Reason.MALFORMED_REGISTRATION_REQUEST, refused("{\"software_statement\":\"a.b.c\",\"udap\":\"1\"} x"));
        assertEquals(Reason.MALFORMED_REGISTRATION_REQUEST, refused("[\"a.b.c\"]"));
    }

    @Test
    void the_statement_must_be_a_string_and_udap_exactly_1() {
        assertEquals(Reason.INVALID_SOFTWARE_STATEMENT, refused("{\"software_statement\":7,\"udap\":\"1\"}"));
        assertEquals(Reason.MALFORMED_REGISTRATION_REQUEST, refused("{\"software_statement\":\"a.b.c\",\"udap\":1}"));
        assertEquals(Reason.MALFORMED_REGISTRATION_REQUEST, refused("{\"software_statement\":\"a.b.c\"}"));
    }

    @Test
    void certifications_areAnArrayOfJwts_keptInOrder() throws UdapException {
        assertEquals(java.util.List.of("c.d.e", "f.g.h"), RegistrationRequest.parse(
                "{\"software_statement\":\"a.b.c\",\"certifications\":[\"c.d.e\",\"f.g.h\"],\"udap\":\"1\"}", SETTINGS)
                .certifications());
        assertEquals(java.util.List.of(), RegistrationRequest.parse("{\"software_statement\":\"a.b.c\",\"udap\":\"1\"}", SETTINGS)
                .certifications());
        assertEquals(Reason.MALFORMED_REGISTRATION_REQUEST,
                refused("{\"software_statement\":\"a.b.c\",\"certifications\":\"c.d.e\",\"udap\":\"1\"}"));
        assertEquals(Reason.MALFORMED_REGISTRATION_REQUEST,
                refused("{\"software_statement\":\"a.b.c\",\"certifications\":[{}],\"udap\":\"1\"}"));
    }
}
