package org.payerauth.keycloak.common.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.apache.http.impl.client.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.httpclient.HttpClientBuilder;
import org.payerauth.udap.devca.CertificateAuthority;
import org.payerauth.udap.devca.IssuedCertificate;
import org.payerauth.udap.devca.KeyAlgorithm;
import org.payerauth.udap.devca.LeafSpec;

class OutboundFetcherTest {

    private static final URI URL = URI.create("http://crl.example/ca.crl");
    /** A short deadline for the network tests; the fetch must end within it plus {@link #SLACK}. */
    private static final OutboundFetcher.Limits ONE_SECOND = new OutboundFetcher.Limits("test", Duration.ofSeconds(1), 64 * 1024);
    private static final Duration SLACK = Duration.ofMillis(500);

    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeServersAndClients() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    @Test
    void aBodyWithinTheLimitIsReadWhole() throws Exception {
        byte[] body = new byte[20_000];
        body[19_999] = 7;
        assertArrayEquals(body, OutboundFetcher.read(new ByteArrayInputStream(body), 20_000, System.nanoTime() + 1_000_000_000L, URL));
    }

    @Test
    void aBodyOverTheSizeCapIsRefused() {
        OutboundFetcher.FetchException e = assertThrows(OutboundFetcher.FetchException.class,
                () -> OutboundFetcher.read(new ByteArrayInputStream(new byte[20_001]), 20_000, System.nanoTime() + 1_000_000_000L, URL));
        assertTrue(e.getMessage().contains("larger than 20000 bytes"), e.getMessage());
    }

    @Test
    void aTricklingBodyIsCutOffAtTheDeadline() {
        InputStream trickle = new InputStream() {
            @Override
            public int read() {
                return 1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                b[off] = 1;
                return 1;
            }
        };
        OutboundFetcher.FetchException e = assertThrows(OutboundFetcher.FetchException.class,
                () -> OutboundFetcher.read(trickle, 1_000_000, System.nanoTime() + 100_000_000L, URL));
        assertTrue(e.getMessage().contains("deadline"), e.getMessage());
    }

    @Test
    void onlyHttpUrlsAreFetched() {
        OutboundFetcher fetcher = new OutboundFetcher((org.keycloak.models.KeycloakSession) null);
        assertThrows(OutboundFetcher.FetchException.class,
                () -> fetcher.get(URI.create("file:///etc/passwd"), OutboundFetcher.Limits.CRL));
        assertThrows(OutboundFetcher.FetchException.class,
                () -> fetcher.get(URI.create("ldap://dir.example/cn=ca"), OutboundFetcher.Limits.CRL));
    }

    // ------------------------------------------------------------------ against sockets, with Keycloak's own client

    @Test
    void aServerThatTricklesItsHeadersIsCutOffAtTheDeadline() throws Exception {
        Trickler server = serve(null, "HTTP/1.1 200 OK\r\n", "X-Slow: " + "a".repeat(10_000));
        assertCutOffAtTheDeadline(URI.create("http://localhost:" + server.port() + "/.well-known/udap"));
    }

    @Test
    void aServerThatTricklesBeforeTheTlsHandshakeEndsIsCutOffAtTheDeadline() throws Exception {
        // A TLS record header announcing a 16 KiB handshake record, then its "content" one byte at a time: the client's
        // handshake waits for the whole record, and each byte arrives well within any per-read timeout.
        String header = new String(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00}, StandardCharsets.ISO_8859_1);
        Trickler server = serve(null, header, "x".repeat(16_384));
        assertCutOffAtTheDeadline(URI.create("https://localhost:" + server.port() + "/.well-known/udap"));
    }

    @Test
    void aServerThatTricklesItsHeadersAfterTheTlsHandshakeIsCutOffAtTheDeadline() throws Exception {
        Trickler server = serve(tlsServer(), "HTTP/1.1 200 OK\r\n", "X-Slow: " + "a".repeat(10_000));
        assertCutOffAtTheDeadline(URI.create("https://localhost:" + server.port() + "/.well-known/udap"));
    }

    @Test
    void aServerThatTricklesItsBodyIsCutOffAtTheDeadline() throws Exception {
        Trickler server = serve(null, "HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\n", "{".repeat(10_000));
        assertCutOffAtTheDeadline(URI.create("http://localhost:" + server.port() + "/crl"));
    }

    @Test
    void anAbortedExchangeGivesItsConnectionBackToThePool() throws Exception {
        // A pool of one connection, as if every other connection of Keycloak's shared pool were taken.
        CloseableHttpClient client = client(1);
        OutboundFetcher fetcher = new OutboundFetcher(() -> client);
        Trickler slow = serve(null, "HTTP/1.1 200 OK\r\n", "X-Slow: " + "a".repeat(10_000));
        Trickler good = serve(null, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "");
        for (int i = 0; i < 2; i++) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(OutboundFetcher.FetchException.class,
                    () -> fetcher.get(URI.create("http://localhost:" + slow.port() + "/"), ONE_SECOND)));
        }
        byte[] body = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> fetcher.get(URI.create("http://127.0.0.1:" + good.port() + "/"), ONE_SECOND));
        assertEquals("ok", new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void aWellBehavedServerIsReadAndItsConnectionReused() throws Exception {
        CloseableHttpClient client = client(1);
        OutboundFetcher fetcher = new OutboundFetcher(() -> client);
        Trickler good = serve(null, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "");
        assertEquals("ok", new String(fetcher.get(URI.create("http://localhost:" + good.port() + "/"), ONE_SECOND),
                StandardCharsets.UTF_8));
        assertEquals(1, good.accepted.size());
    }

    private void assertCutOffAtTheDeadline(URI url) {
        CloseableHttpClient client = client(10);
        OutboundFetcher fetcher = new OutboundFetcher(() -> client);
        long start = System.nanoTime();
        OutboundFetcher.FetchException e = assertTimeoutPreemptively(ONE_SECOND.deadline().plusSeconds(5),
                () -> assertThrows(OutboundFetcher.FetchException.class, () -> fetcher.get(url, ONE_SECOND)));
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsed <= ONE_SECOND.deadline().plus(SLACK).toMillis(), "ended after " + elapsed + " ms: " + e);
        assertTrue(e.getMessage().contains("deadline"), e.getMessage());
    }

    /** Keycloak's HTTP client as its default factory builds it (5 s per-read timeout), trusting any server. */
    private CloseableHttpClient client(int poolSize) {
        CloseableHttpClient client = new HttpClientBuilder().socketTimeout(5000, TimeUnit.MILLISECONDS)
                .connectionPoolSize(poolSize).maxPooledPerRoute(poolSize).disableTrustManager().build();
        resources.add(client);
        return client;
    }

    private Trickler serve(SSLContext tls, String prefix, String trickle) throws IOException {
        Trickler server = new Trickler(tls, prefix, trickle);
        resources.add(server);
        return server;
    }

    private static SSLContext tlsServer() throws Exception {
        CertificateAuthority root = CertificateAuthority.newRoot("Outbound Test Root", KeyAlgorithm.EC_P256);
        IssuedCertificate leaf = root.issue(LeafSpec.builder("localhost").sanDns("localhost")
                .keyAlgorithm(KeyAlgorithm.EC_P256).build());
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", leaf.privateKey(), "pw".toCharArray(),
                leaf.chain().toArray(new java.security.cert.Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, "pw".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /**
     * A loopback server that answers every connection with {@code prefix} at once, then {@code trickle} one byte every
     * 100 ms (a slow-loris server), then closes.
     */
    private static final class Trickler implements AutoCloseable {
        private final ServerSocket socket;
        final List<Socket> accepted = new CopyOnWriteArrayList<>();

        Trickler(SSLContext tls, String prefix, String trickle) throws IOException {
            socket = tls == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                    : tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        accepted.add(connection);
                        Thread writer = new Thread(() -> answer(connection, prefix, trickle), "trickler");
                        writer.setDaemon(true);
                        writer.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "trickler-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private static void answer(Socket connection, String prefix, String trickle) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                readRequestHead(in);
                out.write(prefix.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                for (byte b : trickle.getBytes(StandardCharsets.ISO_8859_1)) {
                    Thread.sleep(100);
                    out.write(b);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        }

        /** Reads up to the blank line of a request head (or, for a TLS client's hello, whatever arrives first). */
        private static void readRequestHead(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            int b;
            while (matched < end.length && (b = in.read()) != -1) {
                if (b == 0x16 && matched == 0) {
                    return; // a TLS ClientHello: answer at once
                }
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket connection : accepted) {
                connection.close();
            }
        }
    }
}
