package io.shmproc.demos.cluster;

import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.cluster.ClusterWorker;
import io.shmproc.cluster.LocalCluster;
import io.shmproc.cluster.NetworkNamespace;
import io.shmproc.pool.MapOptions;
import io.shmproc.pool.PoolIterator;
import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import io.shmproc.pool.SerializableFunction;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The flagship pipeline across two hosts: a producer feeds a pool whose workers run on both hosts, an aggregator
 * checks that every message came back exactly once and measures the latency, with a live progress line.
 *
 * <pre>
 *  host A (this host's namespace)                          host B (network namespace, veth pair)
 *    members 0, 1 of the cluster                              member 2 of the cluster
 *    this JVM: producer -> pool.imapUnordered -> aggregator   "worker" command: 2 worker JVMs
 *              pool worker JVM x1                  &lt;--- batches of messages over cluster pipes (UDP) ---&gt;
 * </pre>
 *
 * <p>The demo makes host B as a Linux network namespace joined by a veth pair when it runs as root; otherwise
 * both "hosts" are this machine's loopback, and it says so. Messages travel in batches of {@value #BATCH}, one
 * pool task per batch; each carries its id and the producer's {@code System.nanoTime()} (both namespaces share
 * this machine's monotonic clock; across real hosts the latency would need synchronised clocks).
 *
 * <pre>java -jar demos/target/shmproc-demos.jar run flagship-hosts [MESSAGES]</pre>
 */
public final class TwoHostFlagshipDemo {
    private static final int MESSAGE = 24;
    private static final int BATCH = 500;
    private static final String POOL = "flagship";
    private static final int REMOTE_WORKERS = 2;

    private TwoHostFlagshipDemo() {
    }

    /**
     * Runs the pipeline across two hosts.
     *
     * @param args optional message count (default 200,000)
     * @throws Exception when the pipeline fails
     */
    public static void main(final String[] args) throws Exception {
        final int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        final NetworkNamespace ns = NetworkNamespace.usable() ? NetworkNamespace.create() : null;
        try {
            final String hostA = ns != null ? ns.hostAddress() : "127.0.0.1";
            final String hostB = ns != null ? ns.namespaceAddress() : "127.0.0.1";
            final List<String> onB = ns != null ? ns.exec() : List.of();
            if (ns == null) {
                System.out.println("note: not root (or no 'ip'), so host B cannot be a network namespace: both hosts"
                    + " run on this machine's loopback; run as root to put host B behind a veth pair");
            }
            System.out.printf("shmproc flagship across hosts: %,d messages; host A %s, host B %s%n", messages,
                hostA, hostB);
            run(messages, hostA, hostB, onB);
        } finally {
            if (ns != null) {
                ns.close();
            }
        }
    }

    private static void run(final int messages, final String hostA, final String hostB, final List<String> onB)
        throws Exception {
        final long begin = System.nanoTime();
        try (LocalCluster cluster = LocalCluster.start(new LocalCluster.Options().members(3)
            .hosts(List.of(hostA, hostA, hostB)).commandPrefixes(List.of(List.of(), List.of(), onB)));
             Shmproc mp = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()))) {
            System.out.printf("cluster %s: leader elected after %d ms%n", cluster.endpoints(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            final Process workers = startWorkers(onB, cluster);
            try (ProcessPool pool = mp.pool(PoolOptions.defaults().processes(1).name(POOL))) {
                awaitWorkers(pool, 1 + REMOTE_WORKERS);
                System.out.printf("pool '%s': 1 worker on host A, %d on host B (worker pids %s), after %d ms%n", POOL,
                    REMOTE_WORKERS, pool.workerPids(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
                aggregate(pool, messages);
            } finally {
                workers.getOutputStream().close(); // end of input stops the worker command and its workers
                if (!workers.waitFor(20, TimeUnit.SECONDS)) {
                    workers.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** The {@code worker} command on host B, with this JVM's class path (the tasks' classes are in it). */
    private static Process startWorkers(final List<String> onB, final LocalCluster cluster) throws Exception {
        final List<String> command = new java.util.ArrayList<>(onB);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
            "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ClusterWorker.class.getName(),
            "--connect", cluster.address(), "--pool", POOL, "--processes", Integer.toString(REMOTE_WORKERS)));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put(io.shmproc.cluster.ClusterMemberOptions.KEY_ENVIRONMENT_VARIABLE, cluster.key());
        return builder.start();
    }

    private static void awaitWorkers(final ProcessPool pool, final int count) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (pool.workerPids().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + pool.workerPids().size() + " of " + count
                    + " workers joined the pool within 90 s");
            }
            Thread.sleep(50);
        }
    }

    /** Feeds the batches through the pool and checks what comes back: the producer and the aggregator. */
    private static void aggregate(final ProcessPool pool, final int messages) {
        final Histogram latency = new Histogram(3_600_000_000_000L, 3);
        final BitSet seen = new BitSet(messages);
        final Map<Long, Integer> batchesByWorker = new TreeMap<>();
        long received = 0;
        long duplicates = 0;
        final long start = System.nanoTime();
        long lastPrint = start;
        final SerializableFunction<byte[], byte[]> transform = TwoHostFlagshipDemo::transform;
        try (PoolIterator<byte[]> results = pool.imapUnordered(transform, () -> produce(messages),
            MapOptions.defaults().chunksize(1))) {
            while (results.hasNext()) {
                final ByteBuffer batch = ByteBuffer.wrap(results.next());
                final long now = System.nanoTime();
                batchesByWorker.merge(batch.getLong(0), 1, Integer::sum);
                for (int at = Long.BYTES; at < batch.capacity(); at += MESSAGE) {
                    final int id = (int) batch.getLong(at);
                    latency.recordValue(Math.max(0, now - batch.getLong(at + Long.BYTES)));
                    if (seen.get(id)) {
                        duplicates++;
                    } else {
                        seen.set(id);
                        received++;
                    }
                }
                if (now - lastPrint > 250_000_000L) {
                    lastPrint = now;
                    System.out.printf(Locale.ROOT, "\r  %,9d / %,d done  %,10.0f msgs/s  workers %d   ", received,
                        messages, received / ((now - start) / 1e9), pool.workerPids().size());
                }
            }
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "\r  %,9d / %,d done  %,10.0f msgs/s  workers %d   %n", received, messages,
            received / seconds, pool.workerPids().size());
        System.out.println("batches of " + BATCH + " per worker pid: " + batchesByWorker);
        final long missing = messages - seen.cardinality();
        System.out.printf(Locale.ROOT, "summary: %,d of %,d messages received exactly once (missing %d, duplicates"
            + " %d) in %.2f s = %,.0f msgs/s end to end, across 2 hosts%n", received, messages, missing, duplicates,
            seconds, received / seconds);
        System.out.printf(Locale.ROOT, "latency producer -> aggregator (batches of %d): p50 %.1f ms  p99 %.1f ms"
            + "  max %.1f ms%n", BATCH, latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6,
            latency.getMaxValue() / 1e6);
        if (missing != 0 || duplicates != 0 || received != messages) {
            throw new IllegalStateException("the pipeline lost or duplicated messages");
        }
    }

    /** The producer: batches of stamped messages, made as the pool asks for them. */
    private static Iterator<byte[]> produce(final int messages) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < messages;
            }

            @Override
            public byte[] next() {
                final int count = Math.min(BATCH, messages - next);
                final ByteBuffer batch = ByteBuffer.allocate(count * MESSAGE);
                for (int i = 0; i < count; i++, next++) {
                    batch.putLong(next).putLong(System.nanoTime()).putLong(next * 31L);
                }
                return batch.array();
            }
        };
    }

    /** A pool task: transforms one batch; the result starts with the worker's pid. */
    static byte[] transform(final byte[] batch) {
        final ByteBuffer in = ByteBuffer.wrap(batch);
        final ByteBuffer out = ByteBuffer.allocate(Long.BYTES + batch.length);
        out.putLong(ProcessHandle.current().pid());
        for (int at = 0; at < batch.length; at += MESSAGE) {
            final long id = in.getLong(at);
            long value = in.getLong(at + 2 * Long.BYTES);
            for (int round = 0; round < 64; round++) {
                value = Long.rotateLeft(value * 0x9E3779B97F4A7C15L, 17) ^ id;
            }
            out.putLong(id).putLong(in.getLong(at + Long.BYTES)).putLong(value);
        }
        return out.array();
    }
}
