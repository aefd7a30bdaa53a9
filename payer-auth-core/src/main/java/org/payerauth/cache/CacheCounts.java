package org.payerauth.cache;

import java.util.concurrent.atomic.LongAdder;

/**
 * How often a node-local cache answered from what it held (a hit) and how often it had to load or compute (a miss).
 * Counted without contention; read by the metrics of the Keycloak glue.
 */
public final class CacheCounts {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public void hit() {
        hits.increment();
    }

    public void miss() {
        misses.increment();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }
}
