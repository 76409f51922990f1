package io.shmproc.benchmarks.state;

import io.shmproc.benchmarks.report.Figure;
import io.shmproc.codec.Codecs;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.state.ListOptions;
import io.shmproc.state.SharedList;
import io.shmproc.state.SharedLong;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared-state scenarios of the comparison report, in one process: {@code dict-get-long} and
 * {@code dict-put-long} over {@link DictPeers#KEYS} {@code Long -> Long} entries for shmproc's {@code SharedDict},
 * Chronicle Map and {@code ConcurrentHashMap}; {@code counter-incr} for {@code SharedLong} beside
 * {@code AtomicLong}; {@code list-append}, {@code list-get}, {@code list-set}, {@code list-insert0} and
 * {@code list-remove0} for {@code SharedList}; and Python's {@code Manager().dict()}, {@code Value} and
 * {@code Manager().list()} through {@code benchmarks/python/manager_dict.py} and {@code manager_list.py} when
 * {@code python3} is on the PATH. Each figure is the median of
 * three timed rounds after a warm-up round.
 *
 * <pre>java $(cat benchmarks/chronicle.jvm) -cp benchmarks/target/benchmarks.jar \
 *     io.shmproc.benchmarks.state.StateReportHarness [--quick]</pre>
 */
public final class StateReportHarness {
    private static final int LIST_SIZE = 1000;
    private static final Map<String, String> IMPLS = Map.of("shmproc", "shmproc", "chronicle", "chronicle-map",
        "chm", "concurrent-hash-map");

    private StateReportHarness() {
    }

    /**
     * Entry point.
     *
     * @param args {@code [--quick]}
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        final boolean quick = args.length > 0 && args[0].equals("--quick");
        final int rounds = quick ? 2 : 4;
        final Object[] keys = DictPeers.keys("long");
        final Object[] values = DictPeers.values("long");
        for (final String impl : new String[] {"shmproc", "chronicle", "chm"}) {
            final Path dir = Files.createTempDirectory(SharedDirectory.defaultBase(), "shmproc-bench-report-");
            try {
                final Map<Object, Object> map = DictPeers.open(impl, "long", dir);
                final double[] puts = new double[rounds];
                final double[] gets = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long start = System.nanoTime();
                    for (int i = 0; i < keys.length; i++) {
                        map.put(keys[i], values[i]);
                    }
                    puts[r] = keys.length * 1e9 / (System.nanoTime() - start);
                    start = System.nanoTime();
                    long sink = 0;
                    for (int i = 0; i < keys.length; i++) {
                        sink += (Long) map.get(keys[i]);
                    }
                    gets[r] = keys.length * 1e9 / (System.nanoTime() - start);
                    if (sink == 42) {
                        System.out.println("unlikely");
                    }
                }
                DictPeers.close(map);
                new Figure("dict-get-long", IMPLS.get(impl), "ops_per_s", medianAfterWarmup(gets), "ops/s").print();
                new Figure("dict-put-long", IMPLS.get(impl), "ops_per_s", medianAfterWarmup(puts), "ops/s").print();
            } finally {
                SharedDirectory.deleteTree(dir);
            }
        }
        counters(quick ? 2_000_000 : 20_000_000, rounds);
        lists(quick ? 20 : 100, rounds);
        python(quick ? 1 : 2);
    }

    /**
     * The list scenarios on a {@code SharedList<Long>} of {@value #LIST_SIZE} elements: append, get, set, and
     * rounds of {@value #LIST_SIZE} {@code add(0, x)} then {@value #LIST_SIZE} {@code remove(0)} (size 1,000 to
     * 2,000), as {@code benchmarks/python/manager_list.py} does with Python's {@code Manager().list()}.
     */
    private static void lists(final int cycles, final int rounds) throws IOException {
        final String[] scenarios = {"list-append", "list-get", "list-set", "list-insert0", "list-remove0"};
        final double[][] rates = new double[scenarios.length][rounds];
        final Path dir = Files.createTempDirectory(SharedDirectory.defaultBase(), "shmproc-bench-report-");
        try (SharedList<Long> list = SharedList.open(dir.resolve("list"), ListOptions.of(Codecs.longs()));
             SharedList<Long> grow = SharedList.open(dir.resolve("grow"), ListOptions.of(Codecs.longs()))) {
            for (int i = 0; i < LIST_SIZE; i++) {
                list.add((long) i);
            }
            final int ops = cycles * LIST_SIZE;
            long sink = 0;
            for (int r = 0; r < rounds; r++) {
                grow.clear();
                long start = System.nanoTime();
                for (int i = 0; i < ops; i++) {
                    grow.add((long) i);
                }
                rates[0][r] = ops * 1e9 / (System.nanoTime() - start);
                start = System.nanoTime();
                for (int i = 0; i < ops; i++) {
                    sink += list.get(i % LIST_SIZE);
                }
                rates[1][r] = ops * 1e9 / (System.nanoTime() - start);
                start = System.nanoTime();
                for (int i = 0; i < ops; i++) {
                    list.set(i % LIST_SIZE, (long) i);
                }
                rates[2][r] = ops * 1e9 / (System.nanoTime() - start);
                long inserting = 0;
                long removing = 0;
                for (int c = 0; c < cycles / 10 + 1; c++) {
                    start = System.nanoTime();
                    for (int i = 0; i < LIST_SIZE; i++) {
                        list.add(0, (long) i);
                    }
                    final long middle = System.nanoTime();
                    for (int i = 0; i < LIST_SIZE; i++) {
                        sink += list.remove(0);
                    }
                    inserting += middle - start;
                    removing += System.nanoTime() - middle;
                }
                rates[3][r] = (cycles / 10 + 1) * (double) LIST_SIZE * 1e9 / inserting;
                rates[4][r] = (cycles / 10 + 1) * (double) LIST_SIZE * 1e9 / removing;
            }
            if (sink == 42) {
                System.out.println("unlikely");
            }
            for (int s = 0; s < scenarios.length; s++) {
                new Figure(scenarios[s], "shmproc", "ops_per_s", medianAfterWarmup(rates[s]), "ops/s").print();
            }
        } finally {
            SharedDirectory.deleteTree(dir);
        }
    }

    private static void counters(final int increments, final int rounds) throws IOException {
        final Path dir = Files.createTempDirectory(SharedDirectory.defaultBase(), "shmproc-bench-report-");
        try (SharedLong counter = SharedLong.open(dir.resolve("counter"), 0)) {
            final AtomicLong atomic = new AtomicLong();
            final double[] shared = new double[rounds];
            final double[] local = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                for (int i = 0; i < increments; i++) {
                    counter.incrementAndGet();
                }
                shared[r] = increments * 1e9 / (System.nanoTime() - start);
                start = System.nanoTime();
                for (int i = 0; i < increments; i++) {
                    atomic.incrementAndGet();
                }
                local[r] = increments * 1e9 / (System.nanoTime() - start);
            }
            new Figure("counter-incr", "shmproc", "ops_per_s", medianAfterWarmup(shared), "incr/s").print();
            new Figure("counter-incr", "atomic-long", "ops_per_s", medianAfterWarmup(local), "incr/s").print();
        } finally {
            SharedDirectory.deleteTree(dir);
        }
    }

    private static void python(final int seconds) throws InterruptedException {
        pythonDict(seconds);
        pythonList(seconds);
    }

    private static void pythonList(final int seconds) throws InterruptedException {
        final Path script = Path.of("benchmarks", "python", "manager_list.py");
        if (!Files.exists(script)) {
            System.out.println("python peer skipped: " + script + " not found (run from the repository root)");
            return;
        }
        try {
            final Process python = new ProcessBuilder("python3", script.toString(), Integer.toString(seconds))
                .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
                StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    System.out.println("python: " + line);
                    final String[] f = line.trim().split("\\s+");
                    if (line.startsWith("python-manager list") && f.length >= 5) {
                        new Figure("list-" + f[2], "python-mp", "ops_per_s", Double.parseDouble(f[4]), "ops/s")
                            .print();
                    }
                }
            }
            python.waitFor(120, TimeUnit.SECONDS);
        } catch (final IOException e) {
            System.out.println("python peer skipped: " + e.getMessage());
        }
    }

    private static void pythonDict(final int seconds) throws InterruptedException {
        final Path script = Path.of("benchmarks", "python", "manager_dict.py");
        if (!Files.exists(script)) {
            System.out.println("python peer skipped: " + script + " not found (run from the repository root)");
            return;
        }
        try {
            final Process python = new ProcessBuilder("python3", script.toString(), Integer.toString(seconds))
                .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
                StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    System.out.println("python: " + line);
                    final String[] f = line.trim().split("\\s+");
                    if (line.startsWith("python-manager long") && line.contains(" x1 ")) {
                        final String scenario = f[2].equals("set") ? "dict-put-long" : "dict-get-long";
                        new Figure(scenario, "python-mp", "ops_per_s", Double.parseDouble(f[4]), "ops/s").print();
                    } else if (line.startsWith("python-value") && line.contains("counter x1")) {
                        new Figure("counter-incr", "python-mp", "ops_per_s", Double.parseDouble(f[3]), "incr/s")
                            .print();
                    }
                }
            }
            python.waitFor(120, TimeUnit.SECONDS);
        } catch (final IOException e) {
            System.out.println("python peer skipped: " + e.getMessage());
        }
    }

    private static double medianAfterWarmup(final double[] rounds) {
        final double[] timed = Arrays.copyOfRange(rounds, 1, rounds.length);
        Arrays.sort(timed);
        return timed[timed.length / 2];
    }
}
