package org.payerauth.keycloak.common.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;

import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Outbound GETs with limits, through Keycloak's own HTTP client (its proxy settings and truststore): http(s) only, no
 * redirects followed, a connect and per-read timeout, an overall deadline checked between reads (so a trickling
 * server is cut off after at most deadline + one read timeout), and a size cap. Used for CRLs and for identity
 * providers' metadata and registration (Tiered OAuth).
 */
public final class OutboundFetcher {

    /** Limits of one kind of fetch. */
    public record Limits(Duration deadline, long maxBytes) {
        /** CRLs: large ones exist, but 10 MiB and 10 s bound every UDAP request of a community. */
        public static final Limits CRL = new Limits(Duration.ofSeconds(10), 10L * 1024 * 1024);
        /** An identity provider's metadata documents and registration answer (Tiered OAuth): 5 s, 64 KiB. */
        public static final Limits IDP_METADATA = new Limits(Duration.ofSeconds(5), 64L * 1024);
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

    private final KeycloakSession session;

    public OutboundFetcher(KeycloakSession session) {
        this.session = session;
    }

    /** The body of a 200 answer. */
    public byte[] get(URI url, Limits limits) throws FetchException {
        Answer answer = execute(new HttpGet(url), url, limits);
        if (answer.status() != 200) {
            throw new FetchException("HTTP " + answer.status() + " from " + url);
        }
        return answer.body();
    }

    /** An HTTP answer: its status and (size-capped) body. */
    public record Answer(int status, byte[] body) {
        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** POSTs a JSON document (e.g. a UDAP registration at an identity provider) and returns any answer. */
    public Answer postJson(URI url, String json, Limits limits) throws FetchException {
        org.apache.http.client.methods.HttpPost post = new org.apache.http.client.methods.HttpPost(url);
        post.setEntity(new org.apache.http.entity.StringEntity(json, org.apache.http.entity.ContentType.APPLICATION_JSON));
        post.setHeader("Accept", "application/json");
        return execute(post, url, limits);
    }

    private Answer execute(org.apache.http.client.methods.HttpRequestBase request, URI url, Limits limits)
            throws FetchException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new FetchException("only http(s) URLs are fetched: " + url);
        }
        long deadline = System.nanoTime() + limits.deadline().toNanos();
        int timeout = (int) Math.max(1, limits.deadline().toMillis());
        request.setConfig(RequestConfig.custom().setConnectTimeout(timeout).setConnectionRequestTimeout(timeout)
                .setSocketTimeout(timeout).setRedirectsEnabled(false).build());
        try {
            CloseableHttpResponse response = session.getProvider(HttpClientProvider.class).getHttpClient().execute(request);
            try {
                int status = response.getStatusLine().getStatusCode();
                HttpEntity entity = response.getEntity();
                if (entity == null) {
                    return new Answer(status, new byte[0]);
                }
                if (entity.getContentLength() > limits.maxBytes()) {
                    throw new FetchException("larger than " + limits.maxBytes() + " bytes: " + url);
                }
                return new Answer(status, read(entity.getContent(), limits.maxBytes(), deadline, url));
            } catch (IOException | RuntimeException e) {
                // Abort before closing: closing a half-read response would drain the rest of its body first, which
                // is exactly what a trickling or oversized server wants.
                request.abort();
                throw e;
            } finally {
                response.close();
            }
        } catch (FetchException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new FetchException("could not fetch " + url + " (" + e.getClass().getSimpleName() + ")", e);
        } finally {
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
}
