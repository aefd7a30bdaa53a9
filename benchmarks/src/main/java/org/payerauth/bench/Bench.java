package org.payerauth.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Side-by-side benchmark against a running Keycloak with payer-auth installed (e.g. {@code ./run.sh}): our flows
 * and the stock Keycloak flows they extend, on the same server in the same run, alternating A/B after a warm-up.
 * Reports throughput and the server's CPU milliseconds per operation (from {@code /proc/<pid>/stat}, robust to the
 * driver sharing the cores). Writes a markdown table to {@code --out}.
 *
 * <pre>java -jar benchmarks/target/payer-auth-bench.jar [--url http://localhost:8080] [--pid PID]
 *      [--scenarios client-auth,launch,registration] [--seconds 15] [--rounds 3] [--threads 4] [--out FILE]</pre>
 *
 * Not in the default list: {@code --scenarios tiered [--access-log FILE]} (UDAP Tiered OAuth against stock OIDC
 * brokering, see {@link TieredScenario}).
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = opts.getOrDefault("url", "http://localhost:" + System.getenv().getOrDefault("KC_HTTP_PORT", "8080"));
        long pid = opts.containsKey("pid") ? Long.parseLong(opts.get("pid")) : findKeycloak();
        Server server = new Server(url, opts.getOrDefault("realm", "payer"), pid,
                opts.getOrDefault("admin-user", "admin"), opts.getOrDefault("admin-password", "admin"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "15"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "4"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "60"));
        Set<String> scenarios = Set.of(opts.getOrDefault("scenarios", "client-auth,launch,registration").split(","));
        List<String> report = new ArrayList<>();
        report.add("# payer-auth side-by-side benchmark, " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        report.add("");
        report.add("Server " + url + " (pid " + pid + "), " + Runtime.getRuntime().availableProcessors() + " cores, driver on the same machine, "
                + threads + " threads, " + seconds + " s per run, " + rounds + " rounds (the order of the sides turns every round) after a " + warmup + " s warm-up per side; JDK "
                + System.getProperty("java.version") + ". CPU = Keycloak process CPU time / successful operation.");
        report.add("");
        report.add("| Scenario | Round | ok | errors | ops/s | CPU ms/op |");
        report.add("|---|---|---|---|---|---|");

        if (scenarios.contains("client-auth")) {
            ClientAuthScenario s = new ClientAuthScenario(server);
            s.setUp();
            try {
                int prepared = Integer.parseInt(opts.getOrDefault("assertions", "6000"));
                for (int w = 0; w < warmup; w += seconds) {
                    for (ClientAuthScenario.Side side : ClientAuthScenario.Side.values()) {
                        s.measure(side, threads, seconds, prepared);
                    }
                }
                String only = opts.getOrDefault("only", "");
                java.util.Map<ClientAuthScenario.Side, List<Measurement.Result>> results = new java.util.EnumMap<>(ClientAuthScenario.Side.class);
                for (int r = 1; r <= rounds; r++) {
                    // the order turns each round, so no side always runs first or last
                    List<ClientAuthScenario.Side> order = new ArrayList<>(List.of(ClientAuthScenario.Side.values()));
                    java.util.Collections.rotate(order, r - 1);
                    for (ClientAuthScenario.Side side : order) {
                        // --only stock|floor|udap runs one side (e.g. under a profiler)
                        if (only.isEmpty() || only.equalsIgnoreCase(side.name())) {
                            Measurement.Result result = s.measure(side, threads, seconds, prepared);
                            row(report, r, result);
                            results.computeIfAbsent(side, k -> new ArrayList<>()).add(result);
                        }
                    }
                }
                clientAuthSummary(report, results);
            } finally {
                s.tearDown();
            }
        }
        if (scenarios.contains("launch")) {
            LaunchScenario s = new LaunchScenario(server);
            s.setUp(threads, opts.getOrDefault("user", "alice"));
            for (int w = 0; w < warmup; w += seconds) {
                s.measure(false, threads, seconds);
                s.measure(true, threads, seconds);
            }
            for (int r = 1; r <= rounds; r++) {
                boolean smartFirst = r % 2 == 0;
                row(report, r, s.measure(smartFirst, threads, seconds));
                row(report, r, s.measure(!smartFirst, threads, seconds));
            }
        }
        if (scenarios.contains("registration")) {
            int clients = clientCount(server);
            RegistrationScenario s = new RegistrationScenario(server);
            s.setUp();
            try {
                int prepared = Integer.parseInt(opts.getOrDefault("statements", "2500"));
                for (int w = 0; w < warmup; w += seconds) {
                    clients += s.stock(threads, seconds, Integer.MAX_VALUE).ok();
                    clients += s.udap(threads, seconds, prepared).ok();
                }
                report.add("| _realm at about " + clients + " clients_ | | | | | |");
                for (int r = 1; r <= rounds; r++) {
                    if (r % 2 == 0) {
                        clients += row(report, r, s.udap(threads, seconds, prepared));
                        clients += row(report, r, s.stock(threads, seconds, Integer.MAX_VALUE));
                    } else {
                        clients += row(report, r, s.stock(threads, seconds, Integer.MAX_VALUE));
                        clients += row(report, r, s.udap(threads, seconds, prepared));
                    }
                }
                for (String target : opts.getOrDefault("grow", "").split(",")) {
                    if (target.isBlank()) {
                        continue;
                    }
                    int goal = Integer.parseInt(target.trim());
                    while (clients < goal) {
                        clients += s.stock(threads, 60, goal - clients).ok();
                    }
                    report.add("| _realm grown to about " + clients + " clients_ | | | | | |");
                    clients += row(report, 0, s.stock(threads, seconds, Integer.MAX_VALUE));
                    clients += row(report, 0, s.udap(threads, seconds, prepared));
                }
            } finally {
                s.tearDown();
            }
        }
        if (scenarios.contains("tiered")) {
            TieredScenario s = new TieredScenario(server, opts.containsKey("access-log") ? Path.of(opts.get("access-log")) : null);
            try {
                s.setUp(threads);
                s.fetches().ifPresent(report::add);
                for (int w = 0; w < warmup; w += seconds) {
                    s.measure(false, threads, seconds);
                    s.measure(true, threads, seconds);
                }
                for (int r = 1; r <= rounds; r++) {
                    boolean tieredFirst = r % 2 == 0;
                    row(report, r, s.measure(tieredFirst, threads, seconds));
                    s.fetches().ifPresent(report::add);
                    row(report, r, s.measure(!tieredFirst, threads, seconds));
                    s.fetches().ifPresent(report::add);
                }
            } finally {
                s.tearDown();
            }
        }
        String markdown = String.join("\n", report) + "\n";
        System.out.print(markdown);
        if (opts.containsKey("out")) {
            Files.createDirectories(Path.of(opts.get("out")).toAbsolutePath().getParent());
            Files.writeString(Path.of(opts.get("out")), markdown);
        }
    }

    /** Adds a result row; returns the number of successful operations. */
    /** Means over the rounds: UDAP against the stock floor (same assertion) and against stock (small assertion). */
    private static void clientAuthSummary(List<String> report,
                                          java.util.Map<ClientAuthScenario.Side, List<Measurement.Result>> results) {
        if (results.size() < ClientAuthScenario.Side.values().length) {
            return;
        }
        double udapOps = mean(results.get(ClientAuthScenario.Side.UDAP), Measurement.Result::opsPerSecond);
        double udapCpu = mean(results.get(ClientAuthScenario.Side.UDAP), Measurement.Result::cpuMillisPerOp);
        for (ClientAuthScenario.Side base : List.of(ClientAuthScenario.Side.FLOOR, ClientAuthScenario.Side.STOCK)) {
            double ops = mean(results.get(base), Measurement.Result::opsPerSecond);
            double cpu = mean(results.get(base), Measurement.Result::cpuMillisPerOp);
            String line = String.format(Locale.ROOT, "| _UDAP / %s (means): throughput %.2f×, CPU %+.2f ms/op (%.2f vs %.2f)_ | | | | | |",
                    base.name().toLowerCase(Locale.ROOT), udapOps / ops, udapCpu - cpu, udapCpu, cpu);
            System.out.println(line);
            report.add(line);
        }
    }

    private static double mean(List<Measurement.Result> results, java.util.function.ToDoubleFunction<Measurement.Result> value) {
        return results.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    private static int row(List<String> report, int round, Measurement.Result r) {
        String line = String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f | %.2f |", r.name(), round == 0 ? "-" : round,
                r.ok(), r.errors(), r.opsPerSecond(), r.cpuMillisPerOp());
        System.out.println(line);
        report.add(line);
        return r.ok();
    }

    /** Clients in the realm at the start (cheap while the realm is small; the run counts what it adds). */
    private static int clientCount(Server server) {
        var response = server.admin("GET", "/clients?briefRepresentation=true&first=0&max=20000", null);
        return response.body().split("\"clientId\"", -1).length - 1;
    }

    private static long findKeycloak() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("io.quarkus.bootstrap.runner.QuarkusEntryPoint"))
                .map(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Keycloak process found; pass --pid"));
    }
}
