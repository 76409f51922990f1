package io.shmproc.benchmarks.cluster;

import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.cluster.LocalCluster;
import io.shmproc.codec.Codecs;
import io.shmproc.queue.SharedQueue;
import io.shmproc.state.DictOptions;
import io.shmproc.state.SharedDict;
import io.shmproc.state.SharedLong;
import io.shmproc.sync.Lock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * shmproc's cluster backend in the cluster scenarios: one, then three {@code io.shmproc.cluster.ClusterMember} JVMs
 * on 127.0.0.1 started by {@link LocalCluster} (each {@code -Xmx128m -XX:+UseSerialGC}), and this JVM as the client through
 * {@code Shmproc.connect("aeron-cluster://...")}, running {@link RemoteOpBench}. Impl {@code shmproc} is the
 * one-member cluster, {@code shmproc-3m} the three-member one (every command replicated to a majority before it
 * is applied).
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.shmproc.benchmarks.cluster.ClusterHarness [--quick] [--members 1,3]
 * </pre>
 * The member directories live under {@code /dev/shm/shmproc-cluster-*} and are removed at the end.
 */
public final class ClusterHarness {
    private static final long START_SECONDS = 90;

    private ClusterHarness() {
    }

    /**
     * Entry point.
     *
     * @param args {@code [--quick] [--members 1,3]}
     * @throws Exception when a cluster does not start
     */
    public static void main(final String[] args) throws Exception {
        final RemoteOpBench.Counts counts = RemoteOpBench.Counts.of(args);
        final List<Integer> sizes = new ArrayList<>(List.of(1, 3));
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--members")) {
                sizes.clear();
                for (final String n : args[i + 1].split(",")) {
                    sizes.add(Integer.parseInt(n));
                }
            }
        }
        for (final int members : sizes) {
            measure(members, counts);
        }
    }

    private static void measure(final int count, final RemoteOpBench.Counts counts) throws Exception {
        final String impl = count == 1 ? "shmproc" : "shmproc-" + count + "m";
        final long begin = System.nanoTime();
        final LocalCluster.Options options = new LocalCluster.Options().members(count)
            .startTimeout(Duration.ofSeconds(START_SECONDS)).output(line -> System.out.println("  " + line));
        final LocalCluster cluster;
        try {
            cluster = LocalCluster.start(options);
        } catch (final IllegalStateException e) {
            System.out.println("no figure for " + impl + ": " + e.getMessage());
            return;
        }
        try (cluster) {
            System.out.printf("%s: %d member(s) on %s, leader after %d ms%n", impl, count, cluster.endpoints(),
                (System.nanoTime() - begin) / 1_000_000);
            try (ShmprocPeer peer = new ShmprocPeer(Shmproc.connect(cluster.address(),
                ConnectOptions.withKey(cluster.key())))) {
                RemoteOpBench.run(impl, peer, counts);
            }
        }
    }

    /** The shmproc cluster context as a {@link RemotePeer}. */
    private static final class ShmprocPeer implements RemotePeer {
        private final Shmproc mp;
        private final SharedQueue<Long> queue;
        private final SharedDict<Long, Long> dict;
        private final SharedLong counter;

        ShmprocPeer(final Shmproc mp) {
            this.mp = mp;
            this.queue = mp.queue("bench-queue");
            this.dict = mp.dict("bench-dict", DictOptions.of(Codecs.longs(), Codecs.longs()));
            this.counter = mp.sharedLong("bench-counter", 0);
        }

        @Override
        public Worker worker(final int thread) {
            final Lock lock = mp.lock("bench-lock-" + thread);
            return new Worker() {
                @Override
                public long queuePutTake(final long value) throws InterruptedException {
                    queue.put(value);
                    return queue.take();
                }

                @Override
                public long dictGet(final long key) {
                    return dict.get(key);
                }

                @Override
                public void dictPut(final long key, final long value) {
                    dict.put(key, value);
                }

                @Override
                public long counterIncrement() {
                    return counter.incrementAndGet();
                }

                @Override
                public void lockAcquireRelease() {
                    lock.lock();
                    lock.unlock();
                }
            };
        }

        @Override
        public void close() {
            mp.close();
        }
    }
}
