package io.shmproc.benchmarks.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.collection.IQueue;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hazelcast 5.7 community edition in the cluster scenarios: one member in a child JVM ({@code -Xmx256m
 * -XX:+UseSerialGC}, TCP-IP join on 127.0.0.1 only, no multicast, phone-home off, 11 partitions) and a
 * {@code HazelcastClient} in this JVM running {@link RemoteOpBench}.
 *
 * <p>The community edition has no CP subsystem ({@code IAtomicLong} and {@code FencedLock} throw
 * {@code UnsupportedOperationException}), so the counter is an {@code IMap.executeOnKey} entry processor that adds
 * one on the member (atomic per key), and the lock is {@code IMap.lock(key)} / {@code unlock(key)}, one key per
 * thread. The queue is an {@code IQueue} ({@code put}, {@code take}), the dict an {@code IMap<Long, Long>}.
 *
 * <pre>
 * java --add-modules=java.se --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED \
 *     --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
 *     --add-opens=java.management/sun.management=ALL-UNNAMED \
 *     --add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED \
 *     -cp benchmarks/target/benchmarks.jar io.shmproc.benchmarks.cluster.HazelcastHarness [--quick]
 * </pre>
 */
public final class HazelcastHarness {
    /** The module flags Hazelcast 5.7 asks for on Java 17 (without them it warns and takes slower paths). */
    public static final List<String> FLAGS = List.of("--add-modules", "java.se",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
    private static final String CLUSTER_NAME = "shmproc-bench";
    private static final String IMPL = "hazelcast";

    private HazelcastHarness() {
    }

    /**
     * Entry point: the harness, or with {@code member PORT} the member JVM (it stops at end of standard input).
     *
     * @param args {@code [--quick]} or {@code member PORT}
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("member")) {
            member(Integer.parseInt(args[1]));
            return;
        }
        final RemoteOpBench.Counts counts = RemoteOpBench.Counts.of(args);
        final int port = freeTcpPort();
        final List<String> jvm = new ArrayList<>(FLAGS);
        jvm.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:-UsePerfData"));
        final long begin = System.nanoTime();
        try (ChildJvm member = ChildJvm.start("hazelcast-member", jvm, HazelcastHarness.class.getName(),
            List.of("member", Integer.toString(port)), Map.of(), "hazelcast member ready")) {
            if (!member.awaitReady(120)) {
                System.out.println("no figure for " + IMPL + ": the member did not start within 120 s");
                return;
            }
            System.out.printf("%s: one member on 127.0.0.1:%d, up after %d ms%n", IMPL, port,
                (System.nanoTime() - begin) / 1_000_000);
            final HazelcastInstance client = client(port);
            try (HazelcastPeer peer = new HazelcastPeer(client)) {
                RemoteOpBench.run(IMPL, peer, counts);
            }
        }
    }

    private static void member(final int port) throws IOException {
        runMember(memberConfig(port));
    }

    /**
     * A client of the member on {@code 127.0.0.1:port}, logging off.
     *
     * @param port the member's port
     * @return the connected client
     */
    static HazelcastInstance client(final int port) {
        final ClientConfig config = new ClientConfig();
        config.setClusterName(CLUSTER_NAME);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.client.statistics.enabled", "false");
        config.getNetworkConfig().addAddress("127.0.0.1:" + port);
        return HazelcastClient.newHazelcastClient(config);
    }

    /**
     * The benchmark member's configuration: TCP-IP join on {@code 127.0.0.1:port} only, no multicast, no phone-home,
     * 11 partitions, logging off.
     *
     * @param port its port
     * @return the configuration, to adjust before {@link #runMember}
     */
    static Config memberConfig(final int port) {
        final Config config = new Config();
        config.setClusterName(CLUSTER_NAME);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.partition.count", "11");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.socket.bind.any", "false");
        final NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        final JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
        return config;
    }

    /**
     * Runs a member in this JVM: prints {@code hazelcast member ready}, then stops at end of standard input.
     *
     * @param config its configuration
     * @throws IOException when standard input fails
     */
    static void runMember(final Config config) throws IOException {
        final HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
        System.out.println("hazelcast member ready");
        System.out.flush();
        final InputStream in = System.in;
        while (in.read() >= 0) {
            continue;
        }
        instance.shutdown();
    }

    /**
     * A free TCP port on loopback.
     *
     * @return the port
     * @throws IOException when none can be bound
     */
    static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Adds one to a {@code Long} entry on the member that owns it (absent counts as 0); returns the new value. */
    static final class Increment implements EntryProcessor<String, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long process(final Map.Entry<String, Long> entry) {
            final long next = (entry.getValue() == null ? 0 : entry.getValue()) + 1;
            entry.setValue(next);
            return next;
        }
    }

    /** A Hazelcast client as a {@link RemotePeer}. */
    private static final class HazelcastPeer implements RemotePeer {
        private final HazelcastInstance client;
        private final IQueue<Long> queue;
        private final IMap<Long, Long> dict;
        private final IMap<String, Long> counters;
        private final IMap<String, Long> locks;

        HazelcastPeer(final HazelcastInstance client) {
            this.client = client;
            this.queue = client.getQueue("bench-queue");
            this.dict = client.getMap("bench-dict");
            this.counters = client.getMap("bench-counters");
            this.locks = client.getMap("bench-locks");
        }

        @Override
        public Worker worker(final int thread) {
            final String lockKey = "bench-lock-" + thread;
            final Increment increment = new Increment();
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
                    return counters.executeOnKey("counter", increment);
                }

                @Override
                public void lockAcquireRelease() {
                    locks.lock(lockKey);
                    locks.unlock(lockKey);
                }
            };
        }

        @Override
        public void close() {
            client.shutdown();
        }
    }
}
