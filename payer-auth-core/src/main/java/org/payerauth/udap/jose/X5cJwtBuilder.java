package org.payerauth.udap.jose;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * The claims of a UDAP JWT that this side signs (software statement, client assertion): {@code iss}, {@code sub},
 * {@code aud}, {@code iat} now, {@code exp = iat + lifetime}, a fresh {@code jti}, plus whatever the subclass sets.
 *
 * <p>Claims live in one ordered map; every setter replaces a claim and a {@code null} value removes it, so tests can
 * also produce tokens with missing or odd claims. {@code iat} and {@code exp} are epoch seconds;
 * {@link #issuedAt(Instant)} and {@link #lifetime(Duration)} keep {@code exp = iat + lifetime}.
 *
 * @param <B> the concrete builder (so setters chain)
 */
public abstract class X5cJwtBuilder<B extends X5cJwtBuilder<B>> {

    /** UDAP caps software statements and client assertions at 5 minutes. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private final Map<String, Object> claims = new LinkedHashMap<>();
    private Duration lifetime = DEFAULT_LIFETIME;

    protected X5cJwtBuilder(String iss, String sub, String aud) {
        Instant now = Instant.now();
        claim("iss", iss);
        claim("sub", sub);
        claim("aud", aud);
        claim("iat", now);
        claim("exp", now.plus(lifetime));
        claim("jti", UUID.randomUUID().toString());
    }

    protected abstract B self();

    /** Sets {@code exp = iat + lifetime} (iat = now if it was removed). */
    public B lifetime(Duration value) {
        this.lifetime = Objects.requireNonNull(value, "lifetime");
        Object iat = claims.get("iat");
        Instant base = iat instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : Instant.now();
        return claim("exp", base.plus(value));
    }

    /** Sets {@code iat} and {@code exp = iat + lifetime}. */
    public B issuedAt(Instant issuedAt) {
        Objects.requireNonNull(issuedAt, "issuedAt");
        claim("iat", issuedAt);
        return claim("exp", issuedAt.plus(lifetime));
    }

    public B jti(String jti) {
        return claim("jti", jti);
    }

    public B iss(String iss) {
        return claim("iss", iss);
    }

    public B sub(String sub) {
        return claim("sub", sub);
    }

    public B aud(String aud) {
        return claim("aud", aud);
    }

    /**
     * Sets any claim; {@code null} removes it. {@link Instant} and {@link Date} become epoch seconds, collections
     * are copied to lists.
     */
    public B claim(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            claims.remove(name);
        } else if (value instanceof Instant instant) {
            claims.put(name, instant.getEpochSecond());
        } else if (value instanceof Date date) {
            claims.put(name, date.toInstant().getEpochSecond());
        } else if (value instanceof Collection<?> collection) {
            claims.put(name, Collections.unmodifiableList(new ArrayList<>(collection)));
        } else {
            claims.put(name, value);
        }
        return self();
    }

    /** The current claims, in insertion order (a snapshot). */
    public Map<String, Object> claims() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    /** Signs with the key's default algorithm (RS256, ES256, ES384); {@code x5c} = {@code chain}, leaf first. */
    public String sign(PrivateKey key, List<X509Certificate> chain) {
        return X5cJwtSigner.sign(claims, key, chain);
    }

    public String sign(PrivateKey key, List<X509Certificate> chain, JWSAlgorithm alg) {
        return X5cJwtSigner.sign(claims, key, alg, chain);
    }

    /** Signs with any key while advertising the given {@code x5c} chain (for bad-signature negative tests). */
    public String signWith(PrivateKey key, JWSAlgorithm alg, List<X509Certificate> x5c) {
        return X5cJwtSigner.sign(claims, key, alg, x5c);
    }
}
