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
 *      [--scenarios client-auth,launch,registration] [--seconds 15] [--rounds 3] [--threads 4] [--out FILE]
 *      [--json FILE] [--mode "how the server was started"]</pre>
 * ({@code --json}: every measured row, and the registration-scale levels, as JSON; {@code --mode} heads both reports.)
 *
 * Also not in the default list: {@code --scenarios registration-scale [--levels 0,1000,10000,50000] [--json FILE]}
 * (S3 at growing realm sizes seeded by partial import, with the heap after a full GC per level).
 *
 * Not in the default list: {@code --scenarios tiered [--access-log FILE]} (UDAP Tiered OAuth against stock OIDC
 * brokering, see {@link TieredScenario}); {@code --scenarios introspection} (the FHIR server introspecting a SMART
 * patient token against a plain one, see {@link IntrospectionScenario}); {@code --scenarios metrics-scale
 * --metrics-db JDBC_URL [--levels 100000,1000000] [--repeats 5]} (the Patient Access metrics report over seeded
 * patient-days, see {@link MetricsScaleScenario}).
 *
 * <p>{@code --db-statements JDBC_URL} (PostgreSQL, e.g. {@code jdbc:postgresql://localhost:55432/postgres?user=postgres&password=postgres}
 * for {@code ./run.sh --optimized}) adds under every measured row what the database did per operation, from
 * {@code pg_stat_user_tables} read around the run ({@link DatabaseStatements}; 22 s of waiting per run).
 *
 * <p>{@code --only SIDE} runs one side of a pair (e.g. under a profiler): {@code stock|floor|udap} (client-auth),
 * {@code smart|floor|stock} (launch), {@code tiered|stock} (tiered), {@code udap|stock} (registration and
 * registration-scale). The warm-up still runs both sides ({@code --warmup 0} on a warm server skips it).
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
                opts.getOrDefault("admin-user", "admin"), opts.getOrDefault("admin-password", "admin"),
                opts.containsKey("db-statements") ? new DatabaseStatements(opts.get("db-statements")) : null);
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "15"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "4"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "60"));
        Set<String> scenarios = Set.of(opts.getOrDefault("scenarios", "client-auth,launch,registration").split(","));
        List<String> report = new ArrayList<>();
        report.add("# payer-auth side-by-side benchmark, " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        report.add("");
        report.add(opts.getOrDefault("mode", "Mode not given (--mode)") + ". Server " + url + " (pid " + pid + "), " + Runtime.getRuntime().availableProcessors() + " cores, driver on the same machine, "
                + threads + " threads, " + seconds + " s per run, " + rounds + " rounds (the order of the sides turns every round) after a " + warmup + " s warm-up per side; JDK "
                + System.getProperty("java.version") + ". CPU = Keycloak process CPU time / successful operation.");
        report.add("");
        report.add("| Scenario | Round | ok | errors | ops/s | CPU ms/op |");
        report.add("|---|---|---|---|---|---|");

        if (scenarios.contains("client-auth")) {
            ClientAuthScenario s = new ClientAuthScenario(server);
            s.setUp();
            try {
                report.add("| _both clients' scopes: " + s.scopes() + "_ | | | | | |");
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
            try {
                s.setUp(threads, opts.getOrDefault("user", "alice"));
                for (int w = 0; w < warmup; w += seconds) {
                    for (LaunchScenario.Side side : LaunchScenario.Side.values()) {
                        s.measure(side, threads, seconds);
                    }
                }
                java.util.Map<LaunchScenario.Side, List<Measurement.Result>> results = new java.util.EnumMap<>(LaunchScenario.Side.class);
                String only = opts.getOrDefault("only", ""); // --only smart|floor|stock runs one side (e.g. under a profiler)
                for (int r = 1; r <= rounds; r++) {
                    // the order turns each round, so no side always runs first or last
                    List<LaunchScenario.Side> order = new ArrayList<>(List.of(LaunchScenario.Side.values()));
                    java.util.Collections.rotate(order, r - 1);
                    for (LaunchScenario.Side side : order) {
                        if (only.isEmpty() || only.equalsIgnoreCase(side.name())) {
                            Measurement.Result result = s.measure(side, threads, seconds);
                            row(report, r, result);
                            results.computeIfAbsent(side, k -> new ArrayList<>()).add(result);
                        }
                    }
                }
                if (results.size() == LaunchScenario.Side.values().length) {
                    List<Measurement.Result> smart = results.get(LaunchScenario.Side.SMART);
                    pairMeans(report, "SMART / stock", smart, results.get(LaunchScenario.Side.STOCK));
                    pairMeans(report, "SMART / floor", smart, results.get(LaunchScenario.Side.FLOOR));
                    pairMeans(report, "floor / stock", results.get(LaunchScenario.Side.FLOOR), results.get(LaunchScenario.Side.STOCK));
                }
            } finally {
                s.tearDown();
            }
        }
        if (scenarios.contains("introspection")) {
            IntrospectionScenario s = new IntrospectionScenario(server);
            s.setUp(opts.getOrDefault("user", "alice"));
            for (int w = 0; w < warmup; w += seconds) {
                for (IntrospectionScenario.Side side : IntrospectionScenario.Side.values()) {
                    s.measure(side, threads, seconds);
                }
            }
            java.util.Map<IntrospectionScenario.Side, List<Measurement.Result>> results = new java.util.EnumMap<>(IntrospectionScenario.Side.class);
            for (int r = 1; r <= rounds; r++) {
                List<IntrospectionScenario.Side> order = new ArrayList<>(List.of(IntrospectionScenario.Side.values()));
                java.util.Collections.rotate(order, r - 1);
                for (IntrospectionScenario.Side side : order) {
                    Measurement.Result result = s.measure(side, threads, seconds);
                    row(report, r, result);
                    results.computeIfAbsent(side, k -> new ArrayList<>()).add(result);
                }
            }
            pairMeans(report, "SMART introspection / plain", results.get(IntrospectionScenario.Side.SMART),
                    results.get(IntrospectionScenario.Side.STOCK));
        }
        if (scenarios.contains("metrics-scale")) {
            metricsScale(server, opts, report);
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
                String only = opts.getOrDefault("only", ""); // --only udap|stock runs one side (e.g. under a profiler)
                for (int r = 1; r <= rounds; r++) {
                    boolean udapFirst = r % 2 == 0;
                    for (boolean isUdap : new boolean[] {udapFirst, !udapFirst}) {
                        if (only.isEmpty() || only.equalsIgnoreCase(isUdap ? "udap" : "stock")) {
                            clients += row(report, r, isUdap ? s.udap(threads, seconds, prepared)
                                    : s.stock(threads, seconds, Integer.MAX_VALUE));
                        }
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
        if (scenarios.contains("registration-scale")) {
            registrationScale(server, opts, report, threads, seconds, rounds, warmup);
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
                List<Measurement.Result> tiered = new ArrayList<>();
                List<Measurement.Result> stock = new ArrayList<>();
                String only = opts.getOrDefault("only", ""); // --only tiered|stock runs one side (e.g. under a profiler)
                for (int r = 1; r <= rounds; r++) {
                    boolean tieredFirst = r % 2 == 0;
                    for (boolean isTiered : new boolean[] {tieredFirst, !tieredFirst}) {
                        if (only.isEmpty() || only.equalsIgnoreCase(isTiered ? "tiered" : "stock")) {
                            Measurement.Result result = s.measure(isTiered, threads, seconds);
                            row(report, r, result);
                            s.fetches().ifPresent(report::add);
                            (isTiered ? tiered : stock).add(result);
                        }
                    }
                }
                if (!tiered.isEmpty() && !stock.isEmpty()) {
                    pairMeans(report, "Tiered / stock brokering", tiered, stock);
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
        if (opts.containsKey("json")) {
            Files.writeString(Path.of(opts.get("json")), "{\n\"header\": \"" + report.get(2).replace("\"", "'")
                    + "\",\n\"rows\": [\n  " + String.join(",\n  ", JSON_ROWS) + "\n],\n\"levels\": [\n  "
                    + String.join(",\n  ", JSON_LEVELS) + "\n]\n}\n");
        }
    }

    /**
     * S6 ({@link MetricsScaleScenario}): the Patient Access metrics report at {@code --levels} seeded patient-days
     * (default 100000,1000000), {@code --repeats} timings each (default 5, the median reported).
     */
    private static void metricsScale(Server server, Map<String, String> opts, List<String> report) throws Exception {
        String jdbc = opts.get("metrics-db");
        if (jdbc == null) {
            throw new IllegalArgumentException("--scenarios metrics-scale needs --metrics-db JDBC_URL (PostgreSQL of ./run.sh --optimized)");
        }
        MetricsScaleScenario s = new MetricsScaleScenario(server, jdbc);
        int repeats = Integer.parseInt(opts.getOrDefault("repeats", "5"));
        report.add("");
        report.add("Patient Access metrics report over seeded patient-days of " + MetricsScaleScenario.YEAR
                + " (median of " + repeats + " requests, ms, through the admin REST API):");
        report.add("");
        report.add("| patient-days (rows) | table | indexes | year, JSON | year, CSV | one month, JSON | unique patients | more than once |");
        report.add("|---|---|---|---|---|---|---|---|");
        s.setUp();
        try {
            for (String level : opts.getOrDefault("levels", "100000,1000000").split(",")) {
                MetricsScaleScenario.Level measured = s.measure(Long.parseLong(level.trim()), repeats);
                String line = MetricsScaleScenario.row(measured);
                System.out.println(line);
                report.add(line);
                JSON_LEVELS.add(String.format(Locale.ROOT, "{\"patientDays\":%d,\"tableBytes\":%d,\"indexBytes\":%d,"
                                + "\"yearJsonMs\":%.1f,\"yearCsvMs\":%.1f,\"monthJsonMs\":%.1f}", measured.rows(),
                        measured.tableBytes(), measured.indexBytes(), measured.yearJsonMillis(), measured.yearCsvMillis(),
                        measured.monthJsonMillis()));
            }
        } finally {
            s.tearDown();
        }
    }

    /** Every measured row, for {@code --json}. */
    private static final List<String> JSON_ROWS = new ArrayList<>();
    /** The registration-scale summary per level, for {@code --json}. */
    private static final List<String> JSON_LEVELS = new ArrayList<>();

    /** Means over the rounds: UDAP against the stock floor (same assertion) and against stock (small assertion). */
    private static void clientAuthSummary(List<String> report,
                                          java.util.Map<ClientAuthScenario.Side, List<Measurement.Result>> results) {
        if (results.size() < ClientAuthScenario.Side.values().length) {
            return;
        }
        for (ClientAuthScenario.Side base : List.of(ClientAuthScenario.Side.FLOOR, ClientAuthScenario.Side.STOCK)) {
            pairMeans(report, "UDAP / " + base.name().toLowerCase(Locale.ROOT), results.get(ClientAuthScenario.Side.UDAP),
                    results.get(base));
        }
    }

    /** The means over the rounds of one pair: our side against the stock one, in the report and for {@code --json}. */
    private static void pairMeans(List<String> report, String label, List<Measurement.Result> ours, List<Measurement.Result> stock) {
        double ops = mean(ours, Measurement.Result::opsPerSecond) / mean(stock, Measurement.Result::opsPerSecond);
        double oursCpu = mean(ours, Measurement.Result::cpuMillisPerOp);
        double stockCpu = mean(stock, Measurement.Result::cpuMillisPerOp);
        String line = String.format(Locale.ROOT, "| _%s (means): throughput %.2f×, CPU %+.2f ms/op (%.2f vs %.2f)_ | | | | | |",
                label, ops, oursCpu - stockCpu, oursCpu, stockCpu);
        System.out.println(line);
        report.add(line);
        JSON_ROWS.add(String.format(Locale.ROOT, "{\"summary\":\"%s\",\"throughputRatio\":%.3f,\"cpuMsPerOp\":%.3f,"
                + "\"stockCpuMsPerOp\":%.3f}", label, ops, oursCpu, stockCpu));
    }

    private static double mean(List<Measurement.Result> results, java.util.function.ToDoubleFunction<Measurement.Result> value) {
        return results.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    /** Adds a result row (markdown, and for {@code --json}); returns the number of successful operations. */
    private static int row(List<String> report, int round, Measurement.Result r) {
        JSON_ROWS.add(String.format(Locale.ROOT, "{\"scenario\":\"%s\",\"round\":%d,\"ok\":%d,\"errors\":%d,"
                        + "\"opsPerSecond\":%.2f,\"cpuMsPerOp\":%.3f%s}", r.name().replace("\\", "\\\\").replace("\"", "\\\""),
                round, r.ok(), r.errors(), r.opsPerSecond(), r.cpuMillisPerOp(),
                r.databasePerOp() == null ? "" : ",\"databasePerOp\":\"" + r.databasePerOp() + "\""));
        String line = String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f | %.2f |", r.name(), round == 0 ? "-" : round,
                r.ok(), r.errors(), r.opsPerSecond(), r.cpuMillisPerOp());
        System.out.println(line);
        report.add(line);
        if (r.databasePerOp() != null) {
            String database = "| _database, " + r.databasePerOp() + "_ | | | | | |";
            System.out.println(database);
            report.add(database);
        }
        return r.ok();
    }

    /**
     * S3 at growing realm sizes ({@code --levels 0,1000,10000,50000}): the realm is seeded up to each level with
     * plain confidential clients by partial import (not through DCR), then stock OIDC DCR and UDAP DCR are measured
     * side by side ({@code rounds} rounds, order turning) and the Keycloak heap after a full GC is read with
     * {@code jcmd}. The apps each run (and the warm-up) registers are deleted again after it, so the realm is at the
     * level while it is measured, plus at most what one run adds. Ends with a per-level summary and writes the numbers as JSON next to the report ({@code --json}).
     */
    private static void registrationScale(Server server, Map<String, String> opts, List<String> report, int threads,
                                          int seconds, int rounds, int warmup) throws Exception {
        RegistrationScenario s = new RegistrationScenario(server);
        s.setUp();
        List<String> json = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        try {
            int prepared = Integer.parseInt(opts.getOrDefault("statements", "2500"));
            int clients = clientCount(server);
            int seeded = 0;
            for (int w = 0; w < warmup; w += seconds) {
                s.stock(threads, seconds, Integer.MAX_VALUE);
                s.udap(threads, seconds, prepared);
            }
            // what a measurement registers is deleted again, so each level is the realm's size while it is measured
            report.add("| _warm-up: " + s.removeRegistered(threads) + " registered apps deleted again; realm at " + clients
                    + " clients_ | | | | | |");
            for (String level : opts.getOrDefault("levels", "0,1000,10000,50000").split(",")) {
                int goal = Integer.parseInt(level.trim());
                long seedStart = System.nanoTime();
                while (clients < goal) {
                    int batch = Math.min(500, goal - clients);
                    s.seed(seeded, batch);
                    seeded += batch;
                    clients += batch;
                }
                double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
                report.add("| _realm at about " + clients + " clients (seeded " + seeded + " by partial import, "
                        + String.format(Locale.ROOT, "%.0f", seedSeconds) + " s)_ | | | | | |");
                List<Measurement.Result> stock = new ArrayList<>();
                List<Measurement.Result> udap = new ArrayList<>();
                int removed = 0;
                for (int r = 1; r <= rounds; r++) {
                    boolean udapFirst = r % 2 == 0;
                    for (int side = 0; side < 2; side++) {
                        boolean isUdap = (side == 0) == udapFirst;
                        // --only stock|udap runs one side (e.g. under a profiler)
                        if (!opts.getOrDefault("only", "").isEmpty()
                                && !opts.get("only").equalsIgnoreCase(isUdap ? "udap" : "stock")) {
                            continue;
                        }
                        Measurement.Result result = isUdap ? s.udap(threads, seconds, prepared)
                                : s.stock(threads, seconds, Integer.MAX_VALUE);
                        row(report, r, result);
                        (isUdap ? udap : stock).add(result);
                        removed += s.removeRegistered(threads); // back to the level before the next run
                    }
                }
                long heapKiB = heapUsedAfterGcKiB(server);
                String ours = payerAuthObjects(server);
                report.add("| _" + removed + " apps registered at this level, each run's deleted again after it_ | | | | | |");
                double stockOps = stock.stream().mapToDouble(Measurement.Result::opsPerSecond).average().orElse(0);
                double udapOps = udap.stream().mapToDouble(Measurement.Result::opsPerSecond).average().orElse(0);
                double stockCpu = stock.stream().mapToDouble(Measurement.Result::cpuMillisPerOp).average().orElse(0);
                double udapCpu = udap.stream().mapToDouble(Measurement.Result::cpuMillisPerOp).average().orElse(0);
                summary.add(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.2f× | %.2f | %.2f | %s | %s |", goal, stockOps,
                        udapOps, stockOps == 0 ? 0 : udapOps / stockOps, stockCpu, udapCpu,
                        heapKiB < 0 ? "n/a" : (heapKiB / 1024) + " MiB", ours));
                json.add(String.format(Locale.ROOT, "{\"level\":%d,\"clients\":%d,\"stockOpsPerSecond\":%.2f,"
                                + "\"udapOpsPerSecond\":%.2f,\"stockCpuMsPerOp\":%.3f,\"udapCpuMsPerOp\":%.3f,\"heapUsedAfterGcKiB\":%d,"
                                + "\"payerAuthObjects\":\"%s\"}",
                        goal, clients, stockOps, udapOps, stockCpu, udapCpu, heapKiB, ours));
            }
        } finally {
            s.tearDown();
        }
        report.add("");
        report.add("| Seeded level | stock ops/s | UDAP ops/s | UDAP / stock | stock CPU ms/op | UDAP CPU ms/op | heap after full GC "
                + "| live payer-auth objects (shallow; largest classes) |");
        report.add("|---|---|---|---|---|---|---|---|");
        report.addAll(summary);
        JSON_LEVELS.addAll(json);
    }

    /**
     * What payer-auth's own classes hold in Keycloak's heap (live objects, {@code jcmd GC.class_histogram}, shallow
     * sizes): the entries of every cache our code keeps are among them, so their count at 50k clients shows whether a
     * cache grows with the realm. E.g. {@code 1234 objects, 98 KiB; DecodedCertificates$Entry 40, ...}.
     */
    private static String payerAuthObjects(Server server) {
        try {
            String histogram = run("jcmd", Long.toString(server.pid), "GC.class_histogram");
            java.util.regex.Matcher line = java.util.regex.Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(org\\.payerauth\\.\\S+)")
                    .matcher(histogram);
            long instances = 0;
            long bytes = 0;
            List<String> largest = new ArrayList<>();
            while (line.find()) {
                instances += Long.parseLong(line.group(1));
                bytes += Long.parseLong(line.group(2));
                if (largest.size() < 4) { // the histogram is sorted by bytes
                    largest.add(line.group(3).substring(line.group(3).lastIndexOf('.') + 1) + " " + line.group(1));
                }
            }
            return instances + " objects, " + (bytes / 1024) + " KiB; " + String.join(", ", largest);
        } catch (Exception e) {
            return "n/a";
        }
    }

    /** Keycloak's heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}); -1 if unknown. */
    private static long heapUsedAfterGcKiB(Server server) {
        try {
            run("jcmd", Long.toString(server.pid), "GC.run");
            String info = run("jcmd", Long.toString(server.pid), "GC.heap_info");
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
            return used.find() ? Long.parseLong(used.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    /**
     * The realm's client count, by probing pages of one client (exponential, then binary search): listing all
     * clients makes Keycloak build every client's representation (minutes at 50k clients, and it keeps the server busy
     * after the driver gave up).
     */
    private static int clientCount(Server server) {
        int low = 0;
        int high = 1;
        while (hasClientAt(server, high)) {
            low = high;
            high *= 2;
        }
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (hasClientAt(server, mid)) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return hasClientAt(server, 0) ? low + 1 : 0;
    }

    private static boolean hasClientAt(Server server, int index) {
        var response = server.admin("GET", "/clients?briefRepresentation=true&first=" + index + "&max=1", null);
        return response.body().contains("\"clientId\"");
    }

    private static long findKeycloak() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("io.quarkus.bootstrap.runner.QuarkusEntryPoint"))
                .map(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Keycloak process found; pass --pid"));
    }
}
