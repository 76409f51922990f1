package io.shmproc.benchmarks.pipe;

import io.shmproc.benchmarks.channel.RawRings;
import io.shmproc.benchmarks.report.Figure;
import io.shmproc.benchmarks.report.Harness;
import io.shmproc.channel.MessageHandler;
import io.shmproc.channel.WaitStrategy;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import io.shmproc.pipe.PipeOptions;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The cross-process pipe benchmark: one producer JVM to one consumer JVM, shmproc's {@link Pipe} against raw
 * Agrona rings over a mapped file, all in one run.
 *
 * <ul>
 *   <li>{@code pipe-tput-32}, {@code pipe-tput-256}: messages per second; impls {@code shmproc} (Pipe bytes
 *       path: {@code sendBytes(DirectBuffer)} / {@code pollBytes(MessageHandler, limit)}, spinning like the raw
 *       peers), {@code agrona-spsc} ({@code OneToOneRingBuffer}) and {@code agrona-mpsc}
 *       ({@code ManyToOneRingBuffer}), 1 MiB rings, busy-spin waiting everywhere.</li>
 *   <li>{@code pipe-tput-object}: {@code send(String)} / {@code recv()} of a 12-character string through the
 *       default object codec.</li>
 *   <li>{@code pipe-rtt-32}: ping-pong round trip of 32 bytes, p50/p90/p99/p99.9 from an HdrHistogram;
 *       {@code shmproc} (duplex Pipe) and {@code agrona-spsc} (two rings).</li>
 * </ul>
 * The first 10 % of messages and 20 % of round trips are warm-up and not counted.
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.shmproc.benchmarks.pipe.PipeHarness [--quick] [--runs N]
 * </pre>
 */
public final class PipeHarness {
    private static final int CAPACITY = 1 << 20;
    private static final int PING_LENGTH = 32;
    private static final String OBJECT = "hello-123456";

    private PipeHarness() {
    }

    /**
     * Entry point.
     *
     * @param args {@code [--quick] [--runs N]}, or a child's role arguments
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args);
            return;
        }
        final List<String> list = Arrays.asList(args);
        final boolean quick = list.contains("--quick");
        final int runs = list.contains("--runs") ? Integer.parseInt(list.get(list.indexOf("--runs") + 1)) : 1;
        final long messages = quick ? 2_000_000 : 10_000_000;
        final int trips = quick ? 50_000 : 200_000;
        final SharedDirectory dir = SharedDirectory.create(SharedDirectory.defaultBase());
        try {
            for (int run = 0; run < runs; run++) {
                for (final int size : new int[] {32, 256}) {
                    for (final String impl : new String[] {"agrona-spsc", "agrona-mpsc", "shmproc"}) {
                        final double rate = throughput(dir.path(), impl, size, messages);
                        new Figure("pipe-tput-" + size, impl, "msgs_per_s", rate, "msgs/s").print();
                    }
                }
                final double objects = throughput(dir.path(), "shmproc-object", OBJECT.length(), messages / 2);
                new Figure("pipe-tput-object", "shmproc", "msgs_per_s", objects, "msgs/s").print();
                for (final String impl : new String[] {"shmproc", "agrona-spsc"}) {
                    final Histogram histogram = roundTrips(dir.path(), impl, trips);
                    for (final double p : new double[] {50, 90, 99, 99.9}) {
                        final String metric = p == 99.9 ? "p999_ns" : "p" + (int) p + "_ns";
                        new Figure("pipe-rtt-32", impl, metric, histogram.getValueAtPercentile(p), "ns").print();
                    }
                }
            }
        } finally {
            SharedDirectory.deleteTree(dir.path());
        }
    }

    private static PipeOptions pipeOptions() {
        return PipeOptions.duplex().capacity(CAPACITY).waitStrategy(WaitStrategy.BUSY_SPIN);
    }

    private static double throughput(final Path dir, final String impl, final int size, final long messages)
        throws Exception {
        final Path file = dir.resolve("tput-" + impl + "-" + size + "-" + System.nanoTime());
        final long warmup = messages / 10;
        final long[] count = {0};
        final long[] start = {0};
        final MessageHandler counter = (buffer, offset, length) -> {
            if (++count[0] == warmup) {
                start[0] = System.nanoTime();
            }
        };
        if (impl.startsWith("shmproc")) {
            try (Pipe<Object> pipe = Pipe.open(file, pipeOptions())) {
                final Path end = handOver(pipe.second(), file);
                final Process child = startChild(impl, "produce", end, messages, size);
                final Connection<Object> in = pipe.first();
                if (impl.equals("shmproc-object")) {
                    for (long i = 0; i < messages; i++) {
                        if (in.recv() == null) {
                            throw new IllegalStateException("null message");
                        }
                        if (i + 1 == warmup) {
                            start[0] = System.nanoTime();
                        }
                    }
                } else {
                    while (count[0] < messages) {
                        if (in.pollBytes(counter, Integer.MAX_VALUE) == 0) {
                            Thread.onSpinWait();
                        }
                    }
                }
                final long elapsed = System.nanoTime() - start[0];
                finish(child);
                return (messages - warmup) / (elapsed / 1e9);
            }
        }
        final String kind = impl.equals("agrona-mpsc") ? "mpsc" : "spsc";
        final RingBuffer ring = RawRings.map(file, CAPACITY, kind);
        final org.agrona.concurrent.MessageHandler raw = (type, buffer, offset, length) -> counter.onMessage(buffer,
            offset, length);
        final Process child = startChild(impl, "produce", file, messages, size);
        try {
            while (count[0] < messages) {
                if (ring.read(raw) == 0) {
                    Thread.onSpinWait();
                }
            }
            return (messages - warmup) / ((System.nanoTime() - start[0]) / 1e9);
        } finally {
            finish(child);
            Files.deleteIfExists(file);
        }
    }

    private static Histogram roundTrips(final Path dir, final String impl, final int trips) throws Exception {
        final Path file = dir.resolve("rtt-" + impl + "-" + System.nanoTime());
        final int warmup = trips / 5;
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final UnsafeBuffer ping = new UnsafeBuffer(new byte[PING_LENGTH]);
        final MessageHandler ignore = (buffer, offset, length) -> { };
        if (impl.equals("shmproc")) {
            try (Pipe<Object> pipe = Pipe.open(file, pipeOptions())) {
                final Path end = handOver(pipe.second(), file);
                final Process child = startChild(impl, "pong", end, trips + warmup, PING_LENGTH);
                final Connection<Object> connection = pipe.first();
                for (int i = 0; i < trips + warmup; i++) {
                    final long start = System.nanoTime();
                    ping.putLong(0, start);
                    connection.sendBytes(ping, 0, PING_LENGTH);
                    connection.recvBytes(ignore);
                    if (i >= warmup) {
                        histogram.recordValue(System.nanoTime() - start);
                    }
                }
                finish(child);
                return histogram;
            }
        }
        final Path back = Path.of(file + "-back");
        final RingBuffer out = RawRings.map(file, CAPACITY, "spsc");
        final RingBuffer in = RawRings.map(back, CAPACITY, "spsc");
        final org.agrona.concurrent.MessageHandler rawIgnore = (type, buffer, offset, length) -> { };
        final Process child = startChild(impl, "pong", file, trips + warmup, PING_LENGTH);
        try {
            for (int i = 0; i < trips + warmup; i++) {
                final long start = System.nanoTime();
                ping.putLong(0, start);
                while (!out.write(1, ping, 0, PING_LENGTH)) {
                    Thread.onSpinWait();
                }
                while (in.read(rawIgnore, 1) == 0) {
                    Thread.onSpinWait();
                }
                if (i >= warmup) {
                    histogram.recordValue(System.nanoTime() - start);
                }
            }
            return histogram;
        } finally {
            finish(child);
            Files.deleteIfExists(file);
            Files.deleteIfExists(back);
        }
    }

    private static Path handOver(final Connection<?> connection, final Path pipeFile) throws Exception {
        final Path file = Path.of(pipeFile + ".end");
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
            out.writeObject(connection);
        }
        return file;
    }

    private static void child(final String[] args) throws Exception {
        final String impl = args[1];
        final String role = args[2];
        final Path file = Path.of(args[3]);
        final long count = Long.parseLong(args[4]);
        final int size = Integer.parseInt(args[5]);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[size]);
        if (impl.startsWith("shmproc")) {
            final Connection<Object> connection;
            try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
                @SuppressWarnings("unchecked")
                final Connection<Object> read = (Connection<Object>) in.readObject();
                connection = read;
            }
            try (connection) {
                if (role.equals("pong")) {
                    final UnsafeBuffer copy = new UnsafeBuffer(new byte[PING_LENGTH]);
                    final MessageHandler keep = (buffer, offset, length) -> copy.putBytes(0, buffer, offset, length);
                    for (long i = 0; i < count; i++) {
                        connection.recvBytes(keep);
                        connection.sendBytes(copy, 0, PING_LENGTH);
                    }
                } else if (impl.equals("shmproc-object")) {
                    for (long i = 0; i < count; i++) {
                        connection.send(OBJECT);
                    }
                } else {
                    for (long i = 0; i < count; i++) {
                        message.putLong(0, i);
                        connection.sendBytes(message, 0, size);
                    }
                }
            }
            return;
        }
        final RingBuffer ring = RawRings.map(file, CAPACITY, impl.equals("agrona-mpsc") ? "mpsc" : "spsc");
        if (role.equals("pong")) {
            final RingBuffer back = RawRings.map(Path.of(file + "-back"), CAPACITY, "spsc");
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[PING_LENGTH]);
            final org.agrona.concurrent.MessageHandler keep = (type, buffer, offset, length) -> copy.putBytes(0,
                buffer, offset, length);
            for (long i = 0; i < count; i++) {
                while (ring.read(keep, 1) == 0) {
                    Thread.onSpinWait();
                }
                while (!back.write(1, copy, 0, PING_LENGTH)) {
                    Thread.onSpinWait();
                }
            }
            return;
        }
        for (long i = 0; i < count; i++) {
            message.putLong(0, i);
            while (!ring.write(1, message, 0, size)) {
                Thread.onSpinWait();
            }
        }
    }

    private static Process startChild(final String impl, final String role, final Path file, final long count,
                                      final int size) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(RawRings.AGRONA_PEER_ARGS); // the raw Agrona peers only; shmproc needs none
        command.add(Harness.childWarmupOption());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PipeHarness.class.getName(), "child",
            impl, role, file.toString(), Long.toString(count), Integer.toString(size)));
        return new ProcessBuilder(command).inheritIO().start();
    }

    private static void finish(final Process child) throws InterruptedException {
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
            throw new IllegalStateException("the child JVM did not finish within 60 s");
        }
        if (child.exitValue() != 0) {
            throw new IllegalStateException("the child JVM exited with " + child.exitValue());
        }
    }

}
