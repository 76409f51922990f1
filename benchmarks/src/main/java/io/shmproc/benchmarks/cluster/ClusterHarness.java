package io.shmproc.benchmarks.cluster;

import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.codec.Codecs;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.queue.SharedQueue;
import io.shmproc.state.DictOptions;
import io.shmproc.state.SharedDict;
import io.shmproc.state.SharedLong;
import io.shmproc.sync.Lock;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * shmproc's cluster backend in the cluster scenarios: one, then three {@code io.shmproc.cluster.ClusterMember} JVMs
 * on 127.0.0.1 (each {@code -Xmx128m -XX:+UseSerialGC}), and this JVM as the client through
 * {@code Shmproc.connect("aeron-cluster://...")}, running {@link RemoteOpBench}. Impl {@code shmproc} is the
 * one-member cluster, {@code shmproc-3m} the three-member one (every command replicated to a majority before it
 * is applied).
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.shmproc.benchmarks.cluster.ClusterHarness [--quick] [--members 1,3]
 * </pre>
 * The member directories live under {@code /dev/shm/shmproc-bench-cluster-*} and are removed at the end.
 */
public final class ClusterHarness {
    private static final int PORTS_PER_MEMBER = 5;
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
        final Path root = Files.createTempDirectory(SharedDirectory.defaultBase(), "shmproc-bench-cluster-");
        final String key = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        final String members = endpoints(freeBasePort(count), count);
        final List<ChildJvm> started = new ArrayList<>();
        try {
            final long begin = System.nanoTime();
            for (int id = 0; id < count; id++) {
                final List<String> jvm = new ArrayList<>(ChildJvm.SMALL_JVM);
                jvm.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
                started.add(ChildJvm.start("member-" + id, jvm, "io.shmproc.cluster.ClusterMember",
                    List.of("--id", Integer.toString(id), "--members", members,
                        "--dir", root.resolve("member-" + id).toString(),
                        "--driver-dir", root.resolve("driver-" + id).toString()),
                    Map.of("SHMPROC_CLUSTER_KEY", key), "leader"));
            }
            if (!waitForLeader(started)) {
                System.out.println("no figure for " + impl + ": no leader within " + START_SECONDS + " s");
                return;
            }
            System.out.printf("%s: %d member(s) on %s, leader after %d ms%n", impl, count, members,
                (System.nanoTime() - begin) / 1_000_000);
            try (ShmprocPeer peer = new ShmprocPeer(Shmproc.connect("aeron-cluster://" + members,
                ConnectOptions.withKey(key)))) {
                RemoteOpBench.run(impl, peer, counts);
            }
        } finally {
            for (final ChildJvm member : started) {
                member.close();
            }
            SharedDirectory.deleteTree(root);
        }
    }

    private static boolean waitForLeader(final List<ChildJvm> started) throws InterruptedException {
        final long deadline = System.nanoTime() + START_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (final ChildJvm member : started) {
                if (member.awaitReady(0)) {
                    return true;
                }
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static String endpoints(final int base, final int count) {
        final StringBuilder out = new StringBuilder();
        for (int id = 0; id < count; id++) {
            out.append(id == 0 ? "" : ",").append("127.0.0.1:").append(base + id * PORTS_PER_MEMBER);
        }
        return out.toString();
    }

    private static int freeBasePort(final int count) throws IOException {
        final SecureRandom random = new SecureRandom();
        for (int attempt = 0; attempt < 50; attempt++) {
            final int base = 20_000 + random.nextInt(20_000);
            if (allFree(base, count * PORTS_PER_MEMBER)) {
                return base;
            }
        }
        throw new IOException("found no free block of UDP ports for the members");
    }

    private static boolean allFree(final int base, final int ports) {
        final List<DatagramSocket> sockets = new ArrayList<>();
        try {
            for (int port = base; port < base + ports; port++) {
                sockets.add(new DatagramSocket(port, InetAddress.getLoopbackAddress()));
            }
            return true;
        } catch (final IOException e) {
            return false;
        } finally {
            sockets.forEach(DatagramSocket::close);
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
