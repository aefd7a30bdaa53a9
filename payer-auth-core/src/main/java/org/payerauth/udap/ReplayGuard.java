package org.payerauth.udap;

/**
 * Records a single-use value (a {@code jti}) as used until it expires. Cluster-wide in the glue (Keycloak's
 * single-use store), so a value used on one node is refused on every other.
 */
@FunctionalInterface
public interface ReplayGuard {

    /** @return false when the key was already used */
    boolean firstUse(String key, long lifespanSeconds);
}
