package io.shmproc.benchmarks.queue;

import io.shmproc.benchmarks.channel.RawRings;
import io.shmproc.benchmarks.report.Figure;
import io.shmproc.benchmarks.report.Harness;
import io.shmproc.channel.MpmcChannel;
import io.shmproc.memory.RegionKind;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.stream.Stream;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Cross-process queue benchmark: every shmproc figure beside its peers, measured in the same run.
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.shmproc.benchmarks.queue.QueueHarness [runs=3] [scale=1.0]      (or --quick: one run at scale 0.2)
 * </pre>
 *
 * <p>Throughput: one producer JVM and one consumer JVM (and a two-producer variant) for the shmproc MPMC
 * channel (bytes path), raw Agrona {@code ManyToOneRingBuffer} over a mapped file, {@code SharedQueue<byte[]>}
 * (object path, default codec), Chronicle Queue, {@code ArrayBlockingQueue} between two threads of one JVM and
 * Python's {@code multiprocessing.Queue} ({@code benchmarks/python/mp_queue_bench.py}, property
 * {@code python.script}). Round trip: ping-pong between two JVMs over two shmproc channels and over two Agrona
 * rings, HdrHistogram percentiles. Every figure is the median of {@code runs}. {@code -Donly=bytes,object,
 * chronicle,abq,python,rtt} runs a subset. The medians are also printed as {@link Figure} lines for the comparison
 * report.
 */
public final class QueueHarness {
    private static final String[] CHRONICLE_FLAGS = {"--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dchronicle.analytics.disable=true"};

    private final Path dir;
    private final double scale;
    private final Map<String, List<Double>> results = new LinkedHashMap<>();

    private QueueHarness(final Path dir, final double scale) {
        this.dir = dir;
        this.scale = scale;
    }

    /**
     * Runs the suite and prints a table of medians and ratios.
     *
     * @param args {@code [runs] [scale]} or {@code --quick}
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        final boolean quick = args.length > 0 && args[0].equals("--quick");
        final int runs = quick ? 1 : args.length > 0 ? Integer.parseInt(args[0]) : 3;
        final double scale = quick ? 0.2 : args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "shmproc-bench-queue-");
        try {
            final QueueHarness harness = new QueueHarness(dir, scale);
            for (int run = 1; run <= runs; run++) {
                System.out.println("run " + run + " of " + runs);
                harness.runOnce();
            }
            harness.print();
        } finally {
            deleteTree(dir);
        }
    }

    private long n(final long count) {
        return Math.max(1000, (long) (count * scale));
    }

    private static boolean selected(final String group) {
        final String only = System.getProperty("only", "");
        return only.isEmpty() || Arrays.asList(only.split(",")).contains(group);
    }

    private void runOnce() throws Exception {
        for (final int size : new int[] {32, 256}) {
            if (selected("bytes")) {
                record("shm bytes 1P " + size + "B", shmBytes(size, 1));
                record("agrona mpsc 1P " + size + "B", agrona(size, 1));
                record("shm bytes 2P " + size + "B", shmBytes(size, 2));
                record("agrona mpsc 2P " + size + "B", agrona(size, 2));
            }
            if (selected("object")) {
                record("shm object 1P " + size + "B", shmObject(size));
            }
            if (selected("chronicle")) {
                record("chronicle 1P " + size + "B", chronicle(size));
            }
            if (selected("abq")) {
                record("ArrayBlockingQueue in-process " + size + "B", arrayBlockingQueue(size));
            }
            if (selected("python")) {
                record("python mp.Queue " + size + "B", python(size));
            }
        }
        if (!selected("rtt")) {
            return;
        }
        final double[] shm = rtt("shm", 32);
        final double[] agrona = rtt("agrona", 32);
        final String[] names = {"p50", "p90", "p99", "p99.9"};
        for (int i = 0; i < 4; i++) {
            record("rtt shm " + names[i] + " ns", shm[i]);
            record("rtt agrona " + names[i] + " ns", agrona[i]);
        }
    }

    private void record(final String name, final double value) {
        System.out.printf("  %-36s %,.0f%n", name, value);
        results.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    private double median(final String name) {
        final List<Double> values = new ArrayList<>(results.getOrDefault(name, List.of(Double.NaN)));
        values.sort(Comparator.naturalOrder());
        return values.get(values.size() / 2);
    }

    private void print() {
        System.out.println();
        System.out.println("| figure | median | runs |");
        System.out.println("|---|---:|---|");
        results.forEach((name, values) -> System.out.printf("| %s | %,.0f | %s |%n", name, median(name),
            values.stream().map(v -> String.format("%,.0f", v)).reduce((a, b) -> a + ", " + b).orElse("")));
        System.out.println();
        for (final int size : new int[] {32, 256}) {
            ratio("shm bytes 1P " + size + "B", "agrona mpsc 1P " + size + "B", "goal >= 0.8");
            ratio("shm bytes 2P " + size + "B", "agrona mpsc 2P " + size + "B", "goal >= 0.8");
            ratio("shm bytes 1P " + size + "B", "chronicle 1P " + size + "B", "goal >= 5");
            ratio("shm object 1P " + size + "B", "python mp.Queue " + size + "B", "goal >= 50");
        }
        ratio("rtt shm p50 ns", "rtt agrona p50 ns", "goal <= 1.2");
        System.out.println();
        results.keySet().forEach(name -> {
            final Figure figure = figure(name, median(name));
            if (figure != null && !Double.isNaN(figure.value())) {
                figure.print();
            }
        });
    }

    /** Maps a row of this harness to a figure of the comparison report ({@code FIGURE ...} lines). */
    private static Figure figure(final String name, final double value) {
        final String[] words = name.split(" ");
        if (name.startsWith("rtt ")) {
            final String impl = words[1].equals("shm") ? "shmproc" : "agrona-mpsc";
            final String metric = words[2].replace(".", "") + "_ns";
            return new Figure("queue-rtt-32", impl, metric, value, "ns");
        }
        final String size = words[words.length - 1].replace("B", "");
        if (name.startsWith("shm bytes 1P")) {
            return new Figure("queue-tput-" + size, "shmproc", "msgs_per_s", value, "msgs/s");
        } else if (name.startsWith("agrona mpsc 1P")) {
            return new Figure("queue-tput-" + size, "agrona-mpsc", "msgs_per_s", value, "msgs/s");
        } else if (name.startsWith("shm bytes 2P")) {
            return new Figure("queue-tput-" + size + "-2p", "shmproc", "msgs_per_s", value, "msgs/s");
        } else if (name.startsWith("agrona mpsc 2P")) {
            return new Figure("queue-tput-" + size + "-2p", "agrona-mpsc", "msgs_per_s", value, "msgs/s");
        } else if (name.startsWith("chronicle")) {
            return new Figure("queue-tput-" + size, "chronicle-queue", "msgs_per_s", value, "msgs/s");
        } else if (name.startsWith("ArrayBlockingQueue")) {
            return new Figure("queue-tput-" + size, "array-blocking-queue", "msgs_per_s", value, "msgs/s");
        } else if (name.startsWith("shm object")) {
            return new Figure(objectScenario(size), "shmproc", "msgs_per_s", value, "msgs/s");
        } else if (name.startsWith("python")) {
            return new Figure(objectScenario(size), "python-mp", "msgs_per_s", value, "msgs/s");
        }
        return null;
    }

    private static String objectScenario(final String size) {
        return size.equals("32") ? "queue-tput-object" : "queue-tput-object-" + size;
    }

    private void ratio(final String ours, final String peer, final String goal) {
        System.out.printf("%s / %s = %.2f (%s)%n", ours, peer, median(ours) / median(peer), goal);
    }

    // ---- the pairs

    private double shmBytes(final int size, final int producers) throws Exception {
        final Path file = dir.resolve("shm-bytes");
        try (MpmcChannel ch = MpmcChannel.create(file, RegionKind.QUEUE, QueuePeers.RING_BYTES, 0, 1 << 20)) {
            return pair("shm-bytes", file, size, producers, n(1_000_000), n(4_000_000), false);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private double shmObject(final int size) throws Exception {
        final Path file = dir.resolve("shm-object");
        final SharedQueue<byte[]> q = SharedQueue.create(file, QueueOptions.defaults()
            .capacityBytes(QueuePeers.RING_BYTES));
        try {
            return pair("shm-object", file, size, 1, n(500_000), n(2_000_000), false);
        } finally {
            q.close();
            Files.deleteIfExists(file);
        }
    }

    private double agrona(final int size, final int producers) throws Exception {
        final Path file = dir.resolve("agrona");
        createZeroed(file, QueuePeers.RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH);
        try {
            return pair("agrona", file, size, producers, n(1_000_000), n(4_000_000), false);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private double chronicle(final int size) throws Exception {
        final Path queueDir = dir.resolve("chronicle");
        try {
            return pair("chronicle", queueDir, size, 1, n(200_000), n(1_000_000), true);
        } finally {
            deleteTree(queueDir);
        }
    }

    private double arrayBlockingQueue(final int size) throws InterruptedException {
        final ArrayBlockingQueue<byte[]> q = new ArrayBlockingQueue<>(4096);
        final long warmup = n(500_000);
        final long count = n(2_000_000);
        final byte[] item = new byte[size];
        final Thread producer = new Thread(() -> {
            try {
                for (long i = 0; i < warmup + count; i++) {
                    q.put(item);
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        for (long i = 0; i < warmup; i++) {
            q.take();
        }
        final long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            q.take();
        }
        final long elapsed = System.nanoTime() - start;
        producer.join();
        return count * 1e9 / elapsed;
    }

    private double python(final int size) throws Exception {
        final String script = System.getProperty("python.script", "benchmarks/python/mp_queue_bench.py");
        if (!Files.exists(Path.of(script))) {
            System.out.println("  (python script " + script + " not found: set -Dpython.script)");
            return Double.NaN;
        }
        final Process p = new ProcessBuilder("python3", script, String.valueOf(size), String.valueOf(n(200_000)))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return parseRate(p);
    }

    private double[] rtt(final String kind, final int size) throws Exception {
        final Path base = dir.resolve("rtt-" + kind);
        final Path ping = Path.of(base + ".ping");
        final Path pong = Path.of(base + ".pong");
        final List<AutoCloseable> open = new ArrayList<>();
        if (kind.equals("shm")) {
            open.add(MpmcChannel.create(ping, RegionKind.QUEUE, QueuePeers.RING_BYTES, 0, 1 << 20));
            open.add(MpmcChannel.create(pong, RegionKind.QUEUE, QueuePeers.RING_BYTES, 0, 1 << 20));
        } else {
            createZeroed(ping, QueuePeers.RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH);
            createZeroed(pong, QueuePeers.RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH);
        }
        try {
            final long warmup = n(50_000);
            final long count = n(200_000);
            final Process ponger = start(kind + "-pong", base, size, warmup, count, false);
            final Process pinger = start(kind + "-ping", base, size, warmup, count, false);
            final BufferedReader in = reader(pinger);
            String line;
            double[] rtt = null;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("rtt ")) {
                    rtt = Arrays.stream(line.substring(4).split(" ")).mapToDouble(Double::parseDouble).toArray();
                }
            }
            pinger.waitFor();
            ponger.waitFor();
            if (rtt == null) {
                throw new IllegalStateException(kind + " ping printed no rtt line");
            }
            return rtt;
        } finally {
            for (final AutoCloseable c : open) {
                c.close();
            }
            Files.deleteIfExists(ping);
            Files.deleteIfExists(pong);
        }
    }

    private double pair(final String kind, final Path file, final int size, final int producers, final long warmup,
                        final long count, final boolean chronicle) throws Exception {
        final Process consumer = start(kind + "-consumer", file, size, warmup, count, chronicle);
        final List<Process> started = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            started.add(start(kind + "-producer", file, size, warmup / producers, count / producers, chronicle));
        }
        final double rate = parseRate(consumer);
        for (final Process p : started) {
            p.waitFor();
        }
        return rate;
    }

    private static BufferedReader reader(final Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static double parseRate(final Process p) throws IOException, InterruptedException {
        final BufferedReader in = reader(p);
        String line;
        double rate = Double.NaN;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("rate ")) {
                rate = Double.parseDouble(line.substring(5).trim());
            }
        }
        p.waitFor();
        return rate;
    }

    private static Process start(final String role, final Path file, final int size, final long warmup,
                                 final long count, final boolean chronicle) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(RawRings.AGRONA_PEER_ARGS); // the raw Agrona peers only; shmproc needs none
        if (chronicle) {
            command.addAll(Arrays.asList(CHRONICLE_FLAGS));
        }
        command.add("-Xmx256m");
        command.add(Harness.childWarmupOption());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(QueuePeers.class.getName());
        command.addAll(List.of(role, file.toString(), String.valueOf(size), String.valueOf(warmup),
            String.valueOf(count)));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void createZeroed(final Path file, final int length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }

    private static void deleteTree(final Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
