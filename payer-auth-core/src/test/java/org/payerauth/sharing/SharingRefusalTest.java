package org.payerauth.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SharingRefusalTest {

    @ParameterizedTest
    @CsvSource({
            "NOT_YOUR_PATIENT,   access_denied,   403",
            "NO_DECISION_RIGHTS, access_denied,   403",
            "STALE_CHOICE,       invalid_request, 409",
            "NOTHING_CHANGES,    invalid_request, 400",
            "REASON_REQUIRED,    invalid_request, 400",
            "UNKNOWN_VALUE,      invalid_request, 400"})
    void each_refusal_maps_to_one_error_code_and_one_http_status(SharingRefusal refusal, String error, int status) {
        SharingException e = new SharingException(refusal);
        assertEquals(error, e.error());
        assertEquals(status, e.httpStatus());
        assertEquals(refusal.description(), e.description());
    }
}
