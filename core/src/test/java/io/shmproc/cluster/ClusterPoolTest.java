package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.pool.AsyncResult;
import io.shmproc.pool.MapOptions;
import io.shmproc.pool.PoolIterator;
import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import io.shmproc.testkit.CrossProcessSuite;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pools of a cluster context: tasks travel over cluster pipes to worker JVMs that the pool starts on this host
 * and that the {@code worker} command keeps (here in another JVM, as on another host); the whole pool API, a
 * worker that dies, a worker that lacks the task's classes, and the task budget per worker.
 */
@CrossProcessSuite
class ClusterPoolTest {
    private static LocalCluster cluster;
    private Shmproc mp;

    @BeforeAll
    static void start() {
        cluster = TestClusters.start(1);
    }

    /** A context per test: one test's session (and its pools) cannot outlive into the next. */
    @BeforeEach
    void connect() {
        mp = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()));
    }

    @AfterEach
    void disconnect() {
        if (mp != null) {
            mp.close();
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldRunThePoolApiOnWorkersLinkedThroughTheCluster() throws Exception {
        try (ProcessPool pool = mp.pool(PoolOptions.defaults().processes(2).name("api"))) {
            final List<Integer> items = IntStream.range(0, 200).boxed().collect(Collectors.toList());
            assertEquals(items.stream().map(x -> x * x).collect(Collectors.toList()),
                pool.map(x -> x * x, items, MapOptions.defaults().chunksize(7)));
            final CompletableFuture<Object> called = new CompletableFuture<>();
            final AsyncResult<Integer> async = pool.applyAsync(x -> x + 1, 41, called::complete,
                called::completeExceptionally);
            assertEquals(42, async.get(60, TimeUnit.SECONDS));
            assertEquals(42, called.get(60, TimeUnit.SECONDS), "the callback ran before get() returned");
            final List<String> ordered = new ArrayList<>();
            try (PoolIterator<String> it = pool.imap(x -> "v" + x, List.of(3, 1, 2))) {
                it.forEachRemaining(ordered::add);
            }
            assertEquals(List.of("v3", "v1", "v2"), ordered);
            final Set<Integer> unordered = new HashSet<>();
            try (PoolIterator<Integer> it = pool.imapUnordered(x -> x * 10, List.of(1, 2, 3))) {
                it.forEachRemaining(unordered::add);
            }
            assertEquals(Set.of(10, 20, 30), unordered);
            assertEquals(List.of(3, 7), pool.starmap((Integer a, Integer b) -> a + b,
                List.of(Map.entry(1, 2), Map.entry(3, 4))));
            assertEquals("called", pool.submit(() -> "called").get(60, TimeUnit.SECONDS));
            final long pid = pool.apply(() -> ProcessHandle.current().pid());
            assertTrue(pool.workerPids().contains(pid), pid + " in " + pool.workerPids());
            final ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> pool.applyAsync(x -> {
                    throw new IllegalStateException("task says no to " + x);
                }, 7).get(60, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, failed.getCause(), "the task's own exception type");
            assertTrue(failed.getCause().getMessage().contains("task says no to 7"));
        }
    }

    @Test
    void shouldFailOnlyTheTaskOfAWorkerThatDiesNamingItsHostAndPid() throws Exception {
        try (ProcessPool pool = mp.pool(PoolOptions.defaults().processes(2).name("dies"))) {
            awaitWorkers(pool, 2);
            final List<AsyncResult<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(pool.applyAsync(x -> {
                    if (x == 0) {
                        Runtime.getRuntime().halt(137); // the worker dies while running this task
                    }
                    nap(50);
                    return x;
                }, i));
            }
            final long start = System.nanoTime();
            final ExecutionException died = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> results.get(0).get(60, TimeUnit.SECONDS));
            System.out.println("the dead worker's task failed after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms: " + died.getCause().getMessage());
            assertInstanceOf(PeerDiedException.class, died.getCause());
            assertTrue(died.getCause().getMessage().matches("(?s)pool worker pid \\d+ on \\S+ was lost while running"
                + " task .*"), died.getCause().getMessage());
            for (int i = 1; i < 10; i++) {
                assertEquals(i, results.get(i).get(60, TimeUnit.SECONDS), "every other task completes");
            }
            awaitWorkers(pool, 2); // a replacement joined
            assertEquals(List.of(1, 2), pool.map(x -> x, List.of(1, 2)));
        }
    }

    @Test
    void shouldRunTasksOnWorkersOfTheWorkerCommandAndSayWhenTheyLackTheTasksClasses() throws Exception {
        try (WorkerCommand command = WorkerCommand.start(List.of(), cluster, "remote", 1, false);
             ProcessPool pool = mp.pool(PoolOptions.defaults().processes(1).name("remote"))) {
            awaitWorkers(pool, 2);
            final List<AsyncResult<Long>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(pool.applyAsync(x -> {
                    nap(20);
                    return ProcessHandle.current().pid();
                }, i));
            }
            int failed = 0;
            for (final AsyncResult<Long> result : results) {
                try {
                    result.get(60, TimeUnit.SECONDS);
                } catch (final ExecutionException e) {
                    failed++;
                    assertTrue(e.getCause().getMessage().contains("cannot load the task's function")
                        && e.getCause().getMessage().contains("ClusterPoolTest"), e.getCause().getMessage());
                }
            }
            assertTrue(failed > 0 && failed < 20, failed + " of 20 tasks failed: those the worker without the test"
                + " classes took");
        }
    }

    @Test
    void shouldShareTheWorkBetweenLocalWorkersAndTheWorkerCommand() throws Exception {
        try (WorkerCommand command = WorkerCommand.start(List.of(), cluster, "shared", 2, true);
             ProcessPool pool = mp.pool(PoolOptions.defaults().processes(1).name("shared"))) {
            awaitWorkers(pool, 3);
            final List<Long> pids = pool.map(x -> {
                nap(20);
                return ProcessHandle.current().pid();
            }, IntStream.range(0, 30).boxed().collect(Collectors.toList()), MapOptions.defaults().chunksize(1));
            final Set<Long> distinct = new HashSet<>(pids);
            final Set<Long> commandChildren = new HashSet<>(command.workerPids());
            assertTrue(distinct.size() == 3, "all three workers ran tasks: " + distinct);
            assertTrue(distinct.stream().filter(commandChildren::contains).count() == 2,
                "two of them are the worker command's: " + distinct + " " + commandChildren);
        }
    }

    @Test
    void shouldReplaceAWorkerAfterItsTaskBudgetAndRunTheInitializerInEach() throws Exception {
        final PoolOptions options = PoolOptions.defaults().processes(1).name("budget").maxTasksPerChild(2)
            .initializer(args -> System.setProperty("pool.init", (String) args[0]), "set");
        try (ProcessPool pool = mp.pool(options)) {
            final Set<Long> pids = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                assertEquals("set", pool.apply(() -> System.getProperty("pool.init")));
                pids.add(pool.apply(() -> ProcessHandle.current().pid()));
            }
            assertTrue(pids.size() >= 3, "a worker runs at most 2 tasks: " + pids);
        }
    }

    static void nap(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void awaitWorkers(final ProcessPool pool, final int count) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (pool.workerPids().size() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + pool.workerPids() + " joined within 60 s");
            Thread.sleep(20);
        }
    }
}
