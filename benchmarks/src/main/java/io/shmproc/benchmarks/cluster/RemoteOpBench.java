package io.shmproc.benchmarks.cluster;

import io.shmproc.benchmarks.report.Figure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The five cluster scenarios, run the same way against every {@link RemotePeer} (and by
 * {@code benchmarks/python/manager_remote.py} with the same constants for Python's remote manager).
 *
 * <p>For each scenario: {@link Counts#warmup()} operations from one thread, untimed; then
 * {@link Counts#latencyOps()} operations one at a time from that thread, each timed with {@code System.nanoTime}
 * into an HdrHistogram ({@code p50_ns}, {@code p99_ns}); then {@value #THREADS} threads run
 * {@link Counts#perThreadOps()} operations each, released together, and the throughput is all their operations
 * over the time from the release to the last thread's end ({@code ops_per_s}); then the same with
 * {@value #MANY_THREADS} threads and {@link Counts#manyThreadOps()} operations each ({@code many_ops_per_s}): with
 * callers that wait one operation at a time, throughput is bounded by latency times the operations in flight, and
 * this second figure shows how each store does when many are in flight.
 *
 * <table>
 *   <caption>Scenarios</caption>
 *   <tr><th>scenario</th><th>one operation</th></tr>
 *   <tr><td>{@code cluster-queue}</td><td>put of a Long into the shared queue, then a blocking take</td></tr>
 *   <tr><td>{@code cluster-dict-get}</td><td>get of one of {@value #KEYS} Long keys, all present</td></tr>
 *   <tr><td>{@code cluster-dict-put}</td><td>put of a Long value under one of {@value #KEYS} Long keys</td></tr>
 *   <tr><td>{@code cluster-counter-incr}</td><td>atomic increment of one shared counter, in the store</td></tr>
 *   <tr><td>{@code cluster-lock}</td><td>acquire and release of the thread's own lock (no contention)</td></tr>
 * </table>
 */
final class RemoteOpBench {
    /** Client threads of the throughput runs. */
    static final int THREADS = 4;
    /** Client threads of the many-in-flight throughput runs. */
    static final int MANY_THREADS = 32;
    /** Keys of the shared dict. */
    static final int KEYS = 1000;
    /** The scenario ids, in the order they run. */
    static final List<String> SCENARIOS = List.of("cluster-queue", "cluster-dict-get", "cluster-dict-put",
        "cluster-counter-incr", "cluster-lock");

    private static volatile long sink;

    /**
     * How many operations each phase runs.
     *
     * @param warmup       untimed operations before the latency run, per scenario
     * @param latencyOps   operations timed one at a time
     * @param perThreadOps operations per thread in the throughput run
     * @param manyThreadOps operations per thread in the many-in-flight throughput run
     */
    record Counts(int warmup, int latencyOps, int perThreadOps, int manyThreadOps) {
        /** Quick mode (a test of the harness, not a figure to quote). */
        static final Counts QUICK = new Counts(200, 1_000, 250, 50);
        /** Full mode, for the report. */
        static final Counts FULL = new Counts(1_000, 5_000, 2_500, 1_000);

        static Counts of(final String[] args) {
            return List.of(args).contains("--quick") ? QUICK : FULL;
        }
    }

    /** One operation of a scenario. */
    @FunctionalInterface
    private interface Op {
        long run(RemotePeer.Worker worker, long i) throws Exception;
    }

    private RemoteOpBench() {
    }

    /**
     * Runs every scenario against a peer and prints its figures.
     *
     * @param impl   the impl name in the figures
     * @param peer   the connected peer
     * @param counts the operation counts
     * @throws Exception when a worker cannot be made or the dict cannot be filled
     */
    static void run(final String impl, final RemotePeer peer, final Counts counts) throws Exception {
        final RemotePeer.Worker[] many = new RemotePeer.Worker[MANY_THREADS];
        for (int t = 0; t < MANY_THREADS; t++) {
            many[t] = peer.worker(t);
        }
        final RemotePeer.Worker[] workers = Arrays.copyOf(many, THREADS);
        for (long k = 0; k < KEYS; k++) {
            workers[0].dictPut(k, k);
        }
        for (final String scenario : SCENARIOS) {
            final Op op = op(scenario);
            try {
                final Histogram latency = latency(workers[0], op, counts);
                final double rate = throughput(workers, op, counts.perThreadOps());
                final double manyRate = throughput(many, op, counts.manyThreadOps());
                new Figure(scenario, impl, "ops_per_s", rate, "ops/s").print();
                new Figure(scenario, impl, "many_ops_per_s", manyRate, "ops/s").print();
                new Figure(scenario, impl, "p50_ns", latency.getValueAtPercentile(50), "ns").print();
                new Figure(scenario, impl, "p99_ns", latency.getValueAtPercentile(99), "ns").print();
            } catch (final Exception e) {
                System.out.println("no figure for " + scenario + " " + impl + ": " + e);
            }
        }
    }

    private static Op op(final String scenario) {
        return switch (scenario) {
            case "cluster-queue" -> RemotePeer.Worker::queuePutTake;
            case "cluster-dict-get" -> (w, i) -> w.dictGet(i % KEYS);
            case "cluster-dict-put" -> (w, i) -> {
                w.dictPut(i % KEYS, i);
                return i;
            };
            case "cluster-counter-incr" -> (w, i) -> w.counterIncrement();
            case "cluster-lock" -> (w, i) -> {
                w.lockAcquireRelease();
                return i;
            };
            default -> throw new IllegalArgumentException("scenario=" + scenario + " is not one of " + SCENARIOS);
        };
    }

    private static Histogram latency(final RemotePeer.Worker worker, final Op op, final Counts counts)
        throws Exception {
        long s = 0;
        for (int i = 0; i < counts.warmup(); i++) {
            s += op.run(worker, i);
        }
        final Histogram histogram = new Histogram(3);
        for (int i = 0; i < counts.latencyOps(); i++) {
            final long start = System.nanoTime();
            s += op.run(worker, i);
            histogram.recordValue(System.nanoTime() - start);
        }
        sink += s;
        return histogram;
    }

    private static double throughput(final RemotePeer.Worker[] workers, final Op op, final int perThread)
        throws Exception {
        final CountDownLatch ready = new CountDownLatch(workers.length);
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < workers.length; t++) {
            final RemotePeer.Worker worker = workers[t];
            final long offset = (long) t * KEYS / workers.length;
            final Thread thread = new Thread(() -> {
                long s = 0;
                try {
                    ready.countDown();
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        s += op.run(worker, offset + i);
                    }
                } catch (final Exception e) {
                    failure.compareAndSet(null, e);
                }
                sink += s;
            }, "bench-client-" + t);
            thread.start();
            threads.add(thread);
        }
        ready.await();
        final long start = System.nanoTime();
        go.countDown();
        for (final Thread thread : threads) {
            thread.join();
        }
        final long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw failure.get();
        }
        return (double) workers.length * perThread * 1e9 / elapsed;
    }
}
