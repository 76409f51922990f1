package io.shmproc.benchmarks.state;

import io.shmproc.benchmarks.report.Harness;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.state.SharedLong;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Cross-process throughput of shared maps and counters, each scenario run in fresh JVMs side by side:
 * <ul>
 *   <li>{@code read-while-write}: one JVM puts while another gets, both counted;</li>
 *   <li>{@code both-write}: two JVMs put into the same map at once (disjoint halves of the keys);</li>
 *   <li>{@code counter}: one, then two JVMs incrementing one {@link SharedLong}.</li>
 * </ul>
 * Maps: shmproc {@code SharedDict} and Chronicle Map (both files in {@code /dev/shm}), for {@code long} and
 * 16-character {@code string} keys (64-byte values).
 *
 * <pre>
 * java $(cat benchmarks/chronicle.jvm) -cp benchmarks/target/benchmarks.jar \
 *     io.shmproc.benchmarks.state.StateCrossProcessHarness [seconds]
 * </pre>
 */
public final class StateCrossProcessHarness {
    /** JVM flags every worker needs (Chronicle Map's; shmproc needs none). */
    static final List<String> FLAGS = List.of(
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dchronicle.disk.monitor.disable=true");

    private StateCrossProcessHarness() {
    }

    /**
     * Runs every scenario, or a worker when the first argument is {@code worker}.
     *
     * @param args {@code [seconds]}, default 3
     * @throws Exception when a worker fails
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            worker(args);
            return;
        }
        final double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        System.out.printf("%-10s %-7s %-17s %14s %14s%n", "impl", "keys", "scenario", "ops/s (1st)", "ops/s (2nd)");
        for (final String keys : new String[] {"long", "string"}) {
            for (final String impl : new String[] {"shmproc", "chronicle"}) {
                scenario(impl, keys, "read-while-write", "put", "get", seconds);
                scenario(impl, keys, "both-write", "put-low", "put-high", seconds);
            }
        }
        final Path dir = Files.createTempDirectory(SharedDirectory.defaultBase(), "shmproc-bench-counter-");
        try {
            SharedLong.open(dir.resolve("counter"), 0).close();
            final long[] one = run(dir, seconds, "shmproc", "long", "incr");
            System.out.printf("%-10s %-7s %-17s %14.0f %14s%n", "shmproc", "-", "counter x1", one[0] / seconds, "-");
            final long[] two = run(dir, seconds, "shmproc", "long", "incr", "incr");
            System.out.printf("%-10s %-7s %-17s %14.0f %14.0f  total %.0f%n", "shmproc", "-", "counter x2",
                two[0] / seconds, two[1] / seconds, (two[0] + two[1]) / seconds);
        } finally {
            SharedDirectory.deleteTree(dir);
        }
    }

    private static void scenario(final String impl, final String keys, final String name, final String first,
                                 final String second, final double seconds) throws Exception {
        final Path dir = Files.createTempDirectory(SharedDirectory.defaultBase(), "shmproc-bench-dict-");
        try {
            final Map<Object, Object> map = DictPeers.open(impl, keys, dir);
            final Object[] k = DictPeers.keys(keys);
            final Object[] v = DictPeers.values(keys);
            for (int i = 0; i < DictPeers.KEYS; i++) {
                map.put(k[i], v[i]);
            }
            DictPeers.close(map);
            final long[] ops = run(dir, seconds, impl, keys, first, second);
            System.out.printf("%-10s %-7s %-17s %14.0f %14.0f%n", impl, keys, name + " " + first + "/" + second,
                ops[0] / seconds, ops[1] / seconds);
        } finally {
            SharedDirectory.deleteTree(dir);
        }
    }

    private static long[] run(final Path dir, final double seconds, final String impl, final String keys,
                              final String... roles) throws Exception {
        final List<Process> workers = new ArrayList<>();
        for (final String role : roles) {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(FLAGS);
            command.add(Harness.childWarmupOption());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(StateCrossProcessHarness.class.getName());
            command.addAll(Arrays.asList("worker", dir.toString(), impl, keys, role, Double.toString(seconds)));
            workers.add(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        final long[] ops = new long[roles.length];
        for (int w = 0; w < workers.size(); w++) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(workers.get(w).getInputStream(),
                StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("ops ")) {
                        ops[w] = Long.parseLong(line.substring(4));
                    }
                }
            }
            if (workers.get(w).waitFor() != 0) {
                throw new IllegalStateException("worker " + roles[w] + " failed");
            }
        }
        return ops;
    }

    private static void worker(final String[] args) throws Exception {
        final Path dir = Path.of(args[1]);
        final String impl = args[2];
        final String keys = args[3];
        final String role = args[4];
        final long nanos = (long) (Double.parseDouble(args[5]) * 1e9);
        if (role.equals("incr")) {
            try (SharedLong counter = SharedLong.open(dir.resolve("counter"), 0)) {
                final long start = System.nanoTime();
                long ops = 0;
                while ((ops & 1023) != 0 || System.nanoTime() - start < nanos) {
                    counter.incrementAndGet();
                    ops++;
                }
                System.out.println("ops " + ops);
            }
            return;
        }
        final Map<Object, Object> map = DictPeers.open(impl, keys, dir);
        final Object[] k = DictPeers.keys(keys);
        final Object[] v = DictPeers.values(keys);
        final int from = role.equals("put-high") ? DictPeers.KEYS / 2 : 0;
        final int count = role.startsWith("put-") ? DictPeers.KEYS / 2 : DictPeers.KEYS;
        final boolean put = role.startsWith("put");
        // warm up for a quarter of the time, then measure
        long ops = 0;
        long start = System.nanoTime();
        boolean measuring = false;
        int i = 0;
        Object sink = null;
        while (true) {
            if ((ops & 1023) == 0) {
                final long now = System.nanoTime();
                if (!measuring && now - start > nanos / 4) {
                    measuring = true;
                    start = now;
                    ops = 0;
                } else if (measuring && now - start > nanos) {
                    break;
                }
            }
            final int at = from + i;
            if (put) {
                sink = map.put(k[at], v[at]);
            } else {
                sink = map.get(k[at]);
            }
            i = i + 1 == count ? 0 : i + 1;
            ops++;
        }
        System.out.println("ops " + ops + (sink == null ? "" : ""));
        DictPeers.close(map);
    }
}
