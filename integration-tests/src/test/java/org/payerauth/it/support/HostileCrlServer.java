package org.payerauth.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A CRL distribution point that misbehaves, on loopback: {@code /slow.crl} trickles a byte every 200 ms for a
 * minute, {@code /huge.crl} streams 12 MiB, {@code /error.crl} answers 500, {@code /redirect.crl} redirects to
 * {@code /target.crl}, which counts its hits (a fetcher that follows redirects would reach it).
 */
public final class HostileCrlServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    public HostileCrlServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-crl");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try {
                switch (path) {
                    case "/slow.crl" -> {
                        exchange.sendResponseHeaders(200, 100_000);
                        try (OutputStream out = exchange.getResponseBody()) {
                            for (int i = 0; i < 300; i++) {
                                out.write(0x30);
                                out.flush();
                                Thread.sleep(200);
                            }
                        }
                    }
                    case "/huge.crl" -> {
                        exchange.sendResponseHeaders(200, 0);
                        byte[] chunk = new byte[64 * 1024];
                        try (OutputStream out = exchange.getResponseBody()) {
                            for (int i = 0; i < 12 * 16; i++) {
                                out.write(chunk);
                            }
                        }
                    }
                    case "/redirect.crl" -> {
                        exchange.getResponseHeaders().set("Location", url("target"));
                        exchange.sendResponseHeaders(302, -1);
                    }
                    default -> exchange.sendResponseHeaders(path.equals("/error.crl") ? 500 : 404, -1);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up: that is the point
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** {@code http://127.0.0.1:<port>/<name>.crl}. */
    public String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + ".crl";
    }

    public int hits(String name) {
        AtomicInteger count = hits.get("/" + name + ".crl");
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
