package org.payerauth.udap.tiered;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.payerauth.udap.UdapException;

/**
 * Verified identity-provider metadata, reused until its own {@code exp} or a configured maximum, whichever comes first,
 * so a warm Tiered login fetches no metadata (udap-dotnet fetches and validates it on every login). Refusals are kept
 * for {@link #REFUSAL_REUSE}, so one app cannot make this server fetch a failing IdP's metadata on every request
 * (attack catalogue §4.2). The key must name everything the verdict depends on: the realm, the {@code idp} and its
 * community, and the version of every community trusted for identity providers.
 *
 * <p>A node-local cache of a pure function of configuration, the IdP's document and time; bounded to
 * {@link #MAX_ENTRIES} (cleared when full).
 */
public final class IdpTrustCache {

    public static final int MAX_ENTRIES = 1024;
    public static final Duration REFUSAL_REUSE = Duration.ofSeconds(30);

    private record Entry(TieredIdpMetadata trusted, UdapException refusal, Instant until) {
    }

    /** Looks the IdP up and verifies it (a fetch); throws the refusal. */
    @FunctionalInterface
    public interface Loader {
        TieredIdpMetadata load() throws UdapException;
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public IdpTrustCache(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param maxReuse the longest a verified document is reused (the realm's setting)
     */
    public TieredIdpMetadata get(String key, Duration maxReuse, Loader loader) throws UdapException {
        Instant now = clock.instant();
        Entry entry = entries.get(key);
        if (entry != null && now.isBefore(entry.until())) {
            if (entry.refusal() != null) {
                throw entry.refusal();
            }
            return entry.trusted();
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        try {
            TieredIdpMetadata trusted = loader.load();
            Instant until = now.plus(maxReuse);
            if (trusted.expiresAt().isBefore(until)) {
                until = trusted.expiresAt();
            }
            entries.put(key, new Entry(trusted, null, until));
            return trusted;
        } catch (UdapException e) {
            entries.put(key, new Entry(null, e, now.plus(REFUSAL_REUSE)));
            throw e;
        }
    }

    /** Forgets what is known about one key (e.g. after the IdP answered invalid_client). */
    public void forget(String key) {
        entries.remove(key);
    }

    public int size() {
        return entries.size();
    }
}
