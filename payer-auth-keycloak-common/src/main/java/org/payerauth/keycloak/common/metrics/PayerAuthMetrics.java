package org.payerauth.keycloak.common.metrics;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import org.jboss.logging.Logger;
import org.payerauth.cache.CacheCounts;
import org.payerauth.udap.Reason;

/**
 * payer-auth's meters, in Keycloak's own Micrometer registry ({@link Metrics#globalRegistry}, the one Keycloak's
 * meters use): with {@code --metrics-enabled=true} they appear on Keycloak's {@code /metrics} of the management port,
 * beside Keycloak's; without it they count into nothing. No second endpoint, no library Keycloak does not ship.
 * <p>
 * Tags are bounded: outcomes and reasons are fixed sets (the {@link Reason} names, OAuth error codes), realms are
 * configuration. Never a client id, a user, a patient or an IdP URL (those are in the events, which name them). A
 * meter never fails a request: an error while counting is logged and dropped.
 */
public final class PayerAuthMetrics {

    /** UDAP Dynamic Client Registration requests: {@code outcome} registered / updated / cancelled / refused. */
    public static final String UDAP_REGISTRATIONS = "payer_auth.udap.registrations";
    /** UDAP JWT client authentications at the token endpoint: {@code outcome} success / failure. */
    public static final String UDAP_CLIENT_AUTHENTICATIONS = "payer_auth.udap.client_authentications";
    /** UDAP Tiered OAuth logins at a member's IdP: {@code outcome} success / failure. */
    public static final String TIERED_LOGINS = "payer_auth.tiered.logins";
    /**
     * Requests refused by a SMART or UDAP issuance rule: {@code protocol}, {@code stage} authorization_request /
     * token_response, {@code error}.
     */
    public static final String ISSUANCE_REFUSALS = "payer_auth.issuance.refusals";
    /** Consents a member withdrew in the account page: {@code withdrawn} patient / app. */
    public static final String CONSENT_WITHDRAWALS = "payer_auth.smart.consent_withdrawals";
    /**
     * Members' data-sharing choices recorded: {@code choice}, {@code value} (the new one), {@code acting_as}
     * member_self / representative / staff.
     */
    public static final String SHARING_CHOICE_CHANGES = "payer_auth.sharing.choice_changes";
    /**
     * B2B tokens limited to one member (Provider Access, Payer-to-Payer): {@code api}, {@code outcome} issued /
     * refused. Refusals are also counted in {@value #ISSUANCE_REFUSALS} (protocol {@code b2b}) with their error.
     */
    public static final String B2B_MEMBER_TOKENS = "payer_auth.b2b.member_tokens";
    /** Outbound HTTP fetches (CRLs, IdP metadata, registration and token exchange): {@code purpose}, {@code outcome}. */
    public static final String OUTBOUND_FETCHES = "payer_auth.outbound.fetches";
    /** Lookups in a node-local cache: {@code cache}, {@code result} hit / miss. */
    public static final String CACHE_REQUESTS = "payer_auth.cache.requests";
    /** Entries a node-local cache holds: {@code cache}. */
    public static final String CACHE_ENTRIES = "payer_auth.cache.entries";

    public static final String NO_REASON = "none";

    private static final Logger LOG = Logger.getLogger(PayerAuthMetrics.class);

    private static final Meter.MeterProvider<Counter> REGISTRATIONS = Counter.builder(UDAP_REGISTRATIONS)
            .description("UDAP Dynamic Client Registration requests by outcome and refusal reason")
            .withRegistry(registry());
    private static final Meter.MeterProvider<Counter> CLIENT_AUTHENTICATIONS = Counter.builder(UDAP_CLIENT_AUTHENTICATIONS)
            .description("UDAP JWT client authentications by outcome and refusal reason")
            .withRegistry(registry());
    private static final Meter.MeterProvider<Counter> LOGINS = Counter.builder(TIERED_LOGINS)
            .description("UDAP Tiered OAuth logins at a member's identity provider by outcome and refusal reason")
            .withRegistry(registry());
    private static final Meter.MeterProvider<Counter> REFUSALS = Counter.builder(ISSUANCE_REFUSALS)
            .description("Authorization requests and token responses refused by a SMART or UDAP rule, by OAuth error")
            .withRegistry(registry());
    private static final Meter.MeterProvider<Counter> WITHDRAWALS = Counter.builder(CONSENT_WITHDRAWALS)
            .description("Consents withdrawn by members in the account page (one patient, or an app)")
            .withRegistry(registry());
    private static final Meter.MeterProvider<Counter> CHOICE_CHANGES = Counter.builder(SHARING_CHOICE_CHANGES)
            .description("Members' data-sharing choices recorded, by choice, new value and on whose behalf")
            .withRegistry(registry());
    private static final Meter.MeterProvider<Counter> MEMBER_TOKENS = Counter.builder(B2B_MEMBER_TOKENS)
            .description("B2B tokens limited to one member, by CMS API and outcome (issued, refused)")
            .withRegistry(registry());
    private static final Meter.MeterProvider<Timer> FETCHES = Timer.builder(OUTBOUND_FETCHES)
            .description("Outbound HTTP fetches by purpose and outcome (ok: 2xx; http_error: another status; failed: "
                    + "no answer, refused address, too slow or too large)")
            .withRegistry(registry());

    private PayerAuthMetrics() {
    }

    private static MeterRegistry registry() {
        return Metrics.globalRegistry;
    }

    /** A UDAP registration; {@code reason} null unless refused. */
    public static void udapRegistration(String realm, String outcome, Reason reason) {
        count(REGISTRATIONS, "realm", realm, "outcome", outcome, "reason", reasonTag(reason));
    }

    /** A UDAP client authentication; {@code reason} null when it succeeded. */
    public static void udapClientAuthentication(String realm, Reason reason) {
        count(CLIENT_AUTHENTICATIONS, "realm", realm, "outcome", reason == null ? "success" : "failure",
                "reason", reasonTag(reason));
    }

    /** A Tiered OAuth login that came back from the IdP authenticated ({@code reason} null) or ended refused. */
    public static void tieredLogin(String realm, Reason reason) {
        count(LOGINS, "realm", realm, "outcome", reason == null ? "success" : "failure", "reason", reasonTag(reason));
    }

    /**
     * A request an issuance rule refused ({@code protocol} smart / udap, {@code stage} authorization_request /
     * token_response, {@code error} the OAuth code).
     */
    public static void issuanceRefused(String realm, String protocol, String stage, String error) {
        count(REFUSALS, "realm", realm, "protocol", protocol, "stage", stage, "error", error);
    }

    /** A consent a member withdrew ({@code withdrawn} patient / app). */
    public static void consentWithdrawn(String realm, String withdrawn) {
        count(WITHDRAWALS, "realm", realm, "withdrawn", withdrawn);
    }

    /** A member's data-sharing choice recorded. */
    public static void sharingChoiceChanged(String realm, String choice, String value, String actingAs) {
        count(CHOICE_CHANGES, "realm", realm, "choice", choice, "value", value, "acting_as", actingAs);
    }

    /** A member-scoped B2B token issued or refused; {@code api} none when the client is set up for none. */
    public static void b2bMemberToken(String realm, String api, String outcome) {
        count(MEMBER_TOKENS, "realm", realm, "api", api, "outcome", outcome);
    }

    /** An outbound fetch that took {@code nanos}. */
    public static void outboundFetch(String purpose, String outcome, long nanos) {
        try {
            FETCHES.withTags("purpose", purpose, "outcome", outcome).record(nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.debugf(e, "meter %s not recorded", OUTBOUND_FETCHES);
        }
    }

    /**
     * Publishes a node-local cache's hit and miss counts and its size under {@code name}; idempotent (the registry
     * keeps the first registration of a name, read through a weak reference to the cache).
     */
    public static <T> void cache(String name, T cache, CacheCounts counts, ToDoubleFunction<T> size) {
        try {
            FunctionCounter.builder(CACHE_REQUESTS, counts, CacheCounts::hits).tags("cache", name, "result", "hit")
                    .description("Lookups in a payer-auth node-local cache").register(registry());
            FunctionCounter.builder(CACHE_REQUESTS, counts, CacheCounts::misses).tags("cache", name, "result", "miss")
                    .description("Lookups in a payer-auth node-local cache").register(registry());
            Gauge.builder(CACHE_ENTRIES, cache, size).tags("cache", name)
                    .description("Entries held by a payer-auth node-local cache").register(registry());
        } catch (RuntimeException e) {
            LOG.debugf(e, "cache meters of %s not registered", name);
        }
    }

    /** A {@link Reason} as a tag value: its name in lower case, or {@value #NO_REASON}. */
    public static String reasonTag(Reason reason) {
        return reason == null ? NO_REASON : reason.name().toLowerCase(Locale.ROOT);
    }

    private static void count(Meter.MeterProvider<Counter> counter, String... tags) {
        try {
            for (int i = 1; i < tags.length; i += 2) {
                if (tags[i] == null) {
                    tags[i] = NO_REASON;
                }
            }
            counter.withTags(tags).increment();
        } catch (RuntimeException e) {
            LOG.debugf(e, "meter not counted");
        }
    }
}
