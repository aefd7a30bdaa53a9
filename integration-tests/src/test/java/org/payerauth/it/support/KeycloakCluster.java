package org.payerauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keycloak as a payer runs it in production (docs/operations.md, "Run it in production"), twice: the distribution
 * built once with {@code kc.sh build}, the production build options ({@link #productionBuildOptions()}) and our
 * drop-in set, then nodes started with
 * {@code start --optimized} on one PostgreSQL (the embedded one from Maven artifacts, or {@code kc.it.db=postgres-external}),
 * one fixed {@code --hostname} and Keycloak's default cache stack ({@code jdbc-ping}: the nodes find each other through
 * the database). The hostname is a {@link FailoverProxy}: every new connection goes to the first node that is up.
 * Each node has its own copy of the built distribution (hard links; its own {@code data/}), fixed ports for its
 * lifetime in the suite, and its log in {@code target/keycloak-cluster/node-N.log}.
 */
public final class KeycloakCluster implements AutoCloseable {

    private static final Pattern CLUSTER_VIEW = Pattern.compile("ISPN000094: Received new cluster view for channel \\S+: \\[[^]]*] \\((\\d+)\\)");

    private final Path work;
    private final List<Path> homes = new ArrayList<>();
    private final List<Integer> httpPorts = new ArrayList<>();
    private final List<Integer> managementPorts = new ArrayList<>();
    private final List<Integer> clusterPorts = new ArrayList<>();
    private final DistributionKeycloakServer[] running;
    private final FailoverProxy proxy;
    private final List<String> database;
    private final String adminUsername;
    private final String adminPassword;
    private final KeycloakServer publicAddress;

    private KeycloakCluster(int size) throws IOException {
        adminUsername = KeycloakServers.property("kc.it.admin.username", "admin");
        adminPassword = KeycloakServers.property("kc.it.admin.password", "admin");
        work = Path.of(KeycloakServers.property("kc.it.cluster.work", "target/keycloak-cluster")).toAbsolutePath();
        running = new DistributionKeycloakServer[size];
        for (int i = 0; i < size; i++) {
            httpPorts.add(distinctFreePort());
            managementPorts.add(distinctFreePort());
            clusterPorts.add(clusterPort());
        }
        proxy = new FailoverProxy(distinctFreePort(), httpPorts);
        database = TestDatabase.postgresArgs().stream().filter(a -> !a.startsWith("--db=")).toList();
        publicAddress = view("the cluster's hostname " + hostname(), hostname());
        build(size);
    }

    /** Builds the distribution and starts {@code size} nodes one after another (node 1 imports the realm files). */
    public static KeycloakCluster start(int size) {
        try {
            KeycloakCluster cluster = new KeycloakCluster(size);
            try {
                for (int i = 0; i < size; i++) {
                    cluster.startNode(i);
                }
                cluster.awaitClusterOf(size);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code --hostname}: the public URL every node builds its URLs from. */
    public String hostname() {
        return "http://localhost:" + proxy.port();
    }

    /** The cluster through its public address (what apps and browsers use). */
    public KeycloakServer publicAddress() {
        return publicAddress;
    }

    /** Node {@code index} (0-based) directly, on its own port. */
    public KeycloakServer node(int index) {
        return view("cluster node " + (index + 1) + " at http://localhost:" + httpPorts.get(index),
                "http://localhost:" + httpPorts.get(index));
    }

    /** The same URL on node {@code index}: {@code url} starts with the hostname. */
    public String onNode(int index, String url) {
        if (!url.startsWith(hostname())) {
            throw new IllegalArgumentException(url + " is not under " + hostname());
        }
        return node(index).baseUrl() + url.substring(hostname().length());
    }

    /** Connections the public address handed to node {@code index} so far. */
    public int connectionsTo(int index) {
        return proxy.connections(index);
    }

    public FailoverProxy proxy() {
        return proxy;
    }

    /** Node {@code index} is lost: SIGKILL, no shutdown. */
    public void kill(int index) {
        running[index].kill();
        running[index] = null;
    }

    /** Stops node {@code index} the way an operator does (SIGTERM). */
    public void stop(int index) {
        if (running[index] != null) {
            running[index].close();
            running[index] = null;
        }
    }

    /** Starts node {@code index} again on its ports and database. */
    public void startNode(int index) {
        try {
            List<String> command = new ArrayList<>(List.of(homes.get(index).resolve("bin/kc.sh").toString(), "start", "--optimized",
                    "--http-enabled=true",
                    "--http-port=" + httpPorts.get(index),
                    "--http-management-port=" + managementPorts.get(index),
                    "--hostname=" + hostname(),
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + clusterPorts.get(index),
                    "--spi-login-protocol--openid-connect--req-params-max-size--client_assertion=16384"));
            command.addAll(database);
            if (index == 0) {
                command.add("--import-realm");
            }
            running[index] = DistributionKeycloakServer.launch(homes.get(index), command, log(index),
                    httpPorts.get(index), managementPorts.get(index), adminUsername, adminPassword);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until every running node's log reports a cluster view of {@code size} members. */
    public void awaitClusterOf(int size) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        for (int i = 0; i < running.length; i++) {
            if (running[i] == null) {
                continue;
            }
            while (lastClusterView(i) != size) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("node " + (i + 1) + " never saw a cluster of " + size
                            + " (last view: " + lastClusterView(i) + "); see " + log(i));
                }
                DistributionKeycloakServer.sleep(250);
            }
        }
    }

    /** The member count of the last cluster view in node {@code index}'s log, 0 if none yet. */
    public int lastClusterView(int index) {
        try {
            Matcher matcher = CLUSTER_VIEW.matcher(Files.readString(log(index)));
            int last = 0;
            while (matcher.find()) {
                last = Integer.parseInt(matcher.group(1));
            }
            return last;
        } catch (IOException e) {
            return 0;
        }
    }

    public Path log(int index) {
        return work.resolve("node-" + (index + 1) + ".log");
    }

    private void build(int size) throws IOException {
        Path dist = Path.of(KeycloakServers.required("kc.dist.home"));
        Path providers = Path.of(KeycloakServers.required("kc.it.providers"));
        Path realms = Path.of(KeycloakServers.required("kc.it.realms"));
        DistributionKeycloakServer.deleteRecursively(work);
        Files.createDirectories(work);
        Path first = work.resolve("node-1");
        run(List.of("cp", "-a", dist.toString(), first.toString()), work.resolve("copy.log"));
        DistributionKeycloakServer.deleteRecursively(first.resolve("data"));
        DistributionKeycloakServer.syncProviders(providers, first.resolve("providers"));
        Path imports = Files.createDirectories(first.resolve("data/import"));
        try (Stream<Path> files = Files.list(realms)) {
            for (Path realm : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith("-realm.json"))::iterator) {
                Files.copy(realm, imports.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Instant started = Instant.now();
        List<String> buildCommand = new ArrayList<>(List.of(first.resolve("bin/kc.sh").toString(), "build"));
        buildCommand.addAll(productionBuildOptions());
        run(buildCommand, work.resolve("build.log"));
        System.out.printf("[keycloak-it] cluster distribution built in %d s%n", Duration.between(started, Instant.now()).toSeconds());
        importProductionRealm(first, realms);
        homes.add(first);
        for (int i = 1; i < size; i++) {
            Path home = work.resolve("node-" + (i + 1));
            Files.createDirectories(home);
            for (String part : List.of("bin", "conf", "lib", "providers", "themes")) {
                if (Files.exists(first.resolve(part))) {
                    run(List.of("cp", "-al", first.resolve(part).toString(), home.resolve(part).toString()), work.resolve("copy.log"));
                }
            }
            homes.add(home);
        }
    }

    /**
     * The production build options, the single source that ./run.sh --optimized and container/Containerfile read too:
     * the lines of {@code distribution/src/main/keycloak/build-options} (system property {@code kc.it.build.options})
     * that are neither blank nor a {@code #} comment, one option each.
     */
    public static List<String> productionBuildOptions() {
        Path file = Path.of(KeycloakServers.required("kc.it.build.options"));
        try {
            List<String> options = Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            if (options.isEmpty()) {
                throw new IllegalStateException("no build options in " + file);
            }
            return options;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * docs/operations.md, "Run it in production", step 2, as written: {@code kc.sh import --optimized --file
     * realm-export/production/payer-realm.json} with the database options, on the built distribution, into a database
     * of its own (the nodes use the demo realm). Without {@code --optimized} Keycloak rebuilds for H2 and fails.
     */
    private void importProductionRealm(Path home, Path realms) throws IOException {
        Path file = realms.resolve("production/payer-realm.json");
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "import", "--optimized", "--file", file.toString()));
        TestDatabase.postgresArgs("payer_production").stream().filter(a -> !a.startsWith("--db=")).forEach(command::add);
        Path log = work.resolve("import-production-realm.log");
        run(command, log);
        String output = Files.readString(log);
        if (!output.contains("Realm 'payer' imported")) {
            throw new IllegalStateException("the production realm import did not report the realm; see " + log + "\n"
                    + LogTail.of(log, 40));
        }
        productionRealmImported = true;
    }

    private boolean productionRealmImported;

    /** Whether docs/operations.md step 2 (the production realm's import on the built distribution) ran and worked. */
    public boolean productionRealmImported() {
        return productionRealmImported;
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed; see " + log + "\n" + LogTail.of(log, 60));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    private final List<Integer> taken = new ArrayList<>();

    private int distinctFreePort() throws IOException {
        int port;
        do {
            port = DistributionKeycloakServer.freePort();
        } while (taken.contains(port));
        taken.add(port);
        return port;
    }

    /** JGroups also listens on the bind port + 50000 (failure detection), so the bind port stays below 15535. */
    private int clusterPort() throws IOException {
        for (int port = 7800 + (int) (ProcessHandle.current().pid() % 2000); port < 15000; port++) {
            if (!taken.contains(port) && !taken.contains(port + 50000) && free(port) && free(port + 50000)) {
                taken.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free cluster port");
    }

    private static boolean free(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One address of the cluster, with the bootstrap admin; closing it stops nothing (the cluster stops its nodes). */
    private KeycloakServer view(String description, String baseUrl) {
        return new ExternalKeycloakServer(baseUrl, adminUsername, adminPassword, description);
    }

    @Override
    public void close() {
        for (int i = 0; i < running.length; i++) {
            stop(i);
        }
        proxy.close();
    }
}
