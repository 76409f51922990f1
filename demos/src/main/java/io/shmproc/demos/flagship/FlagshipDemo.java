package io.shmproc.demos.flagship;

import io.shmproc.Shmproc;
import io.shmproc.codec.Codecs;
import io.shmproc.pool.AsyncResult;
import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import io.shmproc.process.ShmProcess;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import io.shmproc.state.SharedLongArray;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The flagship demo: a pipeline of five JVMs connected by shared-memory queues.
 *
 * <pre>
 *  producer JVM ──► queue "input" ──► ProcessPool: worker JVM ×2 ──► queue "results" ──► aggregator JVM
 *       (stamps each message)         (one long transform task each)       (latency, exactly-once check)
 *                          parent: one live progress line from the shared counters
 * </pre>
 *
 * <p>Every message carries its id and the producer's {@code System.nanoTime()} (one monotonic clock for all
 * processes of a host); the aggregator records the end-to-end latency in an HdrHistogram, checks that every id
 * arrived exactly once, and publishes the summary through a shared array that the parent prints.
 *
 * <pre>java -jar demos/target/shmproc-demos.jar [run flagship [MESSAGES [WORKERS]]]</pre>
 */
public final class FlagshipDemo {
    private static final int MESSAGE = 24;
    private static final long POISON = -1;
    private static final int PRODUCED = 0;
    private static final int TRANSFORMED = 1;
    private static final int AGGREGATED = 2;
    private static final int DONE = 3;
    private static final int SUMMARY = 4;
    private static final String[] SUMMARY_FIELDS = {"received", "missing", "duplicates", "p50_ns", "p90_ns",
        "p99_ns", "p999_ns", "max_ns", "elapsed_ns", "checksum"};

    private FlagshipDemo() {
    }

    /**
     * Runs the pipeline.
     *
     * @param args optional message count (default 200,000) and worker count (default 2)
     * @throws Exception when the pipeline fails
     */
    public static void main(final String[] args) throws Exception {
        final int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        final int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        System.out.printf("shmproc flagship: %,d messages, producer JVM -> %d worker JVMs -> aggregator JVM%n",
            messages, workers);
        try (Shmproc mp = Shmproc.open()) {
            final QueueOptions bounded = QueueOptions.defaults().codec(Codecs.bytes()).maxItems(512);
            final SharedQueue<byte[]> input = mp.queue("input", bounded);
            final SharedQueue<byte[]> results = mp.queue("results", bounded);
            final SharedLongArray stats = mp.sharedLongArray("stats", SUMMARY + SUMMARY_FIELDS.length);
            System.out.println("context " + mp.directory());

            final ProcessPool pool = mp.pool(PoolOptions.defaults().processes(workers));
            final List<ShmProcess> processes = new ArrayList<>();
            processes.add(mp.process(() -> aggregate(results, stats, messages, workers)).name("aggregator").start());
            final List<AsyncResult<Long>> transformers = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                transformers.add(pool.applyAsync(() -> transform(input, results, stats)));
            }
            processes.add(mp.process(() -> produce(input, stats, messages, workers)).name("producer").start());

            final long[] last = {System.nanoTime(), 0};
            while (stats.get(DONE) == 0 && processes.stream().anyMatch(ShmProcess::isAlive)) {
                Thread.sleep(250);
                progress(stats, input, pool, messages, last);
            }
            progress(stats, input, pool, messages, last);
            System.out.println();
            for (final ShmProcess process : processes) {
                process.join(Duration.ofSeconds(30));
                if (process.exitCode().orElse(-999) != 0) {
                    throw new IllegalStateException(process + " failed");
                }
            }
            final List<Long> workerPids = pool.workerPids();
            long transformed = 0;
            for (final AsyncResult<Long> transformer : transformers) {
                transformed += transformer.get(30, TimeUnit.SECONDS);
            }
            pool.close();
            System.out.printf("pool workers %s transformed %,d messages%n", workerPids, transformed);
            printSummary(stats, messages);
        }
    }

    /** Prints the progress line; {@code last} holds the time and count of the previous line. */
    private static void progress(final SharedLongArray stats, final SharedQueue<byte[]> input,
                                 final ProcessPool pool, final int messages, final long[] last) {
        final long now = System.nanoTime();
        final long done = stats.get(AGGREGATED);
        final double rate = (done - last[1]) / Math.max((now - last[0]) / 1e9, 1e-3);
        last[0] = now;
        last[1] = done;
        final long alive = pool.workerPids().stream().filter(pid -> ProcessHandle.of(pid)
            .map(ProcessHandle::isAlive).orElse(false)).count();
        System.out.printf(Locale.ROOT, "\r  %,9d / %,d done  %,10.0f msgs/s  backlog %4d  workers alive %d/%d   ",
            done, messages, rate, input.size(), alive, pool.processes());
    }

    private static void printSummary(final SharedLongArray stats, final int messages) {
        final long[] s = new long[SUMMARY_FIELDS.length];
        stats.copyTo(SUMMARY, s, 0, s.length);
        final double seconds = s[8] / 1e9;
        System.out.printf(Locale.ROOT, "summary: %,d of %,d messages received exactly once (missing %d, duplicates"
            + " %d) in %.2f s = %,.0f msgs/s end to end%n", s[0], messages, s[1], s[2], seconds, s[0] / seconds);
        System.out.printf(Locale.ROOT, "latency producer -> aggregator: p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
            micros(s[3]), micros(s[4]), micros(s[5]), micros(s[6]), micros(s[7]));
        if (s[1] != 0 || s[2] != 0 || s[0] != messages) {
            throw new IllegalStateException("the pipeline lost or duplicated messages");
        }
    }

    private static String micros(final long nanos) {
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1000.0);
    }

    static void produce(final SharedQueue<byte[]> input, final SharedLongArray stats, final int messages,
                        final int workers) {
        try {
            for (long id = 0; id < messages; id++) {
                input.put(message(id, System.nanoTime(), id * 31));
                stats.incrementAndGet(PRODUCED);
            }
            for (int w = 0; w < workers; w++) {
                input.put(message(POISON, 0, 0));
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A pool task: transforms messages until the poison pill; returns how many it transformed. */
    static long transform(final SharedQueue<byte[]> input, final SharedQueue<byte[]> results,
                      final SharedLongArray stats) throws InterruptedException {
        long count = 0;
        while (true) {
            final ByteBuffer in = ByteBuffer.wrap(input.take());
            final long id = in.getLong(0);
            if (id == POISON) {
                results.put(message(POISON, 0, 0));
                return count;
            }
            count++;
            long value = in.getLong(16);
            for (int round = 0; round < 64; round++) {
                value = Long.rotateLeft(value * 0x9E3779B97F4A7C15L, 17) ^ id;
            }
            results.put(message(id, in.getLong(8), value));
            stats.incrementAndGet(TRANSFORMED);
        }
    }

    static void aggregate(final SharedQueue<byte[]> results, final SharedLongArray stats, final int messages,
                          final int workers) {
        final Histogram latency = new Histogram(3_600_000_000_000L, 3);
        final BitSet seen = new BitSet(messages);
        long received = 0;
        long duplicates = 0;
        long checksum = 0;
        long first = 0;
        int poisons = 0;
        try {
            while (poisons < workers) {
                final ByteBuffer in = ByteBuffer.wrap(results.take());
                final long id = in.getLong(0);
                if (id == POISON) {
                    poisons++;
                    continue;
                }
                final long now = System.nanoTime();
                if (first == 0) {
                    first = in.getLong(8);
                }
                latency.recordValue(Math.max(0, now - in.getLong(8)));
                if (seen.get((int) id)) {
                    duplicates++;
                } else {
                    seen.set((int) id);
                    received++;
                }
                checksum += in.getLong(16);
                stats.incrementAndGet(AGGREGATED);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        final long[] summary = {received, messages - seen.cardinality(), duplicates,
            latency.getValueAtPercentile(50), latency.getValueAtPercentile(90), latency.getValueAtPercentile(99),
            latency.getValueAtPercentile(99.9), latency.getMaxValue(), System.nanoTime() - first, checksum};
        stats.copyFrom(summary, 0, SUMMARY, summary.length);
        stats.set(DONE, 1);
    }

    private static byte[] message(final long id, final long sentNanos, final long value) {
        return ByteBuffer.allocate(MESSAGE).putLong(id).putLong(sentNanos).putLong(value).array();
    }
}
