package org.payerauth.it.support;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A name service whose answers the test scripts, for a Keycloak of the test's own: the JDK's hosts-file resolver
 * ({@code -Djdk.net.hosts.file}) reading a named pipe this class writes, with the JVM's address cache off. Every lookup
 * in that Keycloak opens the pipe and reads one answer: the machine's {@code /etc/hosts} plus the names scripted here,
 * each answering its next scripted address (the last one sticks). That is what a DNS server with a zero TTL does when
 * it answers one address and then another (DNS rebinding).
 */
public final class ScriptedHostsFile implements AutoCloseable {

    private final Path pipe;
    private final String machineHosts;
    private final Map<String, Deque<String>> scripted = new LinkedHashMap<>();
    private final List<String> served = new ArrayList<>();
    private final Thread writer;
    private volatile boolean open = true;

    public ScriptedHostsFile(Path directory) {
        try {
            Files.createDirectories(directory);
            pipe = directory.resolve("hosts.pipe");
            Files.deleteIfExists(pipe);
            Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).redirectErrorStream(true).start();
            if (mkfifo.waitFor() != 0) {
                throw new IllegalStateException("mkfifo failed: " + new String(mkfifo.getInputStream().readAllBytes()));
            }
            machineHosts = Files.readString(Path.of("/etc/hosts"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        writer = new Thread(this::serve, "scripted-hosts-file");
        writer.setDaemon(true);
        writer.start();
    }

    /** The JVM options that make a Keycloak resolve through this file, uncached. */
    public List<String> javaOptions() {
        return List.of("-Djdk.net.hosts.file=" + pipe, "-Dsun.net.inetaddr.ttl=0", "-Dsun.net.inetaddr.negative.ttl=0");
    }

    /** {@code name} answers {@code addresses[0]} to the next lookup, then the next one, …; the last one sticks. */
    public synchronized void answer(String name, String... addresses) {
        scripted.put(name, new ArrayDeque<>(List.of(addresses)));
    }

    /** What the file said for {@code name} at each read since it was scripted (reads for any name count). */
    public synchronized List<String> answered(String name) {
        String prefix = name + "=";
        return served.stream().filter(s -> s.startsWith(prefix)).map(s -> s.substring(prefix.length())).toList();
    }

    private synchronized String nextContent() {
        StringBuilder content = new StringBuilder(machineHosts).append('\n');
        for (Map.Entry<String, Deque<String>> entry : scripted.entrySet()) {
            Deque<String> addresses = entry.getValue();
            String address = addresses.size() > 1 ? addresses.poll() : addresses.peek();
            content.append(address).append(' ').append(entry.getKey()).append('\n');
            served.add(entry.getKey() + "=" + address);
        }
        return content.toString();
    }

    private void serve() {
        while (open) {
            // Opening blocks until a lookup opens the pipe to read; the reader sees end of file when we close.
            try (OutputStream out = new FileOutputStream(pipe.toFile())) {
                if (!open) {
                    return;
                }
                out.write(nextContent().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
            // Let that reader reach end of file and close before the next open, or it would read the next answer too.
            DistributionKeycloakServer.sleep(50);
        }
    }

    /** Stops answering (call after the Keycloak that reads it has stopped). */
    @Override
    public void close() {
        open = false;
        writer.interrupt();
        try {
            // Wake a writer waiting for a reader: opening a pipe for reading and writing never blocks.
            new RandomAccessFile(pipe.toFile(), "rw").close();
            Files.deleteIfExists(pipe);
        } catch (IOException e) {
            // gone already
        }
    }
}
