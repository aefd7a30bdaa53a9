package org.payerauth.keycloak.common.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.NameValuePair;
import org.apache.http.client.entity.UrlEncodedFormEntity;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.message.BasicNameValuePair;
import org.apache.http.util.EntityUtils;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.payerauth.keycloak.common.metrics.PayerAuthMetrics;
import org.keycloak.models.KeycloakSession;

/**
 * Outbound GETs and POSTs with limits, through Keycloak's own HTTP client (its proxy settings and truststore): http(s)
 * only, no redirects followed, a size cap, and one overall deadline for the whole exchange. Used for CRLs and for
 * identity providers' metadata, registration, code exchange and keys (Tiered OAuth, through the
 * {@link GuardedHttpClient}).
 *
 * <p>The deadline covers the connection lease from Keycloak's shared pool, connect, the TLS handshake, the status line,
 * the headers and the body: a timer aborts the request when it passes ({@link HttpRequestBase#abort()}, which cancels
 * a pending lease or shuts the connection's socket, and gives the connection back to the pool), so a server that
 * trickles its handshake or headers one byte at a time is cut off like one that trickles its body. The lease, connect
 * and per-read timeouts are no longer than the deadline either. Not covered: the host-name lookup, which the JDK
 * resolver bounds with its own timeouts (and caches).
 */
public final class OutboundFetcher {

    /** Limits of one kind of fetch; {@code purpose} names the kind in the fetch metrics. */
    public record Limits(String purpose, Duration deadline, long maxBytes) {
        /** CRLs: large ones exist, but 10 MiB and 10 s bound every UDAP request of a community. */
        public static final Limits CRL = new Limits("crl", Duration.ofSeconds(10), 10L * 1024 * 1024);
        /** An identity provider's metadata documents and registration answer (Tiered OAuth): 5 s, 64 KiB. */
        public static final Limits IDP_METADATA = new Limits("idp_metadata", Duration.ofSeconds(5), 64L * 1024);
        /** An identity provider's token response (the code exchange, Tiered OAuth): 10 s, 64 KiB. */
        public static final Limits IDP_TOKEN = new Limits("idp_token", Duration.ofSeconds(10), 64L * 1024);
    }

    /** A fetch that did not yield a body: unreachable, not 200, too slow or too large. */
    public static final class FetchException extends IOException {
        private static final long serialVersionUID = 1L;

        public FetchException(String message) {
            super(message);
        }

        public FetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Aborts exchanges whose deadline passed. An abort only cancels a lease or closes a socket, so one daemon thread
     * serves every fetch of the node; cancelled timers (the usual case: the exchange ended in time) are dropped at once.
     */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlineTimer();

    private final Supplier<? extends HttpClient> client;

    public OutboundFetcher(KeycloakSession session) {
        this(() -> session.getProvider(HttpClientProvider.class).getHttpClient());
    }

    /** Through another client, e.g. the {@link GuardedHttpClient} of identity-provider traffic. */
    public OutboundFetcher(HttpClient client) {
        this(() -> client);
    }

    /** @param client the HTTP client, asked for when a fetch starts (tests give their own) */
    OutboundFetcher(Supplier<? extends HttpClient> client) {
        this.client = client;
    }

    /** The body of a 200 answer. */
    public byte[] get(URI url, Limits limits) throws FetchException {
        Answer answer = measured(new HttpGet(url), url, limits);
        if (answer.status() != 200) {
            throw new FetchException("HTTP " + answer.status() + " from " + url);
        }
        return answer.body();
    }

    /** An HTTP answer: its status and (size-capped) body. */
    public record Answer(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** POSTs a JSON document (e.g. a UDAP registration at an identity provider) and returns any answer. */
    public Answer postJson(URI url, String json, Limits limits) throws FetchException {
        HttpPost post = new HttpPost(url);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        post.setHeader("Accept", "application/json");
        return measured(post, url, limits);
    }

    /**
     * POSTs a form (e.g. an authorization code exchange at an identity provider's token endpoint) and returns any
     * answer.
     */
    public Answer postForm(URI url, Map<String, String> params, Map<String, String> headers, Limits limits)
            throws FetchException {
        HttpPost post = new HttpPost(url);
        List<NameValuePair> form = new ArrayList<>();
        params.forEach((name, value) -> form.add(new BasicNameValuePair(name, value)));
        post.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
        headers.forEach(post::setHeader);
        if (!headers.containsKey("Accept")) {
            post.setHeader("Accept", "application/json");
        }
        return measured(post, url, limits);
    }

    /** {@link #execute} with its time and outcome in the fetch metrics. */
    private Answer measured(HttpRequestBase request, URI url, Limits limits) throws FetchException {
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            Answer answer = execute(request, url, limits);
            outcome = answer.status() / 100 == 2 ? "ok" : "http_error";
            return answer;
        } finally {
            PayerAuthMetrics.outboundFetch(limits.purpose(), outcome, System.nanoTime() - start);
        }
    }

    private Answer execute(HttpRequestBase request, URI url, Limits limits) throws FetchException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new FetchException("only http(s) URLs are fetched: " + url);
        }
        long deadline = System.nanoTime() + limits.deadline().toNanos();
        int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, limits.deadline().toMillis()));
        request.setConfig(RequestConfig.custom().setConnectTimeout(timeout).setConnectionRequestTimeout(timeout)
                .setSocketTimeout(timeout).setRedirectsEnabled(false).build());
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> timer = DEADLINES.schedule(() -> {
            expired.set(true);
            request.abort();
        }, limits.deadline().toNanos(), TimeUnit.NANOSECONDS);
        HttpResponse response = null;
        try {
            response = client.get().execute(request);
            int status = response.getStatusLine().getStatusCode();
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                return new Answer(status, new byte[0]);
            }
            if (entity.getContentLength() > limits.maxBytes()) {
                throw new FetchException("larger than " + limits.maxBytes() + " bytes: " + url);
            }
            byte[] body = read(entity.getContent(), limits.maxBytes(), deadline, url);
            EntityUtils.consumeQuietly(entity); // at the end already: gives the connection back for reuse
            return new Answer(status, body);
        } catch (IOException | RuntimeException e) {
            // Abort, never close a half-read answer: closing would first drain the rest of the body, which is exactly
            // what a trickling or oversized server wants.
            request.abort();
            if (expired.get()) {
                throw new FetchException("took longer than the deadline of " + limits.deadline().toMillis() + " ms: "
                        + url, e);
            }
            if (e instanceof FetchException fetch) {
                throw fetch;
            }
            throw new FetchException("could not fetch " + url + " (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            timer.cancel(false);
            // Gives the connection back to the pool (a no-op when the answer was read to its end).
            request.releaseConnection();
        }
    }

    static byte[] read(InputStream in, long maxBytes, long deadlineNanos, URI url) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (out.size() + (long) n > maxBytes) {
                throw new FetchException("larger than " + maxBytes + " bytes: " + url);
            }
            out.write(buffer, 0, n);
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new FetchException("took longer than the deadline: " + url);
            }
        }
        return out.toByteArray();
    }

    private static ScheduledThreadPoolExecutor deadlineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "payer-auth-outbound-deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
