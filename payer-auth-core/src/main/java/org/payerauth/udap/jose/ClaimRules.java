package org.payerauth.udap.jose;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.payerauth.udap.Reason;
import org.payerauth.udap.UdapException;

/**
 * Claim rules of a UDAP JWT, declared rather than coded (in the style of nimbus's {@code DefaultJWTClaimsVerifier}):
 * exact-match string claims, required string claims, prohibited claims, one exact audience as a single string, and
 * one time window ({@code exp} and {@code iat} required, {@code iat} not in the future and {@code exp} not past
 * beyond the clock skew, {@code 0 < exp - iat <= max lifetime}), then a non-blank {@code jti} (required unless
 * declared optional). Checked in
 * that order; every failure is a {@link UdapException} of the one reason given, with a description naming the claim.
 *
 * <p>Used by software statements (registration) and client assertions (token endpoint) alike. Immutable and
 * thread-safe once built.
 */
public final class ClaimRules {

    /** What the rules accepted: the time window and the {@code jti}, for the replay guard. */
    public record Accepted(Instant issuedAt, Instant expiresAt, String jti) {

        /** How long the {@code jti} must stay recorded: until {@code exp} plus the skew, at least a second. */
        public long replayLifespanSeconds(Instant now, Duration clockSkew) {
            return Math.max(1, expiresAt.getEpochSecond() - now.getEpochSecond() + clockSkew.toSeconds());
        }
    }

    private record Exact(String name, String expected, String meaning) {
    }

    private final Reason reason;
    private final String what;
    private final List<Exact> exact;
    private final List<String> required;
    private final List<String> prohibited;
    private final String audience;
    private final String audienceMeaning;
    private final Duration maxLifetime;
    private final Duration clockSkew;
    private final boolean jtiRequired;

    private ClaimRules(Builder b) {
        this.reason = b.reason;
        this.what = b.what;
        this.exact = List.copyOf(b.exact);
        this.required = List.copyOf(b.required);
        this.prohibited = List.copyOf(b.prohibited);
        this.audience = b.audience;
        this.audienceMeaning = b.audienceMeaning;
        this.maxLifetime = Objects.requireNonNull(b.maxLifetime, "maxLifetime");
        this.clockSkew = Objects.requireNonNull(b.clockSkew, "clockSkew");
        this.jtiRequired = b.jtiRequired;
    }

    /**
     * @param reason the reason of every refusal ({@link Reason#INVALID_SOFTWARE_STATEMENT},
     *               {@link Reason#CLIENT_AUTHENTICATION_FAILED}, ...)
     * @param what   the token's name in descriptions ("software statement", "client assertion")
     */
    public static Builder builder(Reason reason, String what) {
        return new Builder(reason, what);
    }

    public Accepted verify(Map<String, Object> claims, Instant now) throws UdapException {
        for (Exact rule : exact) {
            Object value = claims.get(rule.name());
            if (value == null) {
                throw refuse("Missing claim: " + rule.name() + " (" + rule.meaning() + ")");
            }
            if (!rule.expected().equals(value)) {
                throw refuse("The " + rule.name() + " claim must be " + rule.meaning());
            }
        }
        for (String name : required) {
            Object value = claims.get(name);
            if (value != null && !(value instanceof String)) {
                throw refuse(name + " must be a string");
            }
            if (value == null || ((String) value).isBlank()) {
                throw refuse("Missing claim: " + name);
            }
        }
        for (String name : prohibited) {
            if (claims.containsKey(name)) {
                throw refuse("The " + name + " claim is not allowed in a " + what);
            }
        }
        if (audience != null) {
            Object aud = claims.get("aud");
            if (aud == null) {
                throw refuse("Missing claim: aud (must be " + audienceMeaning + ": " + audience + ")");
            }
            if (!(aud instanceof String value) || !value.equals(audience)) {
                throw refuse("The aud claim must be " + audienceMeaning + " as one string: " + audience);
            }
        }
        Instant exp = time(claims, "exp");
        Instant iat = time(claims, "iat");
        if (exp.isBefore(now.minus(clockSkew))) {
            throw refuse("The " + what + " has expired (exp is in the past)");
        }
        if (iat.isAfter(now.plus(clockSkew))) {
            throw refuse("The " + what + " was issued in the future (iat)");
        }
        if (!exp.isAfter(iat)) {
            throw refuse("exp must be after iat");
        }
        if (exp.getEpochSecond() - iat.getEpochSecond() > maxLifetime.toSeconds()) {
            throw refuse("The " + what + " lives too long: exp - iat must be at most " + maxLifetime.toSeconds() + " seconds");
        }
        if (claims.containsKey("nbf") && time(claims, "nbf").isAfter(now.plus(clockSkew))) {
            // RFC 7519 §4.1.5: not to be accepted before nbf
            throw refuse("The " + what + " is not valid yet (nbf is in the future)");
        }
        Object jti = claims.get("jti");
        if (jti != null && !(jti instanceof String)) {
            throw refuse("jti must be a string");
        }
        if (!jtiRequired && jti == null) {
            return new Accepted(iat, exp, null);
        }
        if (jti == null || ((String) jti).isBlank()) {
            throw refuse("Missing claim: jti (a unique identifier of this " + what + ")");
        }
        return new Accepted(iat, exp, (String) jti);
    }

    private Instant time(Map<String, Object> claims, String name) throws UdapException {
        Object value = claims.get(name);
        if (value == null) {
            throw refuse("Missing claim: " + name);
        }
        if (!(value instanceof Number number)) {
            throw refuse(name + " must be a number (seconds since the epoch)");
        }
        try {
            return Instant.ofEpochSecond(number.longValue());
        } catch (DateTimeException e) {
            throw refuse(name + " is out of range");
        }
    }

    private UdapException refuse(String description) {
        return new UdapException(reason, description);
    }

    /** Declares the rules; unset parts are not checked (the time window and {@code jti} always are). */
    public static final class Builder {
        private final Reason reason;
        private final String what;
        private final List<Exact> exact = new ArrayList<>();
        private final List<String> required = new ArrayList<>();
        private final List<String> prohibited = new ArrayList<>();
        private String audience;
        private String audienceMeaning;
        private Duration maxLifetime;
        private Duration clockSkew;
        private boolean jtiRequired = true;

        private Builder(Reason reason, String what) {
            this.reason = Objects.requireNonNull(reason, "reason");
            this.what = Objects.requireNonNull(what, "what");
        }

        /** The claim must be present and equal {@code expected}; {@code meaning} says what it must be, in words. */
        public Builder exact(String name, String expected, String meaning) {
            exact.add(new Exact(name, Objects.requireNonNull(expected, name), meaning));
            return this;
        }

        /** The claims must be present as non-blank strings. */
        public Builder required(String... names) {
            required.addAll(List.of(names));
            return this;
        }

        /** The claim must be absent. */
        public Builder prohibited(String name) {
            prohibited.add(name);
            return this;
        }

        /** {@code aud} must be exactly this one string (no array); {@code meaning} names it ("the token endpoint"). */
        public Builder audience(String expected, String meaning) {
            this.audience = Objects.requireNonNull(expected, "audience");
            this.audienceMeaning = meaning;
            return this;
        }

        /** The largest {@code exp - iat} and the tolerance for clocks. */
        public Builder timeWindow(Duration maxLifetime, Duration clockSkew) {
            this.maxLifetime = maxLifetime;
            this.clockSkew = clockSkew;
            return this;
        }

        /** {@code jti} may be absent (OIDC ID tokens); when present it must still be a non-blank string. */
        public Builder jtiOptional() {
            this.jtiRequired = false;
            return this;
        }

        public ClaimRules build() {
            return new ClaimRules(this);
        }
    }
}
