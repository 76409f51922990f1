package io.shmproc.benchmarks.cluster;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.benchmarks.report.Figure;
import io.shmproc.cluster.LocalCluster;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import io.shmproc.process.ShmProcess;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A pipe of a cluster context (issue 15: pipes across hosts) against the transports it could be replaced with, on
 * loopback, two JVMs each: {@code shmproc} ({@code mp.pipe()} on a one-member {@link LocalCluster}, the other end
 * in a child process of the context), {@code aeron-udp} (raw Aeron: an embedded media driver per JVM with the
 * same threading and idle strategies as shmproc's cluster client, an exclusive publication and a subscription
 * per direction), {@code aeron-udp-beside} (the same while a one-member cluster and a connected client run
 * beside it, and with the echo child compiled as a context's children are, C1 only: the conditions of the
 * {@code shmproc} run, so that the difference is the pipe's own) and {@code tcp} (a blocking
 * {@code java.net.Socket} pair, {@code TCP_NODELAY}).
 *
 * <ul>
 *   <li>{@code xhost-pipe-rtt-32}: ping-pong of 32 bytes, {@value #WARMUP} untimed round trips and one untimed
 *       stream as below (so that every variant's paths are compiled alike before they are timed), then
 *       {@value #ROUND_TRIPS} timed round trips: {@code p50_ns}, {@code p99_ns}.</li>
 *   <li>{@code xhost-pipe-tput-32}: {@value #MESSAGES} messages of 32 bytes one way, then one answer when all
 *       arrived: {@code msgs_per_s}.</li>
 * </ul>
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.shmproc.benchmarks.cluster.PipeAcrossHostsHarness [--quick]
 * </pre>
 */
public final class PipeAcrossHostsHarness {
    private static final int WARMUP = 10_000;
    private static final int ROUND_TRIPS = 10_000;
    private static final int MESSAGES = 200_000;
    private static final int LENGTH = 32;
    private static final int STREAM = 1_016;
    /** The raw Aeron child needs the flag Agrona 2.x needs (shmproc's members and clients export it themselves). */
    private static final List<String> AERON_CHILD_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
    /** The same, compiled as a child of a context is (C1 only, for its start). */
    private static final List<String> AERON_CHILD_BESIDE_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC",
        "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");

    private PipeAcrossHostsHarness() {
    }

    /**
     * Entry point; also the child roles {@code aeron-echo} and {@code tcp-echo}.
     *
     * @param args {@code [--quick]}, or a child's role arguments
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("aeron-echo")) {
            aeronEcho(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            return;
        }
        if (args.length > 0 && args[0].equals("aeron-echo-session")) {
            // as aeron-echo, while this JVM also holds a cluster session, as a context's child does
            try (Shmproc mp = Shmproc.connect(System.getenv("SHMPROC_BENCH_CLUSTER"),
                ConnectOptions.withKey(System.getenv("SHMPROC_BENCH_CLUSTER_KEY")))) {
                mp.dict("busy").put("child", "connected");
                aeronEcho(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            }
            return;
        }
        if (args.length > 0 && args[0].equals("tcp-echo")) {
            tcpEcho(Integer.parseInt(args[1]));
            return;
        }
        final boolean quick = List.of(args).contains("--quick");
        final int roundTrips = quick ? ROUND_TRIPS / 5 : ROUND_TRIPS;
        final int messages = quick ? MESSAGES / 5 : MESSAGES;
        shmproc(roundTrips, messages);
        aeron("aeron-udp", AERON_CHILD_JVM, roundTrips, messages);
        try (LocalCluster cluster = LocalCluster.start(1);
             Shmproc mp = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()))) {
            mp.dict("busy").put("client", "connected"); // as in the shmproc run: a member and a client beside
            aeron("aeron-udp-beside", AERON_CHILD_BESIDE_JVM, roundTrips, messages);
            if (List.of(args).contains("--session")) {
                aeron("aeron-udp-session", AERON_CHILD_BESIDE_JVM, roundTrips, messages,
                    java.util.Map.of("SHMPROC_BENCH_CLUSTER", cluster.address(), "SHMPROC_BENCH_CLUSTER_KEY",
                        cluster.key()));
            }
        }
        tcp(roundTrips, messages);
    }

    /** One side of a measured exchange: send 32 bytes, receive 32 bytes. */
    private interface Side {
        void send(byte[] message) throws Exception;

        void receive(byte[] into) throws Exception;
    }

    private static void measure(final String impl, final Side side, final int roundTrips, final int messages)
        throws Exception {
        final byte[] out = new byte[LENGTH];
        final byte[] in = new byte[LENGTH];
        out[0] = 'P';
        for (int i = 0; i < WARMUP; i++) {
            side.send(out);
            side.receive(in);
        }
        stream(side, out, in, messages); // untimed: each side's streaming path is compiled before it is timed
        out[0] = 'P';
        final Histogram rtt = new Histogram(3);
        for (int i = 0; i < roundTrips; i++) {
            final long start = System.nanoTime();
            side.send(out);
            side.receive(in);
            rtt.recordValue(System.nanoTime() - start);
        }
        final long start = System.nanoTime();
        stream(side, out, in, messages);
        final double rate = messages * 1e9 / (System.nanoTime() - start);
        new Figure("xhost-pipe-rtt-32", impl, "p50_ns", rtt.getValueAtPercentile(50), "ns").print();
        new Figure("xhost-pipe-rtt-32", impl, "p99_ns", rtt.getValueAtPercentile(99), "ns").print();
        new Figure("xhost-pipe-tput-32", impl, "msgs_per_s", rate, "msgs/s").print();
    }

    /** Sends {@code messages} one way (the child answers only the last one) and receives the answer. */
    private static void stream(final Side side, final byte[] out, final byte[] in, final int messages)
        throws Exception {
        out[0] = 'S';
        for (int i = 0; i < messages - 1; i++) {
            side.send(out);
        }
        out[0] = 'E';
        side.send(out);
        side.receive(in);
    }

    /** The echo rule of every child: answer a ping, and the end of a stream. */
    private static boolean answers(final byte first) {
        return first == 'P' || first == 'E';
    }

    // ---- shmproc ----

    private static void shmproc(final int roundTrips, final int messages) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(1);
             Shmproc mp = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()));
             Pipe<Object> pipe = mp.pipe()) {
            final Connection<Object> childEnd = pipe.second();
            final ShmProcess child = mp.process(() -> {
                try (Connection<Object> c = childEnd) {
                    final byte[] message = new byte[LENGTH];
                    while (true) {
                        c.recvBytesInto(message, 0);
                        if (answers(message[0])) {
                            c.sendBytes(message);
                        }
                    }
                } catch (final java.io.EOFException e) {
                    // the parent closed its end
                }
            }).name("xhost-echo").start();
            final Connection<Object> end = pipe.first();
            measure("shmproc", new Side() {
                @Override
                public void send(final byte[] message) throws Exception {
                    end.sendBytes(message);
                }

                @Override
                public void receive(final byte[] into) throws Exception {
                    end.recvBytesInto(into, 0);
                }
            }, roundTrips, messages);
            end.close();
            child.join(30, TimeUnit.SECONDS);
        }
    }

    // ---- raw Aeron ----

    private static MediaDriver driver(final Path dir) {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MILLISECONDS.toNanos(1)))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(4 * 1024 * 1024)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
    }

    private static IdleStrategy appIdle() {
        return new BackoffIdleStrategy(20, 50, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(500));
    }

    private static void aeron(final String impl, final List<String> childJvm, final int roundTrips,
                              final int messages) throws Exception {
        aeron(impl, childJvm, roundTrips, messages, java.util.Map.of());
    }

    /** With {@code session} set (the cluster's address and key), the echo child also holds a cluster session. */
    private static void aeron(final String impl, final List<String> childJvm, final int roundTrips,
                              final int messages, final java.util.Map<String, String> session) throws Exception {
        final Path dir = Files.createTempDirectory(SharedDirectory.defaultBase(), "shmproc-bench-aeron-");
        final int mine = 30_000 + (int) (ProcessHandle.current().pid() % 10_000);
        final int theirs = mine + 1;
        try (MediaDriver driver = driver(dir.resolve("parent"));
             Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
             Subscription sub = aeron.addSubscription("aeron:udp?endpoint=127.0.0.1:" + mine, STREAM);
             ExclusivePublication pub = aeron.addExclusivePublication("aeron:udp?endpoint=127.0.0.1:" + theirs,
                 STREAM);
             ChildJvm child = ChildJvm.start("aeron-echo", childJvm,
                 PipeAcrossHostsHarness.class.getName(), List.of(session.isEmpty() ? "aeron-echo"
                     : "aeron-echo-session", Integer.toString(theirs), Integer.toString(mine)),
                 environment(dir, session), "ready")) {
            if (!child.awaitReady(60)) {
                throw new IllegalStateException("the Aeron echo child did not start");
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[LENGTH]);
            final IdleStrategy idle = appIdle();
            final byte[][] target = {null};
            final boolean[] got = {false};
            final FragmentHandler handler = (b, o, l, h) -> {
                b.getBytes(o, target[0], 0, l);
                got[0] = true;
            };
            measure(impl, new Side() {
                @Override
                public void send(final byte[] message) {
                    buffer.putBytes(0, message);
                    idle.reset();
                    while (pub.offer(buffer, 0, LENGTH) < 0) {
                        idle.idle();
                    }
                }

                @Override
                public void receive(final byte[] into) {
                    target[0] = into;
                    got[0] = false;
                    idle.reset();
                    while (!got[0]) {
                        idle.idle(sub.poll(handler, 1));
                    }
                }
            }, roundTrips, messages);
        } finally {
            SharedDirectory.deleteTree(dir);
        }
    }

    private static java.util.Map<String, String> environment(final Path dir,
                                                             final java.util.Map<String, String> session) {
        final java.util.Map<String, String> environment = new java.util.HashMap<>(session);
        environment.put("SHMPROC_BENCH_AERON_DIR", dir.resolve("child").toString());
        return environment;
    }

    private static void aeronEcho(final int listen, final int answer) throws Exception {
        final Path dir = Path.of(System.getenv("SHMPROC_BENCH_AERON_DIR"));
        try (MediaDriver driver = driver(dir);
             Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
             Subscription sub = aeron.addSubscription("aeron:udp?endpoint=127.0.0.1:" + listen, STREAM);
             ExclusivePublication pub = aeron.addExclusivePublication("aeron:udp?endpoint=127.0.0.1:" + answer,
                 STREAM)) {
            System.out.println("ready");
            final UnsafeBuffer reply = new UnsafeBuffer(new byte[LENGTH]);
            final IdleStrategy idle = appIdle();
            final FragmentHandler handler = (b, o, l, h) -> {
                if (answers(b.getByte(o))) {
                    b.getBytes(o, reply, 0, l);
                    while (pub.offer(reply, 0, l) < 0) {
                        Thread.onSpinWait();
                    }
                }
            };
            final Thread stopper = endOfInputStopper();
            while (stopper.isAlive()) {
                idle.idle(sub.poll(handler, 16));
            }
        }
    }

    // ---- TCP ----

    private static void tcp(final int roundTrips, final int messages) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ChildJvm child = ChildJvm.start("tcp-echo", ChildJvm.SMALL_JVM, PipeAcrossHostsHarness.class.getName(),
                 List.of("tcp-echo", Integer.toString(server.getLocalPort())), java.util.Map.of(), "ready");
             Socket socket = server.accept()) {
            socket.setTcpNoDelay(true);
            final DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            measure("tcp", new Side() {
                @Override
                public void send(final byte[] message) throws Exception {
                    out.write(message);
                    if (message[0] != 'S') {
                        out.flush();
                    }
                }

                @Override
                public void receive(final byte[] into) throws Exception {
                    in.readFully(into);
                }
            }, roundTrips, messages);
        }
    }

    private static void tcpEcho(final int port) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            System.out.println("ready");
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            final byte[] message = new byte[LENGTH];
            while (true) {
                in.readFully(message);
                if (answers(message[0])) {
                    out.write(message);
                    out.flush();
                }
            }
        } catch (final java.io.EOFException | java.net.SocketException e) {
            // the parent closed the connection
        }
    }

    /** A daemon thread that ends when standard input ends (the parent's way to stop a child). */
    private static Thread endOfInputStopper() {
        final Thread thread = new Thread(() -> {
            try (BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (stdin.readLine() != null) {
                    // ignore
                }
            } catch (final java.io.IOException e) {
                // ended
            }
        }, "stdin-watch");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
