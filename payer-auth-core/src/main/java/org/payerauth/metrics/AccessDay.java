package org.payerauth.metrics;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What is recorded: on {@code day} (UTC), the data of {@code patient} reached the app {@code clientId}, by a token
 * issued and/or by an introspection of one of its tokens. One record per patient, app and day; nothing else (no token,
 * no scope, no user: a representative's launch counts for the patient, and deleting a user changes no past record).
 */
public record AccessDay(String patient, String clientId, LocalDate day, boolean tokenIssued, boolean introspected) {

    public AccessDay {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(day, "day");
    }

    /** Whether this record is a transfer under {@code signal}. */
    public boolean counts(TransferSignal signal) {
        return signal == TransferSignal.TOKEN_ISSUED ? tokenIssued : introspected;
    }
}
