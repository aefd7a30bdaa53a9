package org.payerauth.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/** Runs one operation in a closed loop on N threads for a while and reports ops/s and server CPU-ms per op. */
final class Measurement {

    /** {@code databasePerOp}: what the database did per successful operation ({@code --db-statements}), or null. */
    record Result(String name, int ok, int errors, double seconds, double opsPerSecond, double cpuMillisPerOp,
                  String databasePerOp) {
    }

    private Measurement() {
    }

    /**
     * @param operation performs operation number i; returns true on success. Returning false for an exhausted input
     *                  (i beyond the prepared items) also ends the run.
     */
    static Result run(Server server, String name, int threads, int seconds, int maxOps, IntPredicate operation) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        // read (after the database's statistics settled) before the run's clock starts
        Map<String, long[]> tablesBefore = server.databaseStatements == null ? null : server.databaseStatements.snapshot();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long cpuBefore = server.cpuMillis();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    int i = next.getAndIncrement();
                    if (i >= maxOps) {
                        return;
                    }
                    try {
                        if (operation.test(i)) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        for (var future : futures) {
            try {
                future.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu = server.cpuMillis() - cpuBefore;
        pool.shutdown();
        int done = ok.get();
        String database = tablesBefore == null ? null
                : DatabaseStatements.perOperation(tablesBefore, server.databaseStatements.snapshot(), done);
        return new Result(name, done, errors.get(), elapsed, done / elapsed, done == 0 ? Double.NaN : (double) cpu / done,
                database);
    }
}
