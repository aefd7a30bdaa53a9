package org.payerauth.udap;

import java.time.Instant;

/**
 * Records a single-use value (a {@code jti}) as used until it expires. Cluster-wide in the glue (Keycloak's
 * single-use store), so a value used on one node is refused on every other.
 */
@FunctionalInterface
public interface ReplayGuard {

    /** @return false when the key was already used */
    boolean firstUse(String key, long lifespanSeconds);

    /**
     * Since when the record is complete. Keycloak's single-use store lives in memory only: when every node stopped,
     * the values used before are forgotten. A JWT issued ({@code iat}) before this instant may have been used then,
     * so it is refused; one issued since cannot have been. {@link Instant#MIN} (the default): the record is complete.
     */
    default Instant recordedSince() {
        return Instant.MIN;
    }

    /** Whether a JWT issued at {@code issuedAt} predates the record (seconds, as {@code iat} has them). */
    default boolean predatesRecord(Instant issuedAt) {
        Instant since = recordedSince();
        return since != Instant.MIN && issuedAt.getEpochSecond() < since.getEpochSecond();
    }
}
