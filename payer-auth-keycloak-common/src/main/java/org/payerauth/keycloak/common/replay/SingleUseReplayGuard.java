package org.payerauth.keycloak.common.replay;

import java.time.Instant;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.payerauth.udap.ReplayGuard;

/**
 * The {@link ReplayGuard} on Keycloak's single-use store, shared by every node of a cluster. That store is memory
 * only, so when every node stopped the used values are gone. The guard therefore keeps, in the same store, when its
 * record began: the first node of a cluster sets it at startup ({@link #beginRecord}), nodes that join find it, and
 * a full restart sets it anew. A UDAP JWT issued before it is refused (it may have been used before the restart); a
 * restart of some nodes keeps the record and changes nothing.
 */
public final class SingleUseReplayGuard implements ReplayGuard {

    static final String RECORD_KEY = "payer-auth-replay-record-since";
    private static final String SINCE = "since";
    /** As long as the store keeps anything: the record lasts as long as the cluster. */
    private static final long RECORD_LIFESPAN_SECONDS = 10L * 365 * 24 * 3600;
    private static final Logger LOG = Logger.getLogger(SingleUseReplayGuard.class);

    /**
     * The record's start as this node read it: it can only change when every node stopped, this one included, so a
     * running node reads it once.
     */
    private static volatile Instant knownSince;

    private final SingleUseObjectProvider store;

    public SingleUseReplayGuard(KeycloakSession session) {
        this.store = session.singleUseObjects();
    }

    @Override
    public boolean firstUse(String key, long lifespanSeconds) {
        return store.putIfAbsent(key, lifespanSeconds);
    }

    @Override
    public Instant recordedSince() {
        Instant known = knownSince;
        if (known != null) {
            return known;
        }
        Map<String, String> record = store.get(RECORD_KEY);
        if (record != null && record.get(SINCE) != null) {
            knownSince = Instant.ofEpochMilli(Long.parseLong(record.get(SINCE)));
            return knownSince;
        }
        // Not begun at startup (the store was unavailable then): begin it here, conservatively now.
        Instant now = begin(store);
        LOG.warnf("The UDAP replay record had no start; it starts now (%s): JWTs issued before are refused", now);
        return now;
    }

    /**
     * Called from a factory's {@code postInit}: once Keycloak has started (its post-migration event, when storage is
     * ready), begins the record if this node is the first of the cluster.
     */
    public static void beginRecord(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof org.keycloak.models.utils.PostMigrationEvent) {
                beginRecordNow(factory);
            }
        });
    }

    private static void beginRecordNow(KeycloakSessionFactory factory) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                SingleUseObjectProvider store = session.singleUseObjects();
                Map<String, String> record = store.get(RECORD_KEY);
                if (record == null) {
                    LOG.infof("UDAP replay record begins at %s (first node of this cluster)", begin(store));
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "The UDAP replay record could not begin at startup; it begins with the first UDAP request");
        }
    }

    /**
     * Two nodes starting together may both begin it; the later write wins, and either start is after the last moment
     * the previous cluster served, which is all the record needs.
     */
    private static Instant begin(SingleUseObjectProvider store) {
        Instant now = Instant.now();
        store.put(RECORD_KEY, RECORD_LIFESPAN_SECONDS, new java.util.HashMap<>(Map.of(SINCE, Long.toString(now.toEpochMilli()))));
        return now;
    }
}
