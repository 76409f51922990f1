package io.shmproc.benchmarks.pool;

import io.shmproc.benchmarks.report.Figure;
import io.shmproc.pool.AsyncResult;
import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Cross-process harness for {@link ProcessPool}: the trivial task {@code x -> x * x} as {@code map} over 100,000
 * items (default chunk size), {@code applyAsync} of 10,000 tasks with a callback, 2,000 synchronous
 * {@code apply} calls, and pool start until the first result; medians of several runs, in tasks per second.
 * Peers in the same run: Python's {@code multiprocessing.Pool(2)} ({@code benchmarks/python/pool_bench.py}, when
 * {@code python3} is installed) and an in-process {@link ForkJoinPool} of 2 threads (the ceiling).
 *
 * <pre>
 * mvn -o -B -q package -pl core,benchmarks -am -DskipTests
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.shmproc.benchmarks.pool.PoolHarness [runs] [path/to/pool_bench.py]
 * </pre>
 */
public final class PoolHarness {
    private static final int MAP_ITEMS = 100_000;
    private static final int ASYNC_TASKS = 10_000;
    private static final int APPLY_CALLS = 2_000;

    private PoolHarness() {
    }

    /**
     * Runs the harness.
     *
     * @param args runs (default 5), path of the Python script (default benchmarks/python/pool_bench.py)
     * @throws Exception when a measurement fails
     */
    public static void main(final String[] args) throws Exception {
        final boolean quick = args.length > 0 && args[0].equals("--quick");
        final int runs = quick ? 2 : args.length > 0 ? Integer.parseInt(args[0]) : 5;
        final Path script = Path.of(args.length > 1 ? args[1] : "benchmarks/python/pool_bench.py");
        final List<Integer> items = IntStream.range(0, MAP_ITEMS).boxed().collect(Collectors.toList());

        final double[] starts = new double[3];
        for (int i = 0; i < starts.length; i++) {
            final long t0 = System.nanoTime();
            try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(2))) {
                pool.apply(() -> 1);
                starts[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        final double[] maps = new double[runs];
        final double[] asyncs = new double[runs];
        final double[] applies = new double[runs];
        try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(2))) {
            for (int i = 0; i < 3; i++) {
                pool.map(x -> x * x, items);
                applyAsync(pool);
                apply(pool, APPLY_CALLS);
            }
            for (int i = 0; i < runs; i++) {
                maps[i] = rate(MAP_ITEMS, () -> pool.map(x -> x * x, items));
                asyncs[i] = rate(ASYNC_TASKS, () -> applyAsync(pool));
                applies[i] = rate(APPLY_CALLS, () -> apply(pool, APPLY_CALLS));
            }
        }
        final double[] fjMaps = new double[runs];
        final double[] fjAsyncs = new double[runs];
        final double[] fjApplies = new double[runs];
        final ForkJoinPool fj = new ForkJoinPool(2);
        try {
            for (int i = 0; i < 3 + runs; i++) {
                final int run = i - 3;
                final double m = rate(MAP_ITEMS, () -> fj.submit(() -> items.parallelStream().map(x -> x * x)
                    .collect(Collectors.toList())).join());
                final double a = rate(ASYNC_TASKS, () -> forkJoinAsync(fj));
                final double p = rate(APPLY_CALLS, () -> {
                    for (int k = 0; k < APPLY_CALLS; k++) {
                        final int x = k;
                        fj.submit(() -> x * x).join();
                    }
                });
                if (run >= 0) {
                    fjMaps[run] = m;
                    fjAsyncs[run] = a;
                    fjApplies[run] = p;
                }
            }
        } finally {
            fj.shutdown();
        }
        final String python = Files.exists(script) ? runPython(script, runs) : null;
        System.out.printf("machine: %d cpus, %s, java %s%n", Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name"), System.getProperty("java.version"));
        System.out.printf("shmproc ProcessPool(2): start->first result %.1f ms (median of 3)%n", median(starts));
        System.out.printf("shmproc map        %,12.0f tasks/s   (runs: %s)%n", median(maps), show(maps));
        System.out.printf("shmproc applyAsync %,12.0f tasks/s   (runs: %s)%n", median(asyncs), show(asyncs));
        System.out.printf("shmproc apply      %,12.0f calls/s   (runs: %s)%n", median(applies), show(applies));
        System.out.printf("ForkJoinPool(2) map %,11.0f tasks/s, applyAsync %,.0f tasks/s, apply %,.0f calls/s%n",
            median(fjMaps), median(fjAsyncs), median(fjApplies));
        System.out.println("python: " + (python == null ? "not run (no script or python3)" : python));
        figures("shmproc", median(maps), median(asyncs), median(applies), median(starts));
        figures("forkjoin-pool", median(fjMaps), median(fjAsyncs), median(fjApplies), Double.NaN);
        if (python != null) {
            figures("python-mp", pythonField(python, "map_per_s"), pythonField(python, "apply_async_per_s"),
                pythonField(python, "apply_per_s"), pythonField(python, "start_ms"));
        }
    }

    private static void figures(final String impl, final double map, final double async, final double apply,
                                final double startMillis) {
        new Figure("pool-map-100k", impl, "tasks_per_s", map, "tasks/s").print();
        new Figure("pool-apply-async-10k", impl, "tasks_per_s", async, "tasks/s").print();
        new Figure("pool-apply-2k", impl, "tasks_per_s", apply, "calls/s").print();
        if (!Double.isNaN(startMillis)) {
            new Figure("pool-start", impl, "ms", startMillis, "ms").print();
        }
    }

    private static double pythonField(final String json, final String field) {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\":\\s*([0-9.eE+-]+)")
            .matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static void applyAsync(final ProcessPool pool) {
        final CountDownLatch done = new CountDownLatch(ASYNC_TASKS);
        final AtomicInteger sum = new AtomicInteger();
        for (int i = 0; i < ASYNC_TASKS; i++) {
            pool.applyAsync((Integer x) -> x * x, i, r -> {
                sum.addAndGet(r);
                done.countDown();
            }, Throwable::printStackTrace);
        }
        await(done);
    }

    private static void apply(final ProcessPool pool, final int calls) {
        for (int i = 0; i < calls; i++) {
            pool.apply((Integer x) -> x * x, i);
        }
    }

    private static void forkJoinAsync(final ForkJoinPool fj) {
        final CountDownLatch done = new CountDownLatch(ASYNC_TASKS);
        for (int i = 0; i < ASYNC_TASKS; i++) {
            final int x = i;
            CompletableFuture.supplyAsync(() -> x * x, fj).thenAccept(r -> done.countDown());
        }
        await(done);
    }

    private static void await(final CountDownLatch latch) {
        try {
            if (!latch.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("tasks did not finish in 120 s");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double rate(final int count, final Runnable body) {
        final long t0 = System.nanoTime();
        body.run();
        return count * 1e9 / (System.nanoTime() - t0);
    }

    private static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String show(final double[] values) {
        final List<String> out = new ArrayList<>();
        for (final double v : values) {
            out.add(String.format("%,.0f", v));
        }
        return String.join(" ", out);
    }

    private static String runPython(final Path script, final int runs) throws Exception {
        try {
            final Process python = new ProcessBuilder("python3", script.toString(), Integer.toString(runs))
                .redirectErrorStream(true).start();
            final String out;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(python.getInputStream(),
                StandardCharsets.UTF_8))) {
                out = in.lines().collect(Collectors.joining("\n"));
            }
            python.waitFor(300, TimeUnit.SECONDS);
            return out;
        } catch (final java.io.IOException e) {
            return null;
        }
    }
}
