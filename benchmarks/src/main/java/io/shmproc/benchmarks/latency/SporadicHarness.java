package io.shmproc.benchmarks.latency;

import io.shmproc.benchmarks.report.Figure;
import io.shmproc.benchmarks.report.Harness;
import io.shmproc.Warmup;
import io.shmproc.memory.KernelWakeup;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sporadic messages to a blocked consumer: one {@link System#nanoTime()} stamp every GAP (1 ms, 20 ms, 200 ms,
 * 2 s) from this JVM to a consumer child JVM blocked in {@code SharedQueue.take()} or {@code Connection.recv()};
 * the child answers each stamp with its latency, and the next stamp leaves GAP after the answer, so every
 * message finds a consumer that has waited GAP. Also the blocked consumer thread's CPU over the 2 s gaps.
 *
 * <p>Figures: scenarios {@code sporadic-queue-<gap>} and {@code sporadic-pipe-<gap>}, metrics {@code p50_ns}
 * and {@code p99_ns}; impls {@code shmproc} (kernel wake-up on, the default) and {@code shmproc-nowake}
 * ({@value KernelWakeup#ENABLED_PROPERTY}{@code =false}: park and back off, the previous behaviour). Both JVMs
 * measure after shmproc's background JIT warm-up ({@link Warmup}) has finished, as in a consumer that has been
 * up for a second or two; run with {@code -Dshmproc.warmup=off} for a JVM's first messages. The
 * scenarios {@code sporadic-cpu-queue} and {@code sporadic-cpu-pipe} give the blocked consumer thread's CPU
 * ({@code cpu_pct}, percent of one core). Python's {@code Queue} and {@code Pipe} print into the same
 * scenarios from {@code benchmarks/python/sporadic_peer.py}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.shmproc.benchmarks.latency.SporadicHarness [--quick]
 * </pre>
 */
public final class SporadicHarness {
    /** Gaps in milliseconds, and their names in scenario ids. */
    static final long[] GAPS_MILLIS = {1, 20, 200, 2_000};
    static final String[] GAP_NAMES = {"1ms", "20ms", "200ms", "2s"};
    /** Samples per gap: about 15 s per consumer in all. */
    static final int[] SAMPLES = {200, 50, 20, 5};
    /** Samples per gap with {@code --quick}: about 5 s per consumer. */
    static final int[] QUICK_SAMPLES = {50, 10, 5, 2};
    private static final int WARMUP = 200;

    private SporadicHarness() {
    }

    /**
     * Entry point.
     *
     * @param args {@code [--quick]}, or a child's arguments
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1], Path.of(args[2]));
            return;
        }
        final boolean quick = Arrays.asList(args).contains("--quick");
        final int[] samples = quick ? QUICK_SAMPLES : SAMPLES;
        final SharedDirectory dir = SharedDirectory.create(SharedDirectory.defaultBase());
        try {
            for (final String kind : new String[] {"queue", "pipe"}) {
                measure(dir, kind, true, samples);
                // the previous behaviour for comparison (the long gap is left out: its CPU figure says enough)
                measure(dir, kind, false, quick ? samples : Arrays.copyOf(samples, 3));
            }
        } finally {
            dir.delete();
        }
    }

    private static void measure(final SharedDirectory dir, final String kind, final boolean wake,
                                final int[] samples) throws Exception {
        final String impl = wake ? "shmproc" : "shmproc-nowake";
        final Path file = dir.resolve(kind + (wake ? "-wake" : "-nowake"));
        final SharedQueue<Long> queue = kind.equals("queue") ? SharedQueue.create(file, QueueOptions.defaults())
            : null;
        final Pipe<Object> pipe = kind.equals("pipe") ? Pipe.open(file) : null;
        final Path handle = Path.of(file + ".end");
        if (pipe != null) {
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(handle))) {
                out.writeObject(pipe.second());
            }
        }
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-D" + KernelWakeup.ENABLED_PROPERTY + "=" + wake);
        command.add(Harness.childWarmupOption());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SporadicHarness.class.getName(), "child",
            kind, (pipe != null ? handle : file).toString()));
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.UTF_8))) {
            expect(in, "ready");
            // both JVMs measure after shmproc's background warm-up (if on): a consumer up for a second or two
            Warmup.await(60, TimeUnit.SECONDS);
            for (int i = 0; i < WARMUP; i++) { // JIT-compile both sides' paths, busy consumer
                send(queue, pipe, System.nanoTime());
                in.readLine();
            }
            for (int g = 0; g < GAPS_MILLIS.length && g < samples.length; g++) {
                final long[] latencies = new long[samples[g]];
                long cpuFirst = 0;
                long cpuLast = 0;
                long wallFirst = 0;
                long wallLast = 0;
                for (int i = 0; i < samples[g]; i++) {
                    Thread.sleep(GAPS_MILLIS[g]);
                    send(queue, pipe, System.nanoTime());
                    final String[] answer = in.readLine().split(" ");
                    latencies[i] = Long.parseLong(answer[0]);
                    if (i == 0) {
                        cpuFirst = Long.parseLong(answer[1]);
                        wallFirst = System.nanoTime();
                    }
                    cpuLast = Long.parseLong(answer[1]);
                    wallLast = System.nanoTime();
                }
                Arrays.sort(latencies);
                final String scenario = "sporadic-" + kind + "-" + GAP_NAMES[g];
                new Figure(scenario, impl, "p50_ns", latencies[latencies.length / 2], "ns").print();
                new Figure(scenario, impl, "p99_ns", latencies[(int) Math.min(latencies.length - 1,
                    Math.ceil(latencies.length * 0.99) - 1)], "ns").print();
                if (g == GAPS_MILLIS.length - 1 && samples[g] > 1) {
                    new Figure("sporadic-cpu-" + kind, impl, "cpu_pct",
                        100.0 * (cpuLast - cpuFirst) / (wallLast - wallFirst), "%").print();
                }
            }
            send(queue, pipe, -1);
            child.waitFor(30, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            if (queue != null) {
                queue.close();
                queue.unlink();
            }
            if (pipe != null) {
                pipe.close();
            }
            Files.deleteIfExists(handle);
        }
    }

    private static void send(final SharedQueue<Long> queue, final Pipe<Object> pipe, final long stamp)
        throws Exception {
        if (queue != null) {
            queue.put(stamp);
        } else {
            pipe.first().send(stamp);
        }
    }

    private static void expect(final BufferedReader in, final String line) throws Exception {
        final String got = in.readLine();
        if (!line.equals(got)) {
            throw new IllegalStateException("the consumer child printed '" + got + "', expected '" + line + "'");
        }
    }

    /** The consumer: blocked in take() or recv(); answers each stamp with its latency and its thread's CPU. */
    private static void child(final String kind, final Path file) throws Exception {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (kind.equals("queue")) {
            try (SharedQueue<Long> queue = SharedQueue.attach(file, QueueOptions.defaults())) {
                Warmup.await(60, TimeUnit.SECONDS);
                System.out.println("ready");
                System.out.flush();
                while (true) {
                    final long stamp = queue.take();
                    final long latency = System.nanoTime() - stamp;
                    if (stamp < 0) {
                        return;
                    }
                    System.out.println(latency + " " + threads.getCurrentThreadCpuTime());
                    System.out.flush();
                }
            }
        }
        final Connection<Object> connection;
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
            @SuppressWarnings("unchecked")
            final Connection<Object> read = (Connection<Object>) in.readObject();
            connection = read;
        }
        try (connection) {
            Warmup.await(60, TimeUnit.SECONDS);
            System.out.println("ready");
            System.out.flush();
            while (true) {
                final long stamp = (Long) connection.recv();
                final long latency = System.nanoTime() - stamp;
                if (stamp < 0) {
                    return;
                }
                System.out.println(latency + " " + threads.getCurrentThreadCpuTime());
                System.out.flush();
            }
        }
    }
}
