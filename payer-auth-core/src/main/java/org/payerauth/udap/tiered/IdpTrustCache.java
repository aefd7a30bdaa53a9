package org.payerauth.udap.tiered;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/**
 * Verified identity-provider metadata, reused until its own {@code exp} or a configured maximum, whichever comes first,
 * so a warm Tiered login fetches no metadata (udap-dotnet fetches and validates it on every login). Refusals are kept
 * for {@link #REFUSAL_REUSE}, so one app cannot make this server fetch a failing IdP's metadata on every request
 * (attack catalogue §4.2). The key must name everything the verdict depends on: the realm, the {@code idp} and its
 * community, and the version of every community trusted for identity providers.
 *
 * <p>Loads are coalesced: concurrent lookups of one key share the one load that runs (on the thread of the lookup that
 * started it), so a burst of requests naming a new IdP makes one fetch. At most {@code maxConcurrentLoads} loads of
 * one realm run at once; a lookup that would start one more is refused at once with
 * {@link Reason#IDENTITY_PROVIDER_CHECKS_BUSY}, and that refusal is not kept (the IdP itself was not judged).
 *
 * <p>A node-local cache of a pure function of configuration, the IdP's document and time, bounded to
 * {@link #MAX_ENTRIES}: when full, the entry used longest ago makes room, one at a time.
 */
public final class IdpTrustCache {

    public static final int MAX_ENTRIES = 1024;
    public static final Duration REFUSAL_REUSE = Duration.ofSeconds(30);

    private record Entry(TieredIdpMetadata trusted, UdapException refusal, Instant until) {
        TieredIdpMetadata answer() throws UdapException {
            if (refusal != null) {
                throw refusal;
            }
            return trusted;
        }
    }

    /** Looks the IdP up and verifies it (a fetch); throws the refusal. */
    @FunctionalInterface
    public interface Loader {
        TieredIdpMetadata load() throws UdapException;
    }

    private final Clock clock;
    private final Object lock = new Object();
    /** In access order: the first entry is the one used longest ago. Guarded by {@link #lock}. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };
    /** The loads running now, by key. Guarded by {@link #lock}. */
    private final Map<String, CompletableFuture<Entry>> loading = new HashMap<>();
    /** How many loads of each realm run now (realms without one have no entry). Guarded by {@link #lock}. */
    private final Map<String, Integer> loadsByRealm = new HashMap<>();

    private final org.payerauth.cache.CacheCounts counts = new org.payerauth.cache.CacheCounts();

    /** Hits (answered from what is held or from a load already running) and misses (a load started). */
    public org.payerauth.cache.CacheCounts counts() {
        return counts;
    }

    public IdpTrustCache(Clock clock) {
        this.clock = clock;
    }

    /**
     * The verified metadata under {@code key}: from the cache, from the load of it that runs now, or from a new load.
     *
     * @param realm              whose budget of concurrent loads a new load uses
     * @param maxReuse           the longest a verified document is reused (the realm's setting)
     * @param maxConcurrentLoads how many loads of the realm may run at once (the realm's setting)
     */
    public TieredIdpMetadata get(String realm, String key, Duration maxReuse, int maxConcurrentLoads, Loader loader)
            throws UdapException {
        CompletableFuture<Entry> running;
        synchronized (lock) {
            Entry entry = entries.get(key);
            if (entry != null && clock.instant().isBefore(entry.until())) {
                counts.hit();
                return entry.answer();
            }
            running = loading.get(key);
            if (running == null) {
                int loads = loadsByRealm.getOrDefault(realm, 0);
                if (loads >= maxConcurrentLoads) {
                    throw new UdapException(Reason.IDENTITY_PROVIDER_CHECKS_BUSY, "This server is checking as many "
                            + "new identity providers as it allows at once; try again in a few seconds");
                }
                loadsByRealm.put(realm, loads + 1);
                loading.put(key, new CompletableFuture<>());
            }
        }
        if (running != null) {
            counts.hit();
            return await(running).answer();
        }
        counts.miss();
        return run(realm, key, maxReuse, loader).answer();
    }

    /** Runs a load this thread started (holding no lock), keeps its outcome and hands it to the lookups waiting. */
    private Entry run(String realm, String key, Duration maxReuse, Loader loader) {
        Instant now = clock.instant();
        Entry outcome;
        try {
            TieredIdpMetadata trusted = loader.load();
            Instant until = now.plus(maxReuse);
            if (trusted.expiresAt().isBefore(until)) {
                until = trusted.expiresAt();
            }
            outcome = new Entry(trusted, null, until);
        } catch (UdapException e) {
            outcome = new Entry(null, e, now.plus(REFUSAL_REUSE));
        } catch (RuntimeException | Error e) {
            finish(realm, key, null).completeExceptionally(e); // nothing is kept; the waiting lookups fail alike
            throw e;
        }
        finish(realm, key, outcome).complete(outcome);
        return outcome;
    }

    /** Keeps a load's outcome (if any) and ends it; returns the future its waiting lookups wait on. */
    private CompletableFuture<Entry> finish(String realm, String key, Entry outcome) {
        synchronized (lock) {
            if (outcome != null) {
                entries.put(key, outcome);
            }
            int running = loadsByRealm.getOrDefault(realm, 1) - 1;
            if (running > 0) {
                loadsByRealm.put(realm, running);
            } else {
                loadsByRealm.remove(realm);
            }
            return loading.remove(key);
        }
    }

    private static Entry await(CompletableFuture<Entry> load) throws UdapException {
        try {
            return load.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UdapException(Reason.IDENTITY_PROVIDER_CHECKS_BUSY, "The identity provider could not be checked "
                    + "in time; try again");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Forgets what is known about one key (e.g. after the IdP answered invalid_client). */
    public void forget(String key) {
        synchronized (lock) {
            entries.remove(key);
        }
    }

    public int size() {
        synchronized (lock) {
            return entries.size();
        }
    }
}
