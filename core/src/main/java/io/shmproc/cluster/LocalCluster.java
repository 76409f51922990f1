package io.shmproc.cluster;

import io.shmproc.memory.SharedDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A development and test cluster on this machine: 1 or 3 (any number of) {@link ClusterMember}s, each a child JVM
 * of this one, with free UDP ports on loopback, a fresh random key, and fresh directories under {@code /dev/shm}
 * (or the temp directory where there is none). {@link #close()} stops every member it started and removes every
 * directory. Members run with the back-off idle strategies that keep a small machine usable.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(3);
 *      Shmproc mp = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()))) {
 *     SharedQueue<String> q = mp.queue("jobs");
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Not for production.</b> Members are children of this JVM and stop with it (at the end of their standard
 * input, which this JVM holds); for a cluster that outlives its clients run {@code ClusterMember}'s command on each
 * host ({@code docs/guide/beyond-one-machine.md}).
 *
 * <p><b>Across processes and hosts.</b> The members listen on 127.0.0.1 unless {@link Options#hosts(List)} says
 * otherwise; any process of this machine that has {@link #address()} and {@link #key()} can connect.
 *
 * <p><b>Under crashes.</b> When this JVM is SIGKILLed its members see the end of their standard input and stop
 * cleanly; their directory ({@code shmproc-cluster-<creating pid>-<n>}) stays until the next {@code LocalCluster}
 * starts in the same base, which removes it once the creating process and every member it lists have exited.
 */
public final class LocalCluster implements AutoCloseable {
    /** The default wait for members to start and elect a leader. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    /** JVM options of every member unless {@link Options#jvmOptions(List)} says otherwise. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC",
        "-XX:-UsePerfData", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");
    /** Port distance between two members' client endpoints (each uses {@value MemberEndpoints#PORTS_PER_MEMBER}). */
    private static final int PORT_STRIDE = 10;
    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Options options;
    private final Path root;
    private final String endpoints;
    private final String key;
    private final Member[] members;

    private LocalCluster(final Options options, final Path root, final String endpoints, final String key) {
        this.options = options;
        this.root = root;
        this.endpoints = endpoints;
        this.key = key;
        this.members = new Member[options.members];
    }

    /**
     * Starts {@code members} members on 127.0.0.1 and waits until one is leader.
     *
     * @param members how many: 1 for development, 3 to survive one member's loss
     * @return the running cluster
     * @throws IllegalStateException when a member does not start or no leader is elected in time; every member
     *                               started is stopped and the directories are removed
     */
    public static LocalCluster start(final int members) {
        return start(new Options().members(members));
    }

    /**
     * Starts the members the options describe and waits until one is leader.
     *
     * @param options how many members, where, with which JVM options
     * @return the running cluster
     * @throws IllegalArgumentException when the options are inconsistent
     * @throws IllegalStateException    when a member does not start or no leader is elected in time; every member
     *                                  started is stopped and the directories are removed
     */
    public static LocalCluster start(final Options options) {
        options.validate();
        final Path root = options.base.resolve("shmproc-cluster-" + ProcessHandle.current().pid() + "-"
            + CLUSTERS.incrementAndGet());
        final byte[] raw = new byte[16];
        new SecureRandom().nextBytes(raw);
        final int base = freeBasePort(options.members);
        final StringBuilder endpoints = new StringBuilder();
        for (int i = 0; i < options.members; i++) {
            endpoints.append(i == 0 ? "" : ",").append(options.host(i)).append(':').append(base + PORT_STRIDE * i);
        }
        final LocalCluster cluster = new LocalCluster(options, root, endpoints.toString(),
            HexFormat.of().formatHex(raw));
        StaleDriverDirs.reapClusters(options.base);
        try {
            Files.createDirectories(root);
            for (int i = 0; i < options.members; i++) {
                cluster.startMember(i);
            }
            for (int i = 0; i < options.members; i++) {
                cluster.awaitReady(i, options.startTimeout);
            }
            cluster.awaitLeader(options.startTimeout);
        } catch (final IOException | RuntimeException ex) {
            cluster.close();
            throw new IllegalStateException("the local cluster of " + options.members + " did not start: "
                + ex.getMessage(), ex);
        }
        return cluster;
    }

    /**
     * The members' client endpoints.
     *
     * @return {@code host:port,host:port,...}, member 0 first
     */
    public String endpoints() {
        return endpoints;
    }

    /**
     * The address {@code Shmproc.connect} takes.
     *
     * @return {@code aeron-cluster://} followed by {@link #endpoints()}
     */
    public String address() {
        return AeronClusterBackend.SCHEME + "://" + endpoints;
    }

    /**
     * The key the members were started with, for {@code ConnectOptions.withKey}.
     *
     * @return 32 hexadecimal digits
     */
    public String key() {
        return key;
    }

    /**
     * How many members this cluster has (running or not).
     *
     * @return the count given at start
     */
    public int size() {
        return members.length;
    }

    /**
     * The directory that holds every member's log, snapshots and media driver.
     *
     * @return it; removed at {@link #close()}
     */
    public Path directory() {
        return root;
    }

    /**
     * Starts member {@code id} again on its directory, after {@link #kill(int)} or {@link #stop(int)}, and waits
     * for its ready line (not for a leader: see {@link #awaitLeader(Duration)}).
     *
     * @param id the member's index
     * @throws IllegalStateException when it is running or does not start in time
     */
    public void restart(final int id) {
        if (members[id] != null && members[id].process.isAlive()) {
            throw new IllegalStateException("member " + id + " is running; stop or kill it first");
        }
        startMember(id);
        awaitReady(id, options.startTimeout);
    }

    /**
     * Waits until some member reports that it is leader, and returns the one that did most recently among those
     * alive.
     *
     * @param timeout the limit
     * @return that member's index
     * @throws IllegalStateException when none is leader in time
     */
    public int awaitLeader(final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int leader = -1;
            long latest = Long.MIN_VALUE;
            for (final Member member : members) {
                if (member != null && member.process.isAlive() && member.leaderSince > latest) {
                    latest = member.leaderSince;
                    leader = member.id;
                }
            }
            if (leader >= 0) {
                return leader;
            }
            sleep(20);
        }
        throw new IllegalStateException("no member of " + endpoints + " became leader within " + timeout);
    }

    /**
     * Asks the cluster, through member {@code id}, to take a snapshot, and waits until the request was placed.
     *
     * @param id the member's index
     * @throws IllegalStateException when the member does not place it within 10 s
     */
    public void snapshot(final int id) {
        final Member member = members[id];
        final int before = member.count(" snapshot requested");
        try {
            member.process.getOutputStream().write("snapshot\n".getBytes(StandardCharsets.UTF_8));
            member.process.getOutputStream().flush();
        } catch (final IOException ex) {
            throw new IllegalStateException("cannot write to member " + id + ": " + ex.getMessage(), ex);
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (member.count(" snapshot requested") == before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("member " + id + " did not place the snapshot request");
            }
            sleep(20);
        }
    }

    /**
     * SIGKILLs member {@code id} (a crash) and waits until it is gone; its directory stays for {@link #restart}.
     *
     * @param id the member's index
     */
    public void kill(final int id) {
        final Member member = members[id];
        member.process.destroyForcibly();
        member.awaitExit(STOP_TIMEOUT);
        member.leaderSince = Long.MIN_VALUE;
    }

    /**
     * Stops member {@code id} cleanly (the end of its standard input), by force after 15 s; its directory stays.
     *
     * @param id the member's index
     */
    public void stop(final int id) {
        final Member member = members[id];
        if (member == null) {
            return;
        }
        try {
            member.process.getOutputStream().close();
        } catch (final IOException ex) {
            // already gone
        }
        if (!member.awaitExit(STOP_TIMEOUT)) {
            member.process.destroyForcibly();
            member.awaitExit(STOP_TIMEOUT);
        }
        member.leaderSince = Long.MIN_VALUE;
    }

    /**
     * The process id of member {@code id}.
     *
     * @param id the member's index
     * @return its pid
     */
    public long pid(final int id) {
        return members[id].process.pid();
    }

    /** Stops every member and removes the directory. */
    @Override
    public void close() {
        for (int i = 0; i < members.length; i++) {
            stop(i);
        }
        SharedDirectory.deleteTree(root);
    }

    ClusterClientOptions clientOptions() {
        return new ClusterClientOptions().members(endpoints).key(key.getBytes(StandardCharsets.UTF_8))
            .connectTimeout(Duration.ofSeconds(15));
    }

    ClusterClient connect() {
        return ClusterClient.connect(clientOptions());
    }

    /** Starts (or restarts, on its directory) member {@code id}. */
    void startMember(final int id) {
        final List<String> command = new ArrayList<>(options.prefixes.get(id));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClusterMember.class.getName(),
            "--id", Integer.toString(id), "--members", endpoints,
            "--dir", root.resolve("m" + id).toString(), "--driver-dir", root.resolve("d" + id).toString()));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(ClusterMemberOptions.KEY_ENVIRONMENT_VARIABLE, key);
        try {
            members[id] = new Member(id, builder.start(), options.output);
            Files.writeString(root.resolve(StaleDriverDirs.MEMBER_PIDS), members[id].process.pid() + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND); // until they exit, nobody reaps the directory
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot start member " + id + " (" + command.get(0) + ")", ex);
        }
    }

    /** Waits until member {@code id} printed its ready line. */
    void awaitReady(final int id, final Duration timeout) {
        members[id].await(" ready", timeout);
    }

    /** A base port whose members' port ranges are all free for UDP on loopback. */
    private static int freeBasePort(final int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            final int base = 20_000 + PORT_STRIDE * ThreadLocalRandom.current().nextInt(3_000);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("found no free block of UDP ports on loopback for " + count + " members");
    }

    private static boolean allFree(final int base, final int count) {
        final List<DatagramSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < MemberEndpoints.PORTS_PER_MEMBER; p++) {
                    sockets.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        base + PORT_STRIDE * i + p)));
                }
            }
            return true;
        } catch (final IOException ex) {
            return false;
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the local cluster", ex);
        }
    }

    /**
     * How {@link LocalCluster#start(Options)} starts the members. Fluent setters; defaults: 1 member on
     * 127.0.0.1, {@link #DEFAULT_JVM_OPTIONS}, {@link #DEFAULT_START_TIMEOUT}, directories under
     * {@link SharedDirectory#defaultBase()}, member output discarded.
     */
    public static final class Options {
        private int members = 1;
        private List<String> hosts = List.of();
        private List<List<String>> prefixes = List.of();
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private Path base = SharedDirectory.defaultBase();
        private Consumer<String> output = line -> { };

        /**
         * How many members.
         *
         * @param members at least 1; 3 survives one member's loss
         * @return these options
         */
        public Options members(final int members) {
            this.members = members;
            return this;
        }

        /**
         * The host each member binds and is reached at, member 0 first (default 127.0.0.1 for all).
         *
         * @param hosts one address of this machine per member
         * @return these options
         */
        public Options hosts(final List<String> hosts) {
            this.hosts = List.copyOf(hosts);
            return this;
        }

        /**
         * A command each member's JVM is run through, member 0 first (default none), such as
         * {@code ip netns exec NAME} to run a member in another network namespace.
         *
         * @param prefixes one command prefix (possibly empty) per member
         * @return these options
         */
        public Options commandPrefixes(final List<List<String>> prefixes) {
            final List<List<String>> copy = new ArrayList<>();
            prefixes.forEach(prefix -> copy.add(List.copyOf(prefix)));
            this.prefixes = List.copyOf(copy);
            return this;
        }

        /**
         * The members' JVM options (default {@link #DEFAULT_JVM_OPTIONS}).
         *
         * @param jvmOptions the options, replacing the default
         * @return these options
         */
        public Options jvmOptions(final List<String> jvmOptions) {
            this.jvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        /**
         * How long to wait for the members to start and elect a leader (default 60 s).
         *
         * @param startTimeout the limit
         * @return these options
         */
        public Options startTimeout(final Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * Where the cluster's directory is made (default {@link SharedDirectory#defaultBase()}).
         *
         * @param base an existing directory
         * @return these options
         */
        public Options base(final Path base) {
            this.base = base;
            return this;
        }

        /**
         * Receives every line the members print, prefixed with {@code [member N] } (default: discarded).
         *
         * @param output the receiver; called from reader threads
         * @return these options
         */
        public Options output(final Consumer<String> output) {
            this.output = output;
            return this;
        }

        String host(final int id) {
            return hosts.isEmpty() ? "127.0.0.1" : hosts.get(id);
        }

        void validate() {
            if (members < 1) {
                throw new IllegalArgumentException("members=" + members + ": a cluster needs at least 1 member");
            }
            if (!hosts.isEmpty() && hosts.size() != members) {
                throw new IllegalArgumentException("hosts has " + hosts.size() + " entries for " + members
                    + " members: give one host per member, or none for 127.0.0.1");
            }
            if (prefixes.isEmpty()) {
                prefixes = Collections.nCopies(members, List.of());
            } else if (prefixes.size() != members) {
                throw new IllegalArgumentException("commandPrefixes has " + prefixes.size() + " entries for "
                    + members + " members: give one (possibly empty) prefix per member");
            }
            if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout=" + startTimeout + ": give a positive duration");
            }
            if (!Files.isDirectory(base)) {
                throw new IllegalArgumentException("base=" + base + " is not a directory");
            }
        }
    }

    /** One member's child JVM and the lines it printed. */
    private static final class Member {
        final int id;
        final Process process;
        final List<String> lines = new ArrayList<>();
        volatile long leaderSince = Long.MIN_VALUE;

        Member(final int id, final Process process, final Consumer<String> output) {
            this.id = id;
            this.process = process;
            final Thread reader = new Thread(() -> read(output), "shmproc-local-member-" + id);
            reader.setDaemon(true);
            reader.start();
        }

        private void read(final Consumer<String> output) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.accept("[member " + id + "] " + line);
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.endsWith(" leader")) {
                        leaderSince = System.nanoTime();
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

        boolean awaitExit(final Duration timeout) {
            try {
                return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                return false;
            }
        }

        void await(final String suffix, final Duration timeout) {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (count(suffix) > 0) {
                    return;
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
