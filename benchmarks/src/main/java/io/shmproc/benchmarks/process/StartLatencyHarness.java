package io.shmproc.benchmarks.process;

import io.shmproc.Shmproc;
import io.shmproc.benchmarks.report.Figure;
import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import io.shmproc.process.ShmProcess;
import io.shmproc.queue.SharedQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Child start as a user feels it, cold and from warm spares, beside Python's start methods (measured by
 * {@code benchmarks/python/start_bench.py} in the same report run):
 * <ul>
 *   <li>{@code start-user}: {@code mp.process(() -> queue.put("hello")).start()} until the parent's
 *       {@code queue.take()} returns: the child decodes its lambda, re-attaches the captured queue and encodes one
 *       object with the default codec;</li>
 *   <li>{@code pool4-first-result}: {@code mp.pool(4 processes)} until the first {@code apply(x -> x * x, 3)}
 *       returns.</li>
 * </ul>
 * {@code shmproc-cold} runs with {@code shmproc.child.spares=0} (every child a new JVM); {@code shmproc-warm} with
 * spares on, waiting before each run until the spares are ready ({@link ShmProcess#awaitSpares(Duration)}), so
 * it measures the hand-off. One untimed run first in each mode (it may build the class-data archive).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.shmproc.benchmarks.process.StartLatencyHarness [runs=12]
 * </pre>
 */
public final class StartLatencyHarness {
    private static final String SPARES = "shmproc.child.spares";
    private static final Duration READY = Duration.ofSeconds(60);

    private StartLatencyHarness() {
    }

    /**
     * Entry point.
     *
     * @param args the number of runs (default 12), or {@code --quick} (4)
     * @throws Exception when a start fails
     */
    public static void main(final String[] args) throws Exception {
        final boolean quick = args.length > 0 && args[0].equals("--quick");
        final int runs = quick ? 4 : args.length > 0 ? Integer.parseInt(args[0]) : 12;
        System.out.printf("%-40s %9s %9s %9s%n", "start", "median ms", "min ms", "max ms");
        report("start-user", "shmproc-cold", userPath(false, runs));
        report("start-user", "shmproc-warm", userPath(true, runs));
        report("pool4-first-result", "shmproc-cold", poolFirst(false, runs));
        report("pool4-first-result", "shmproc-warm", poolFirst(true, runs));
        System.exit(0);
    }

    private static List<Double> userPath(final boolean warm, final int runs) throws Exception {
        System.setProperty(SPARES, warm ? "1" : "0");
        final List<Double> times = new ArrayList<>();
        try (Shmproc mp = Shmproc.open()) {
            final SharedQueue<String> queue = mp.queue("start");
            for (int run = 0; run <= runs; run++) {
                if (!ShmProcess.awaitSpares(READY)) {
                    throw new IllegalStateException("spares not ready within " + READY);
                }
                final long begin = System.nanoTime();
                final ShmProcess child = mp.process(() -> queue.put("hello")).start();
                final String first = queue.take();
                final double millis = (System.nanoTime() - begin) / 1e6;
                if (!"hello".equals(first)) {
                    throw new IllegalStateException("child sent " + first);
                }
                child.join();
                if (child.exitCode().orElse(-1) != 0) {
                    throw new IllegalStateException("child failed: " + child);
                }
                child.close();
                if (run > 0) {
                    times.add(millis);
                }
            }
        }
        return times;
    }

    private static List<Double> poolFirst(final boolean warm, final int runs) throws Exception {
        System.setProperty(SPARES, warm ? "4" : "0");
        final List<Double> times = new ArrayList<>();
        try (Shmproc mp = Shmproc.open()) {
            for (int run = 0; run <= runs; run++) {
                if (!ShmProcess.awaitSpares(READY)) {
                    throw new IllegalStateException("spares not ready within " + READY);
                }
                final long begin = System.nanoTime();
                final double millis;
                try (ProcessPool pool = mp.pool(PoolOptions.defaults().processes(4))) {
                    final Integer result = pool.apply(x -> x * x, 3);
                    millis = (System.nanoTime() - begin) / 1e6;
                    if (result != 9) {
                        throw new IllegalStateException("pool returned " + result);
                    }
                }
                if (run > 0) {
                    times.add(millis);
                }
            }
        }
        return times;
    }

    private static void report(final String scenario, final String impl, final List<Double> times) {
        final double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        final int middle = sorted.length / 2;
        final double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        System.out.printf(Locale.ROOT, "%-40s %9.2f %9.2f %9.2f%n", scenario + " " + impl, median, sorted[0],
            sorted[sorted.length - 1]);
        new Figure(scenario, impl, "ms", median, "ms").print();
    }
}
