package io.shmproc.benchmarks.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.benchmarks.report.Figure;
import io.shmproc.cluster.ClusterMemberOptions;
import io.shmproc.cluster.ClusterWorker;
import io.shmproc.cluster.LocalCluster;
import io.shmproc.cluster.NetworkNamespace;
import io.shmproc.pool.AsyncResult;
import io.shmproc.pool.MapOptions;
import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import io.shmproc.pool.SerializableFunction;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A process pool whose workers are reached across hosts (issue 15: pools across hosts), on loopback, against the
 * local pool and Hazelcast's {@code IExecutorService}, in the same run; two workers each, the trivial task
 * {@code x -> x + 1}, so that what is measured is the cost of dispatch.
 *
 * <ul>
 *   <li>{@code shmproc-cluster}: {@code mp.pool(PoolOptions.defaults().processes(2))} on a context connected to a
 *       one-member {@link LocalCluster}: two worker JVMs linked to the pool by cluster pipes (Aeron UDP).</li>
 *   <li>{@code shmproc-2hosts} (root only): the same with the member and one worker on this host and one worker in
 *       a network namespace behind a veth pair, started there by the {@code worker} command.</li>
 *   <li>{@code shmproc-local}: {@code ProcessPool.create(PoolOptions.defaults().processes(2))}, the shared-memory
 *       pool.</li>
 *   <li>{@code hazelcast}: Hazelcast 5.7 community, one member in a child JVM (as in {@link HazelcastHarness}) with
 *       an executor {@value #EXECUTOR} of 2 threads, and a {@code HazelcastClient} in this JVM submitting
 *       {@code Callable & Serializable} tasks to {@code client.getExecutorService("bench")} (the member has this
 *       jar on its class path).</li>
 * </ul>
 *
 * <p>Each impl first runs every workload once untimed; then:
 * <ul>
 *   <li>{@code xhost-pool-map}: a map over {@value #MAP_ITEMS} integers in chunks of {@value #CHUNK}
 *       ({@code pool.map(fn, items, MapOptions.defaults().chunksize(100))}; Hazelcast: one callable per chunk
 *       carrying its {@value #CHUNK} items as an {@code int[]} and returning their results, all submitted, then
 *       gathered into one list): {@code items_per_s}.</li>
 *   <li>{@code xhost-pool-apply}: {@value #ASYNC_TASKS} {@code applyAsync} submitted back to back, then all
 *       awaited (Hazelcast: {@code exec.submit(callable)} futures, then every {@code get()}):
 *       {@code tasks_per_s}.</li>
 *   <li>{@code xhost-pool-rtt}: {@value #RTT_WARMUP} untimed then {@value #RTT_CALLS} timed sequential
 *       {@code pool.apply(fn, x)} (Hazelcast: {@code exec.submit(c).get()}): {@code p50_ns}, {@code p99_ns}.</li>
 * </ul>
 * {@code --quick} divides every count by 10.
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --add-modules=java.se \
 *     --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
 *     --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.management/sun.management=ALL-UNNAMED \
 *     --add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED \
 *     -cp benchmarks/target/benchmarks.jar io.shmproc.benchmarks.cluster.PoolAcrossHostsHarness [--quick]
 * </pre>
 */
public final class PoolAcrossHostsHarness {
    private static final int MAP_ITEMS = 20_000;
    private static final int CHUNK = 100;
    private static final int ASYNC_TASKS = 5_000;
    private static final int RTT_WARMUP = 500;
    private static final int RTT_CALLS = 2_000;
    private static final int WORKERS = 2;
    private static final long TIMEOUT_SECONDS = 120;
    private static final String EXECUTOR = "bench";
    /** The task of the shmproc pools; one instance, as a program would hold it. */
    private static final SerializableFunction<Integer, Integer> PLUS_ONE = x -> x + 1;

    private PoolAcrossHostsHarness() {
    }

    /**
     * Entry point: the harness, or with {@code member PORT} the Hazelcast member JVM (it stops at end of standard
     * input).
     *
     * @param args {@code [--quick]} or {@code member PORT}
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("member")) {
            member(Integer.parseInt(args[1]));
            return;
        }
        final int divisor = List.of(args).contains("--quick") ? 10 : 1;
        final Counts counts = new Counts(MAP_ITEMS / divisor, ASYNC_TASKS / divisor, RTT_WARMUP / divisor,
            RTT_CALLS / divisor);
        shmprocCluster(counts);
        shmprocTwoHosts(counts);
        shmprocLocal(counts);
        hazelcast(counts);
    }

    /** The counts of one run. */
    private record Counts(int mapItems, int asyncTasks, int rttWarmup, int rttCalls) {
    }

    /** The three workloads, as one impl runs them; each result list is checked. */
    private interface Dispatch {
        /** A map of x -> x + 1 over {@code items} in chunks of {@value PoolAcrossHostsHarness#CHUNK}. */
        List<Integer> map(List<Integer> items) throws Exception;

        /** {@code count} tasks 0..count-1 submitted back to back, then all awaited. */
        List<Integer> submitAll(int count) throws Exception;

        /** One task, awaited. */
        int apply(int x) throws Exception;
    }

    private static void measure(final String impl, final Dispatch dispatch, final Counts counts) throws Exception {
        final List<Integer> items = new ArrayList<>(counts.mapItems());
        for (int i = 0; i < counts.mapItems(); i++) {
            items.add(i);
        }
        // warm-up: one untimed run of each workload
        check(impl, dispatch.map(items), counts.mapItems());
        check(impl, dispatch.submitAll(counts.asyncTasks()), counts.asyncTasks());
        for (int i = 0; i < counts.rttCalls(); i++) {
            checkOne(impl, i, dispatch.apply(i));
        }

        long start = System.nanoTime();
        final List<Integer> mapped = dispatch.map(items);
        final double mapRate = counts.mapItems() * 1e9 / (System.nanoTime() - start);
        check(impl, mapped, counts.mapItems());

        start = System.nanoTime();
        final List<Integer> submitted = dispatch.submitAll(counts.asyncTasks());
        final double applyRate = counts.asyncTasks() * 1e9 / (System.nanoTime() - start);
        check(impl, submitted, counts.asyncTasks());

        for (int i = 0; i < counts.rttWarmup(); i++) {
            checkOne(impl, i, dispatch.apply(i));
        }
        final Histogram rtt = new Histogram(3);
        for (int i = 0; i < counts.rttCalls(); i++) {
            final long t0 = System.nanoTime();
            final int result = dispatch.apply(i);
            rtt.recordValue(System.nanoTime() - t0);
            checkOne(impl, i, result);
        }
        new Figure("xhost-pool-map", impl, "items_per_s", mapRate, "items/s").print();
        new Figure("xhost-pool-apply", impl, "tasks_per_s", applyRate, "tasks/s").print();
        new Figure("xhost-pool-rtt", impl, "p50_ns", rtt.getValueAtPercentile(50), "ns").print();
        new Figure("xhost-pool-rtt", impl, "p99_ns", rtt.getValueAtPercentile(99), "ns").print();
    }

    private static void check(final String impl, final List<Integer> results, final int count) {
        if (results.size() != count) {
            throw new IllegalStateException(impl + ": " + results.size() + " results for " + count + " tasks");
        }
        for (int i = 0; i < count; i++) {
            checkOne(impl, i, results.get(i));
        }
    }

    private static void checkOne(final String impl, final int x, final int result) {
        if (result != x + 1) {
            throw new IllegalStateException(impl + ": the task of " + x + " returned " + result);
        }
    }

    // ---- shmproc ----

    private static void shmprocCluster(final Counts counts) throws Exception {
        final long begin = System.nanoTime();
        try (LocalCluster cluster = LocalCluster.start(1);
             Shmproc mp = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()));
             ProcessPool pool = mp.pool(PoolOptions.defaults().processes(WORKERS).name("bench"))) {
            awaitWorkers(pool);
            System.out.printf("shmproc-cluster: one member, %d linked workers %s, up after %d ms%n", WORKERS,
                pool.workerPids(), (System.nanoTime() - begin) / 1_000_000);
            measure("shmproc-cluster", dispatch(pool), counts);
        }
    }

    /**
     * The cluster pool with one worker on this host and one in a network namespace behind a veth pair (the
     * {@code worker} command there), the member on this host: the "two hosts" of the flagship demo. Root only.
     */
    private static void shmprocTwoHosts(final Counts counts) throws Exception {
        if (!NetworkNamespace.usable()) {
            System.out.println("no figure for shmproc-2hosts: making a network namespace needs root");
            return;
        }
        final long begin = System.nanoTime();
        try (NetworkNamespace ns = NetworkNamespace.create();
             LocalCluster cluster = LocalCluster.start(new LocalCluster.Options().members(1)
                 .hosts(List.of(ns.hostAddress())));
             Shmproc mp = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()))) {
            final List<String> command = new ArrayList<>(ns.exec());
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ClusterWorker.class.getName(),
                "--connect", cluster.address(), "--pool", "bench2", "--processes", "1"));
            final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put(ClusterMemberOptions.KEY_ENVIRONMENT_VARIABLE, cluster.key());
            final Process workerCommand = builder.start();
            try (ProcessPool pool = mp.pool(PoolOptions.defaults().processes(1).name("bench2"))) {
                awaitWorkers(pool);
                System.out.printf("shmproc-2hosts: one member and one worker on %s, one worker on %s, up after %d"
                    + " ms%n", ns.hostAddress(), ns.namespaceAddress(), (System.nanoTime() - begin) / 1_000_000);
                measure("shmproc-2hosts", dispatch(pool), counts);
            } finally {
                workerCommand.getOutputStream().close();
                if (!workerCommand.waitFor(20, TimeUnit.SECONDS)) {
                    workerCommand.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static void shmprocLocal(final Counts counts) throws Exception {
        final long begin = System.nanoTime();
        try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(WORKERS))) {
            awaitWorkers(pool);
            System.out.printf("shmproc-local: %d workers %s, up after %d ms%n", WORKERS, pool.workerPids(),
                (System.nanoTime() - begin) / 1_000_000);
            measure("shmproc-local", dispatch(pool), counts);
        }
    }

    private static void awaitWorkers(final ProcessPool pool) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (pool.workerPids().size() < WORKERS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + pool.workerPids() + " of " + WORKERS
                    + " workers up within " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(20);
        }
    }

    private static Dispatch dispatch(final ProcessPool pool) {
        final MapOptions chunks = MapOptions.defaults().chunksize(CHUNK);
        return new Dispatch() {
            @Override
            public List<Integer> map(final List<Integer> items) {
                return pool.map(PLUS_ONE, items, chunks);
            }

            @Override
            public List<Integer> submitAll(final int count) throws Exception {
                final List<AsyncResult<Integer>> pending = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    pending.add(pool.applyAsync(PLUS_ONE, i));
                }
                final List<Integer> results = new ArrayList<>(count);
                for (final AsyncResult<Integer> result : pending) {
                    results.add(result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
                }
                return results;
            }

            @Override
            public int apply(final int x) {
                return pool.apply(PLUS_ONE, x);
            }
        };
    }

    // ---- Hazelcast ----

    private static void hazelcast(final Counts counts) throws Exception {
        final int port = HazelcastHarness.freeTcpPort();
        final List<String> jvm = new ArrayList<>(HazelcastHarness.FLAGS);
        jvm.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:-UsePerfData"));
        final long begin = System.nanoTime();
        try (ChildJvm member = ChildJvm.start("hazelcast-member", jvm, PoolAcrossHostsHarness.class.getName(),
            List.of("member", Integer.toString(port)), Map.of(), "hazelcast member ready")) {
            if (!member.awaitReady(TIMEOUT_SECONDS)) {
                System.out.println("no figure for hazelcast: the member did not start within " + TIMEOUT_SECONDS
                    + " s");
                return;
            }
            System.out.printf("hazelcast: one member on 127.0.0.1:%d with an executor of %d threads, up after %d"
                + " ms%n", port, WORKERS, (System.nanoTime() - begin) / 1_000_000);
            final HazelcastInstance client = HazelcastHarness.client(port);
            try {
                measure("hazelcast", dispatch(client.getExecutorService(EXECUTOR)), counts);
            } finally {
                client.shutdown();
            }
        }
    }

    private static Dispatch dispatch(final IExecutorService exec) {
        return new Dispatch() {
            @Override
            public List<Integer> map(final List<Integer> items) throws Exception {
                final List<Future<int[]>> pending = new ArrayList<>(items.size() / CHUNK + 1);
                for (int from = 0; from < items.size(); from += CHUNK) {
                    final int[] chunk = new int[Math.min(CHUNK, items.size() - from)];
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = items.get(from + i);
                    }
                    pending.add(exec.submit(new PlusOneChunk(chunk)));
                }
                final List<Integer> results = new ArrayList<>(items.size());
                for (final Future<int[]> future : pending) {
                    for (final int result : future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        results.add(result);
                    }
                }
                return results;
            }

            @Override
            public List<Integer> submitAll(final int count) throws Exception {
                final List<Future<Integer>> pending = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    pending.add(exec.submit(new PlusOne(i)));
                }
                final List<Integer> results = new ArrayList<>(count);
                for (final Future<Integer> future : pending) {
                    results.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
                }
                return results;
            }

            @Override
            public int apply(final int x) throws Exception {
                return exec.submit(new PlusOne(x)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        };
    }

    private static void member(final int port) throws IOException {
        final Config config = HazelcastHarness.memberConfig(port);
        config.getExecutorConfig(EXECUTOR).setPoolSize(WORKERS);
        HazelcastHarness.runMember(config);
    }

    /** The task x -> x + 1 as a Hazelcast callable (run on the member). */
    static final class PlusOne implements Callable<Integer>, Serializable {
        private static final long serialVersionUID = 1L;
        private final int x;

        PlusOne(final int x) {
            this.x = x;
        }

        @Override
        public Integer call() {
            return x + 1;
        }
    }

    /** The task x -> x + 1 over one chunk of a map, as a Hazelcast callable (run on the member). */
    static final class PlusOneChunk implements Callable<int[]>, Serializable {
        private static final long serialVersionUID = 1L;
        private final int[] items;

        PlusOneChunk(final int[] items) {
            this.items = items;
        }

        @Override
        public int[] call() {
            final int[] results = new int[items.length];
            for (int i = 0; i < items.length; i++) {
                results[i] = items[i] + 1;
            }
            return results;
        }
    }
}
