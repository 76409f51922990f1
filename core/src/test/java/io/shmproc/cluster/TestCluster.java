package io.shmproc.cluster;

import io.shmproc.memory.SharedDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts 1 or 3 cluster members as child JVMs for a test, each with fresh directories under {@code /dev/shm}, and
 * removes every process and directory at {@link #close()}.
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.start(1);
 *      ClusterClient client = cluster.connect()) {
 *     client.wordGetAndAdd("hits", 0, 1);
 * }
 * }</pre>
 */
public final class TestCluster implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    private final Path root;
    private final String endpoints;
    private final byte[] key;
    private final Member[] members;
    private final NetworkNamespace namespace;

    private TestCluster(final Path root, final String endpoints, final byte[] key, final int count,
                        final NetworkNamespace namespace) {
        this.root = root;
        this.endpoints = endpoints;
        this.key = key;
        this.members = new Member[count];
        this.namespace = namespace;
    }

    /**
     * Starts {@code count} members and waits until one is leader.
     *
     * @param count 1 or 3
     * @return the running cluster
     */
    public static TestCluster start(final int count) {
        return start(count, null);
    }

    /**
     * Starts three members, member 2 inside {@code namespace} and the others on its host side, and waits until
     * one is leader.
     *
     * @param namespace the network namespace of member 2
     * @return the running cluster
     */
    static TestCluster start(final NetworkNamespace namespace) {
        return start(3, namespace);
    }

    private static TestCluster start(final int count, final NetworkNamespace namespace) {
        final Path root = Path.of("/dev/shm", "shmproc-test-cluster-" + ProcessHandle.current().pid() + "-"
            + CLUSTERS.incrementAndGet());
        final byte[] raw = new byte[16];
        new SecureRandom().nextBytes(raw);
        final byte[] key = HexFormat.of().formatHex(raw).getBytes(StandardCharsets.UTF_8);
        final int base = freeBasePort(count);
        final TestCluster cluster = new TestCluster(root, namespace == null ? endpoints(base, count)
            : namespace.hostAddress() + ":" + base + "," + namespace.hostAddress() + ":" + (base + 10) + ","
            + namespace.namespaceAddress() + ":" + (base + 20), key, count, namespace);
        final long startNanos = System.nanoTime();
        try {
            Files.createDirectories(root);
            for (int i = 0; i < count; i++) {
                cluster.startMember(i);
            }
            for (int i = 0; i < count; i++) {
                cluster.members[i].await(" ready", START_TIMEOUT);
            }
            final int leader = cluster.awaitLeader(START_TIMEOUT);
            System.out.println("test cluster of " + count + ": member " + leader + " leader "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) + " ms after starting the JVMs");
        } catch (final IOException | RuntimeException ex) {
            cluster.close();
            throw new IllegalStateException("the test cluster did not start: " + ex, ex);
        }
        return cluster;
    }

    private static String endpoints(final int base, final int count) {
        final StringBuilder builder = new StringBuilder();
        for (int i = 0; i < count; i++) {
            builder.append(i == 0 ? "" : ",").append("localhost:").append(base + 10 * i);
        }
        return builder.toString();
    }

    /** A base port whose members' 5-port ranges are all free for UDP on loopback. */
    private static int freeBasePort(final int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            final int base = 20000 + 10 * ThreadLocalRandom.current().nextInt(3000);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no free UDP port range found");
    }

    private static boolean allFree(final int base, final int count) {
        final List<DatagramSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < MemberEndpoints.PORTS_PER_MEMBER; p++) {
                    sockets.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        base + 10 * i + p)));
                }
            }
            return true;
        } catch (final IOException ex) {
            return false;
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
    }

    /**
     * The members' client endpoints, as {@code host:port,...}.
     *
     * @return them
     */
    public String endpoints() {
        return endpoints;
    }

    /**
     * The address {@code Shmproc.connect} takes.
     *
     * @return {@code aeron-cluster://} and the endpoints
     */
    public String address() {
        return AeronClusterBackend.SCHEME + "://" + endpoints;
    }

    /**
     * The members' shared key.
     *
     * @return a copy
     */
    public byte[] key() {
        return key.clone();
    }

    Path root() {
        return root;
    }

    ClusterClientOptions clientOptions() {
        return new ClusterClientOptions().members(endpoints).key(key).connectTimeout(Duration.ofSeconds(15));
    }

    ClusterClient connect() {
        return ClusterClient.connect(clientOptions());
    }

    /** Starts (or restarts, on its directory) member {@code id}. */
    void startMember(final int id) {
        final List<String> command = new ArrayList<>(namespace != null && id == 2 ? namespace.exec() : List.of());
        command.addAll(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            ClusterMember.class.getName(),
            "--id", Integer.toString(id),
            "--members", endpoints,
            "--dir", root.resolve("m" + id).toString(),
            "--driver-dir", root.resolve("d" + id).toString()));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(ClusterMemberOptions.KEY_ENVIRONMENT_VARIABLE,
            new String(key, StandardCharsets.UTF_8));
        try {
            members[id] = new Member(id, builder.start());
        } catch (final IOException ex) {
            throw new IllegalStateException("cannot start member " + id + ": " + ex, ex);
        }
    }

    /** Waits until member {@code id} printed its ready line. */
    void awaitReady(final int id, final Duration timeout) {
        members[id].await(" ready", timeout);
    }

    /**
     * Waits for a leader line printed after this call's previous count of leader lines.
     *
     * @return the id of the member that became leader most recently
     */
    int awaitLeader(final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (final Member member : members) {
                if (member != null && member.isAlive() && member.isLeader()) {
                    return member.id;
                }
            }
            sleep(20);
        }
        throw new IllegalStateException("no leader within " + timeout);
    }

    /** Asks member {@code id} to have the cluster take a snapshot, and waits until the request was placed. */
    void snapshot(final int id) {
        final Member member = members[id];
        final int before = member.count(" snapshot requested");
        try {
            member.process.getOutputStream().write("snapshot\n".getBytes(StandardCharsets.UTF_8));
            member.process.getOutputStream().flush();
        } catch (final IOException ex) {
            throw new IllegalStateException("cannot write to member " + id, ex);
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (member.count(" snapshot requested") == before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("member " + id + " did not place the snapshot request");
            }
            sleep(20);
        }
    }

    /** Restarts member {@code id} on its directories and waits for its ready line. */
    void restart(final int id) {
        startMember(id);
        awaitReady(id, START_TIMEOUT);
    }

    /** SIGKILLs member {@code id} and waits until it is gone. */
    void kill(final int id) {
        final Member member = members[id];
        member.process.destroyForcibly();
        try {
            member.process.waitFor(10, TimeUnit.SECONDS);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        member.leader = false;
    }

    /** The pid of member {@code id}. */
    long pid(final int id) {
        return members[id].process.pid();
    }

    /** Stops member {@code id} cleanly (end of its standard input), then forcibly after a while. */
    void stop(final int id) {
        final Member member = members[id];
        if (member == null) {
            return;
        }
        try {
            member.process.getOutputStream().close();
        } catch (final IOException ex) {
            // already gone
        }
        try {
            if (!member.process.waitFor(15, TimeUnit.SECONDS)) {
                member.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            member.process.destroyForcibly();
        }
        member.leader = false;
    }

    @Override
    public void close() {
        for (int i = 0; i < members.length; i++) {
            stop(i);
        }
        SharedDirectory.deleteTree(root);
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    /** One child JVM and the lines it printed. */
    private static final class Member {
        final int id;
        final Process process;
        final List<String> lines = new ArrayList<>();
        volatile boolean leader;

        Member(final int id, final Process process) {
            this.id = id;
            this.process = process;
            final Thread reader = new Thread(this::read, "test-cluster-member-" + id);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println("[member " + id + "] " + line);
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.endsWith(" leader")) {
                        leader = true;
                    }
                }
            } catch (final IOException ex) {
                // the process ended
            }
        }

        int count(final String suffix) {
            synchronized (lines) {
                return (int) lines.stream().filter(line -> line.endsWith(suffix)).count();
            }
        }

        boolean isAlive() {
            return process.isAlive();
        }

        boolean isLeader() {
            return leader;
        }

        void await(final String suffix, final Duration timeout) {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (lines) {
                    for (final String line : lines) {
                        if (line.endsWith(suffix)) {
                            return;
                        }
                    }
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("member " + id + " exited with " + process.exitValue()
                        + " before printing '" + suffix.trim() + "'");
                }
                sleep(20);
            }
            throw new IllegalStateException("member " + id + " did not print '" + suffix.trim() + "' within "
                + timeout);
        }
    }
}
