package io.shmproc.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterTool;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.shmproc.memory.SharedDirectory;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * One member of a shmproc cluster: an embedded media driver, an archive (the replicated log on disk), a consensus
 * module and a service container running {@link ShmprocService}, all sized and idled for small machines (shared
 * threading, back-off idling, never a busy spin).
 *
 * <p><b>Command line</b>:
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -Xmx128m -XX:+UseSerialGC \
 *      -cp shmproc-core.jar:aeron-*.jar:agrona.jar io.shmproc.cluster.ClusterMember \
 *      --id N --members host:port,host:port,... [--dir D] [--driver-dir DD] [--key-file F] [--bind host]
 * </pre>
 * {@code --members} lists each member's client endpoint, member 0 first; a member also uses the next four ports
 * (consensus port+1, log port+2, catch-up port+3, archive port+4; see {@link MemberEndpoints}). The shared key comes
 * from {@code --key-file} or the environment variable {@value ClusterMemberOptions#KEY_ENVIRONMENT_VARIABLE}.
 * {@code --dir} (default {@code ./shmproc-member-N}) keeps the log and snapshots: a member restarted on the same
 * directory recovers the state. {@code --bind} replaces this member's listed host for what it binds and advertises.
 *
 * <p><b>Lines it prints</b> (for scripts and tests): {@code shmproc member N ready} once started, and
 * {@code shmproc member N leader} each time it becomes leader. It stops cleanly at end of standard input or on
 * SIGTERM, deleting its driver directory and keeping its member directory.
 *
 * <p><b>After a SIGKILL</b> the member directory holds mark files that a restart would take for a live member's
 * for ten seconds; {@link #launch} removes them first, so give each member its own directory.
 *
 * <p><b>Timeouts</b>, tuned for quick fail-over on a LAN: leader heartbeat timeout 1 s (interval 100 ms),
 * election timeout 500 ms, client session timeout {@value #SESSION_TIMEOUT_MS} ms.
 */
public final class ClusterMember implements AutoCloseable {
    /** Client sessions silent longer than this are closed as dead (locks pass on with owner-died). */
    public static final long SESSION_TIMEOUT_MS = 2000;

    private static final int TERM_LENGTH = 64 * 1024;
    private static final int COUNTERS_LENGTH = 1024 * 1024;
    private static final int SEGMENT_LENGTH = 4 * 1024 * 1024;
    private static final java.util.Set<String> OPTIONS = java.util.Set.of("--id", "--members", "--dir",
        "--driver-dir", "--key-file", "--bind");
    private static final String USAGE = "usage: ClusterMember --id N --members host:port,host:port,... [--dir D] "
        + "[--driver-dir DD] [--key-file F | env " + ClusterMemberOptions.KEY_ENVIRONMENT_VARIABLE + "] [--bind host]";

    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    private final Path driverDir;
    private final File clusterDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClusterMember(final ClusteredMediaDriver driver, final ClusteredServiceContainer container,
                          final Path driverDir, final File clusterDir) {
        this.driver = driver;
        this.container = container;
        this.driverDir = driverDir;
        this.clusterDir = clusterDir;
    }

    /**
     * Starts a member in this JVM.
     *
     * @param options the validated options
     * @param out     where the ready and leader lines go
     * @return the running member; {@link #close()} stops it
     */
    public static ClusterMember launch(final ClusterMemberOptions options, final PrintStream out) {
        options.validate();
        JdkInternalMisc.ensureExported();
        final int id = options.memberId();
        final MemberEndpoints endpoints = options.endpoints();
        final String host = options.bindHost() != null ? options.bindHost() : endpoints.host(id);
        final String aeronDir = options.driverDir().toString();
        final File clusterDir = options.dir().resolve("cluster").toFile();
        final File archiveDir = options.dir().resolve("archive").toFile();
        removeStaleMarkFiles(options.dir());
        final ErrorHandler errors = ex -> System.err.println("shmproc member " + id + ": " + ex);

        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle())
            .asyncExecutorEnabled(false)
            .termBufferSparseFile(true)
            .publicationTermBufferLength(TERM_LENGTH)
            .ipcTermBufferLength(TERM_LENGTH)
            .counterValuesBufferLength(COUNTERS_LENGTH)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .errorHandler(errors);

        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(archiveDir)
            .controlChannel("aeron:udp?endpoint=" + host + ":" + port(endpoints, id, MemberEndpoints.ARCHIVE_OFFSET))
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .archiveClientContext(new AeronArchive.Context()
                .controlResponseChannel("aeron:udp?endpoint=" + host + ":0"))
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(ClusterMember::idle)
            .segmentFileLength(SEGMENT_LENGTH)
            .deleteArchiveOnStart(false)
            .errorHandler(errors);

        final AeronArchive.Context localArchive = new AeronArchive.Context()
            .aeronDirectoryName(aeronDir)
            .controlRequestChannel(archiveContext.localControlChannel())
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(archiveContext.localControlChannel());

        final byte[] key = options.key();
        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .aeronDirectoryName(aeronDir)
            .clusterMemberId(id)
            .clusterMembers(endpoints.clusterMembers(id, options.bindHost()))
            .clusterDir(clusterDir)
            .archiveContext(localArchive.clone())
            .serviceCount(1)
            .ingressChannel("aeron:udp?term-length=" + ClusterProtocol.INGRESS_TERM_LENGTH)
            .logChannel("aeron:udp?term-length=" + ClusterProtocol.LOG_TERM_LENGTH)
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .idleStrategySupplier(ClusterMember::idle)
            .sessionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(SESSION_TIMEOUT_MS))
            .leaderHeartbeatTimeoutNs(TimeUnit.SECONDS.toNanos(1))
            .leaderHeartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(100))
            .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500))
            .startupCanvassTimeoutNs(TimeUnit.SECONDS.toNanos(2))
            .wheelTickResolutionNs(TimeUnit.MILLISECONDS.toNanos(1))
            .authenticatorSupplier(() -> new KeyAuthenticator(key))
            .errorHandler(errors);

        final ClusteredMediaDriver driver = ClusteredMediaDriver.launch(driverContext, archiveContext,
            consensusContext);
        final ClusteredServiceContainer container;
        try {
            container = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
                .aeronDirectoryName(aeronDir)
                .archiveContext(localArchive.clone())
                .clusterDir(clusterDir)
                .clusteredService(new ShmprocService(role -> {
                    if (role == Cluster.Role.LEADER) {
                        out.println("shmproc member " + id + " leader");
                        out.flush();
                    }
                }))
                .idleStrategySupplier(ClusterMember::idle)
                .errorHandler(errors));
        } catch (final RuntimeException ex) {
            driver.close();
            throw ex;
        }
        out.println("shmproc member " + id + " ready");
        out.flush();
        return new ClusterMember(driver, container, Path.of(aeronDir), clusterDir);
    }

    private static int port(final MemberEndpoints endpoints, final int id, final int offset) {
        final String endpoint = endpoints.endpoint(id, offset);
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    static IdleStrategy idle() {
        return new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    }

    /** Mark files a SIGKILLed member left; a restart would wait for them to age out. */
    private static void removeStaleMarkFiles(final Path dir) {
        for (final String name : new String[] {"archive/archive-mark.dat", "cluster/cluster-mark.dat",
            "cluster/cluster-mark-service-0.dat"}) {
            try {
                Files.deleteIfExists(dir.resolve(name));
            } catch (final IOException ex) {
                throw new UncheckedIOException("cannot remove the stale mark file " + dir.resolve(name), ex);
            }
        }
    }

    /** Stops the member: service, consensus module, archive and driver; deletes the driver directory. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            container.close();
        } finally {
            driver.close();
            SharedDirectory.deleteTree(driverDir);
        }
    }

    /**
     * Runs one member until standard input ends or SIGTERM. A line {@code snapshot} on standard input asks the
     * cluster to take a snapshot (any member may ask).
     *
     * @param args {@code --id N --members host:port,... [--dir D] [--driver-dir DD] [--key-file F] [--bind host]}
     */
    public static void main(final String[] args) {
        final ClusterMemberOptions options;
        final ClusterMember member;
        try {
            options = parse(args);
            member = launch(options, System.out);
        } catch (final IllegalArgumentException ex) {
            System.err.println("shmproc member: " + ex.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        final int id = options.memberId();
        Runtime.getRuntime().addShutdownHook(new Thread(member::close, "shmproc-member-stop"));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if ("snapshot".equals(line.trim())) {
                    System.out.println("shmproc member " + id + " snapshot " + (member.requestSnapshot() ? "requested"
                        : "refused"));
                    System.out.flush();
                }
            }
        } catch (final IOException ex) {
            System.err.println("shmproc member " + id + ": standard input failed (" + ex + "); stopping");
        }
        member.close();
        System.out.println("shmproc member " + id + " stopped");
        System.out.flush();
        System.exit(0);
    }

    private static ClusterMemberOptions parse(final String[] args) {
        final ClusterMemberOptions options = new ClusterMemberOptions();
        Path keyFile = null;
        String dir = null;
        int id = -1;
        for (int i = 0; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i])) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
            final String value = require(args[i], i + 1 < args.length ? args[i + 1] : null);
            switch (args[i]) {
                case "--id":
                    try {
                        id = Integer.parseInt(value);
                    } catch (final NumberFormatException ex) {
                        throw new IllegalArgumentException("--id " + value + " is not a number", ex);
                    }
                    options.memberId(id);
                    break;
                case "--members":
                    options.members(value);
                    break;
                case "--dir":
                    dir = value;
                    break;
                case "--driver-dir":
                    options.driverDir(Path.of(value));
                    break;
                case "--key-file":
                    keyFile = Path.of(value);
                    break;
                case "--bind":
                    options.bindHost(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        options.dir(Path.of(dir != null ? dir : "shmproc-member-" + id));
        options.key(ClusterMemberOptions.keyFromFileOrEnvironment(keyFile));
        return options;
    }

    /**
     * Asks the cluster to take a snapshot now (through the cluster's control toggle; the leader coordinates it).
     *
     * @return whether the request was placed
     */
    public boolean requestSnapshot() {
        return ClusterTool.snapshot(clusterDir, new PrintStream(OutputStream.nullOutputStream(), true,
            StandardCharsets.UTF_8));
    }

    private static String require(final String option, final String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

}
