package org.payerauth.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;

/**
 * A CRL distribution point on loopback, inside the test: {@code GET /crl/<name>.crl} answers the DER of the CRL
 * registered under that name (404 otherwise) and counts the fetches.
 */
public final class CrlServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Supplier<X509CRL>> crls = new ConcurrentHashMap<>();
    private final AtomicInteger fetches = new AtomicInteger();

    public CrlServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/crl/", exchange -> {
            fetches.incrementAndGet();
            String name = exchange.getRequestURI().getPath().substring("/crl/".length()).replaceAll("\\.crl$", "");
            Supplier<X509CRL> crl = crls.get(name);
            byte[] body;
            try {
                body = crl == null ? null : crl.get().getEncoded();
            } catch (CRLException e) {
                body = null;
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/pkix-crl");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    /** The URL a certificate's CRL distribution point names for {@code name}. */
    public String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/crl/" + name + ".crl";
    }

    public void publish(String name, Supplier<X509CRL> crl) {
        crls.put(name, crl);
    }

    public int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
