package org.payerauth.metrics;

import java.util.Objects;
import java.util.Set;

/**
 * The choices the rule leaves to the payer, as realm settings.
 *
 * @param signal             what counts as a transfer ({@link TransferSignal#TOKEN_ISSUED} unless set)
 * @param excludedClients    the client ids of the payer's own apps: not a "health app the patient designated"
 * @param smallCellThreshold breakdown counts from 1 to this minus one are shown as {@code <threshold} (default 11:
 *                           counts of 1 to 10 are suppressed, as CMS's cell-size suppression policy does)
 */
public record MetricsDefinitions(TransferSignal signal, Set<String> excludedClients, int smallCellThreshold) {

    public static final int DEFAULT_SMALL_CELL_THRESHOLD = 11;
    public static final MetricsDefinitions DEFAULT =
            new MetricsDefinitions(TransferSignal.TOKEN_ISSUED, Set.of(), DEFAULT_SMALL_CELL_THRESHOLD);

    public MetricsDefinitions {
        Objects.requireNonNull(signal, "signal");
        excludedClients = Set.copyOf(excludedClients);
        if (smallCellThreshold < 1) {
            throw new IllegalArgumentException("smallCellThreshold must be at least 1 (1: nothing suppressed)");
        }
    }
}
