package io.shmproc.benchmarks.process;

import io.shmproc.Shmproc;
import io.shmproc.benchmarks.channel.RawRings;
import io.shmproc.benchmarks.report.Figure;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.PayloadInitializer;
import io.shmproc.memory.RegionKind;
import io.shmproc.process.ShmProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Measures child JVM start: the time from {@link ShmProcess#start()} to the first message the parent receives
 * from the child (the child attaches a mapped region and writes one word to it), beside a bare
 * {@code java -cp <cp> BareHello} (time to its first line on a pipe) measured in the same run, interleaved. The
 * parent polls the flag parked (every 20 µs), not spinning, so that it does not compete with the child for a CPU.
 * Two more rows show what command-line options alone cost: BareHello with {@code --add-exports} (which
 * children do not get: they receive the export from their launcher jar's manifest), and with the child options. Optionally also Python's {@code multiprocessing} spawn start (start() to the first message on a Pipe).
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.shmproc.benchmarks.process.ProcessStartHarness [runs=20]
 * </pre>
 * Prints each figure's median (and min, max) in milliseconds and its ratio to the bare JVM start.
 */
public final class ProcessStartHarness {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** The parent polls the flag every 20 µs, parked in between, so it leaves the CPUs to the starting child. */
    private static final long POLL_NANOS = 20_000;

    private ProcessStartHarness() {
    }

    /**
     * Entry point.
     *
     * @param args optional: the number of runs (default 20)
     * @throws Exception when a start fails
     */
    public static void main(final String[] args) throws Exception {
        final boolean quick = args.length > 0 && args[0].equals("--quick");
        final int runs = quick ? 5 : args.length > 0 ? Integer.parseInt(args[0]) : 20;
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final String classPath = System.getProperty("java.class.path");
        final Map<String, List<Double>> figures = new LinkedHashMap<>();
        try (Shmproc mp = Shmproc.open()) {
            final List<String> childOptions = mp.options().childJvmOptions();
            final List<String> bare = List.of(java, "-cp", classPath, BareHello.class.getName());
            final List<String> exported = new ArrayList<>(List.of(java));
            exported.addAll(RawRings.AGRONA_PEER_ARGS); // what a start with an --add-exports option costs
            exported.addAll(List.of("-cp", classPath, BareHello.class.getName()));
            final List<String> tuned = new ArrayList<>(List.of(java));
            tuned.addAll(childOptions);
            tuned.addAll(List.of("-cp", classPath, BareHello.class.getName()));
            final Path file = mp.directory().resolve("start-flag");
            try (MappedRegion region = MappedRegion.create(file, RegionKind.RAW, 1, 64, PayloadInitializer.ZEROED)) {
                shmprocStart(mp, file, region.payload(), 0);
                for (int run = 1; run <= runs; run++) {
                    figures.computeIfAbsent("bare java -cp BareHello", k -> new ArrayList<>()).add(firstLine(bare));
                    figures.computeIfAbsent("java --add-exports, BareHello", k -> new ArrayList<>())
                        .add(firstLine(exported));
                    figures.computeIfAbsent("java + child options, BareHello", k -> new ArrayList<>())
                        .add(firstLine(tuned));
                    figures.computeIfAbsent("ShmProcess.start() -> first message", k -> new ArrayList<>())
                        .add(shmprocStart(mp, file, region.payload(), run));
                }
            }
            final Double python = pythonSpawn(runs);
            System.out.printf("child JVM options: %s; %d runs, interleaved; %d cpus%n", childOptions, runs,
                ShmProcess.cpuCount());
            final double base = median(figures.get("bare java -cp BareHello"));
            System.out.printf("%-40s %9s %9s %9s %7s%n", "start", "median ms", "min ms", "max ms", "ratio");
            for (final Map.Entry<String, List<Double>> entry : figures.entrySet()) {
                final List<Double> values = entry.getValue();
                final double median = median(values);
                System.out.printf("%-40s %9.1f %9.1f %9.1f %7.2f%n", entry.getKey(), median,
                    values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    values.stream().mapToDouble(Double::doubleValue).max().orElse(0), median / base);
            }
            if (python != null) {
                System.out.printf("%-40s %9.1f %9s %9s %7.2f%n", "python multiprocessing spawn", python, "", "",
                    python / base);
                new Figure("process-start", "python-mp", "ms", python, "ms").print();
            }
            new Figure("process-start", "shmproc", "ms", median(figures.get("ShmProcess.start() -> first message")),
                "ms").print();
            new Figure("process-start", "bare-jvm", "ms", base, "ms").print();
        }
    }

    private static double shmprocStart(final Shmproc mp, final Path file, final AtomicBuffer flag, final long run)
        throws InterruptedException {
        final String path = file.toString();
        final long begin = System.nanoTime();
        final ShmProcess child = mp.process(() -> signal(path, run)).start();
        while (flag.getLongVolatile(0) != run) {
            if (System.nanoTime() - begin > TIMEOUT_NANOS) {
                throw new IllegalStateException("no first message from " + child);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        final double millis = (System.nanoTime() - begin) / 1e6;
        child.join();
        if (child.exitCode().orElse(-1) != 0) {
            throw new IllegalStateException("child failed: " + child);
        }
        child.close();
        return millis;
    }

    private static void signal(final String path, final long run) {
        try (MappedRegion region = MappedRegion.attach(Path.of(path), RegionKind.RAW, 1)) {
            region.payload().putLongRelease(0, run);
        }
    }

    private static double firstLine(final List<String> command) throws IOException, InterruptedException {
        final long begin = System.nanoTime();
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            final String line = out.readLine();
            final double millis = (System.nanoTime() - begin) / 1e6;
            if (!"hello".equals(line)) {
                throw new IllegalStateException(command + " printed " + line);
            }
            process.waitFor();
            return millis;
        }
    }

    private static Double pythonSpawn(final int runs) throws IOException, InterruptedException {
        final Path script = Files.createTempFile("shmproc-spawn-", ".py");
        try {
            Files.writeString(script, String.join("\n",
                "import multiprocessing as mp, statistics, sys, time",
                "def child(conn):",
                "    conn.send(1)",
                "if __name__ == '__main__':",
                "    ctx = mp.get_context('spawn')",
                "    times = []",
                "    for i in range(int(sys.argv[1])):",
                "        a, b = ctx.Pipe()",
                "        t0 = time.perf_counter()",
                "        p = ctx.Process(target=child, args=(b,))",
                "        p.start()",
                "        a.recv()",
                "        times.append((time.perf_counter() - t0) * 1000)",
                "        p.join()",
                "    print(statistics.median(times))", ""));
            final Process python = new ProcessBuilder("python3", script.toString(), Integer.toString(runs))
                .redirectErrorStream(true).start();
            final String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (python.waitFor() != 0) {
                System.out.println("python3 spawn measurement failed: " + out);
                return null;
            }
            return Double.parseDouble(out);
        } catch (final IOException e) {
            System.out.println("no python3: " + e.getMessage());
            return null;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static double median(final List<Double> values) {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
