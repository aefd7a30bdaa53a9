package org.payerauth.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The cluster's public address, as a load balancer with active/passive failover would be: a TCP proxy on a loopback
 * port that hands every new connection to the first backend that accepts one, in order. Counts connections per
 * backend, so a test can tell which node served a step.
 */
public final class FailoverProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Integer> backendPorts;
    private final AtomicIntegerArray connections;
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "failover-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public FailoverProxy(int port, List<Integer> backendPorts) {
        this.backendPorts = List.copyOf(backendPorts);
        this.connections = new AtomicIntegerArray(backendPorts.size());
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException("proxy port " + port, e);
        }
        pumps.execute(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections handed to backend {@code index} (0-based) so far. */
    public int connections(int index) {
        return connections.get(index);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                pumps.execute(() -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        Socket backend = null;
        for (int i = 0; i < backendPorts.size() && backend == null; i++) {
            Socket candidate = new Socket();
            try {
                candidate.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPorts.get(i)), 1000);
                backend = candidate;
                connections.incrementAndGet(i);
            } catch (IOException e) {
                closeQuietly(candidate);
            }
        }
        if (backend == null) {
            closeQuietly(client);
            return;
        }
        open.add(client);
        open.add(backend);
        Socket server = backend;
        pumps.execute(() -> pump(client, server));
        pump(server, client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: the connection ends, as it would at a load balancer
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(FailoverProxy::closeQuietly);
        pumps.shutdownNow();
    }
}
