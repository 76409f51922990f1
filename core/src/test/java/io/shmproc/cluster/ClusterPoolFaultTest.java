package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.pool.AsyncResult;
import io.shmproc.pool.MapOptions;
import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import io.shmproc.state.SharedDict;
import io.shmproc.testkit.CrossProcessTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults of a pool across hosts, across real JVMs: a remote worker SIGKILLed mid-task, a worker's host cut off
 * (its network namespace's link taken down) mid-run, and the cluster's leader killed in the middle of a
 * {@code map}. Every task ends in its result or a named exception within the timeout, none twice, nothing
 * hangs. Long (each starts its own cluster); the namespace test needs root and skips otherwise.
 */
@CrossProcessTest
@Tag("long")
class ClusterPoolFaultTest {
    @Test
    @Timeout(180)
    void shouldFailOnlyTheTaskOfASigkilledRemoteWorker() throws Exception {
        try (LocalCluster cluster = TestClusters.start(1);
             Shmproc mp = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()));
             WorkerCommand command = WorkerCommand.start(List.of(), cluster, "killed", 1, true);
             ProcessPool pool = mp.pool(PoolOptions.defaults().processes(1).name("killed"))) {
            ClusterPoolTest.awaitWorkers(pool, 2);
            final SharedDict<String, Long> running = mp.dict("killed.running");
            final List<AsyncResult<Integer>> results = submitNapping(pool, 20, running);
            final long[] task = awaitVictim(running);
            final long victim = task[1];
            assertTrue(command.workerPids().contains(victim), "runs on the command's worker " + victim);
            ProcessHandle.of(victim).orElseThrow().destroyForcibly(); // SIGKILL
            final long killedAt = System.nanoTime();
            final Throwable lost = outcome(results.get((int) task[0]));
            System.out.println("the killed worker's task failed after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt) + " ms: " + lost.getMessage());
            assertInstanceOf(PeerDiedException.class, lost);
            assertTrue(lost.getMessage().contains("pid " + victim + " on "), lost.getMessage());
            for (int i = 0; i < results.size(); i++) {
                if (i != task[0]) {
                    assertEquals(i, results.get(i).get(60, TimeUnit.SECONDS), "every other task completes");
                }
            }
        }
    }

    @Test
    @Timeout(240)
    void shouldEndEveryTaskWhenAWorkersHostIsCutOff() throws Exception {
        assumeTrue(NetworkNamespace.usable(), "skipped: making a network namespace and a veth pair needs root");
        try (NetworkNamespace ns = NetworkNamespace.create();
             LocalCluster cluster = LocalCluster.start(new LocalCluster.Options().members(1)
                 .hosts(List.of(ns.hostAddress())).output(System.out::println));
             Shmproc mp = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()));
             WorkerCommand command = WorkerCommand.start(ns.exec(), cluster, "cut", 1, true);
             ProcessPool pool = mp.pool(PoolOptions.defaults().processes(1).name("cut"))) {
            ClusterPoolTest.awaitWorkers(pool, 2);
            final SharedDict<String, Long> running = mp.dict("cut.running");
            final List<AsyncResult<Integer>> results = submitNapping(pool, 40, running);
            final long[] task = awaitVictim(running);
            final long cutOff = task[1];
            assertTrue(command.workerPids().contains(cutOff), "runs in the namespace, on " + cutOff);
            ns.linkDown();
            final long cutAt = System.nanoTime();
            final Throwable lost = outcome(results.get((int) task[0]));
            System.out.println("the cut-off worker's task failed after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt) + " ms: " + lost.getMessage());
            assertInstanceOf(PeerDiedException.class, lost);
            assertTrue(lost.getMessage().contains("pid " + cutOff + " on " + ns.namespaceAddress()),
                "names the worker and its host: " + lost.getMessage());
            final Set<Integer> values = new HashSet<>();
            for (int i = 0; i < results.size(); i++) {
                if (i == task[0]) {
                    continue;
                }
                final Throwable failed = outcomeOrNull(results.get(i));
                if (failed == null) {
                    assertTrue(values.add(results.get(i).get()), "each result once");
                } else {
                    assertInstanceOf(PeerDiedException.class, failed, "a result or a named exception");
                }
            }
            assertTrue(values.size() >= results.size() - 2, "the local worker ran the rest: " + values.size());
            ns.linkUp();
        }
    }

    @Test
    @Timeout(240)
    void shouldFinishAMapWhileTheLeaderFailsOver() throws Exception {
        try (LocalCluster cluster = TestClusters.start(3);
             Shmproc mp = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()));
             ProcessPool pool = mp.pool(PoolOptions.defaults().processes(2).name("failover"))) {
            ClusterPoolTest.awaitWorkers(pool, 2);
            final List<Integer> items = IntStream.range(0, 300).boxed().collect(Collectors.toList());
            final var mapped = pool.mapAsync(x -> {
                ClusterPoolTest.nap(10);
                return x * 2;
            }, items, MapOptions.defaults().chunksize(1));
            Thread.sleep(500);
            final int leader = cluster.awaitLeader(Duration.ofSeconds(30));
            cluster.kill(leader);
            System.out.println("killed leader " + leader + " mid-map");
            assertEquals(items.stream().map(x -> x * 2).collect(Collectors.toList()), mapped.get(120,
                TimeUnit.SECONDS), "every result once and in order: the tasks travel over pipes, not the log");
            System.out.println("new leader " + cluster.awaitLeader(Duration.ofSeconds(30)));
        }
    }

    /**
     * Submits {@code count} tasks that nap; the first to run on a worker of the command (whose environment has
     * {@link WorkerCommand#REMOTE_VARIABLE}) records its index and pid and naps long: the victim.
     */
    private static List<AsyncResult<Integer>> submitNapping(final ProcessPool pool, final int count,
                                                            final SharedDict<String, Long> running) {
        final List<AsyncResult<Integer>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(pool.applyAsync(x -> {
                if (System.getenv(WorkerCommand.REMOTE_VARIABLE) != null
                    && running.putIfAbsent("index", (long) x) == null) {
                    running.put("pid", ProcessHandle.current().pid());
                    ClusterPoolTest.nap(60_000);
                }
                ClusterPoolTest.nap(50);
                return x;
            }, i));
        }
        return results;
    }

    /** Waits for the victim: its task's index and its pid. */
    private static long[] awaitVictim(final SharedDict<String, Long> running) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!running.containsKey("pid")) {
            assertTrue(System.nanoTime() < deadline, "no task started on the command's worker");
            Thread.sleep(20);
        }
        return new long[] {running.get("index"), running.get("pid")};
    }

    private static Throwable outcome(final AsyncResult<?> result) throws Exception {
        final Throwable failed = outcomeOrNull(result);
        assertTrue(failed != null, "the task failed");
        return failed;
    }

    private static Throwable outcomeOrNull(final AsyncResult<?> result) throws Exception {
        try {
            result.get(60, TimeUnit.SECONDS);
            return null;
        } catch (final ExecutionException e) {
            return e.getCause();
        }
    }
}
