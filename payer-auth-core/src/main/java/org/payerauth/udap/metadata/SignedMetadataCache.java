package org.payerauth.udap.metadata;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.payerauth.cache.CacheCounts;

/**
 * This server's metadata documents, signed once and served from memory: {@code /.well-known/udap} is
 * unauthenticated, so signing per request would hand anyone an RSA signature per request. A document is reused for
 * {@link #REUSE_FOR} (a quarter of {@link UdapServerMetadata#SIGNED_METADATA_LIFETIME}, so a served
 * {@code signed_metadata} always has at least 45 minutes left) and re-signed at once when its key changes: the key
 * must name everything the document depends on (community configuration version, FHIR base URL, capabilities).
 *
 * <p>The IG requires a {@code jti} in {@code signed_metadata} but not a fresh one per response; the cached document
 * keeps the one it was signed with. A node-local cache of a pure function of configuration and time, bounded to
 * {@link #MAX_ENTRIES} (when full, the document signed longest ago makes room, one at a time); each node signs its own
 * copy.
 */
public final class SignedMetadataCache {

    public static final Duration REUSE_FOR = UdapServerMetadata.SIGNED_METADATA_LIFETIME.dividedBy(4);
    public static final int MAX_ENTRIES = 256;

    private record Entry(Map<String, Object> document, Instant signedAt) {
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final CacheCounts counts = new CacheCounts();

    public SignedMetadataCache(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param key  everything the document depends on
     * @param sign signs a fresh document for the given time
     */
    public Map<String, Object> document(String key, Function<Instant, Map<String, Object>> sign) {
        Objects.requireNonNull(key, "key");
        Instant now = clock.instant();
        Entry entry = entries.get(key);
        if (entry != null && !now.isBefore(entry.signedAt()) && now.isBefore(entry.signedAt().plus(REUSE_FOR))) {
            counts.hit();
            return entry.document();
        }
        counts.miss();
        Map<String, Object> document = Collections.unmodifiableMap(new LinkedHashMap<>(sign.apply(now)));
        if (entry == null && entries.size() >= MAX_ENTRIES) {
            entries.entrySet().stream().min(Map.Entry.comparingByValue(java.util.Comparator.comparing(Entry::signedAt)))
                    .ifPresent(oldest -> entries.remove(oldest.getKey(), oldest.getValue()));
        }
        entries.put(key, new Entry(document, now));
        return document;
    }

    /** Hits (a document reused) and misses (a document signed). */
    public CacheCounts counts() {
        return counts;
    }

    /** How many documents are held (for tests, metrics and the benchmark's memory report). */
    public int size() {
        return entries.size();
    }
}
