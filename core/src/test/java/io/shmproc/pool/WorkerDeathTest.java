package io.shmproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.exceptions.RemoteFailureException;
import io.shmproc.testkit.CrossProcessTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@CrossProcessTest
class WorkerDeathTest {
    @TempDir
    Path temp;

    /** Writes this worker's pid to a file, then sleeps: the task the test kills. */
    private static long writePidAndSleep(final String file) {
        try {
            Files.writeString(Path.of(file + ".tmp"), Long.toString(ProcessHandle.current().pid()));
            Files.move(Path.of(file + ".tmp"), Path.of(file));
            Thread.sleep(60_000);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    private static int slowSquare(final int x) {
        try {
            Thread.sleep(20);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return x * x;
    }

    private static long awaitPid(final Path file) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            assertTrue(System.nanoTime() < deadline, "the task never started");
            Thread.sleep(10);
        }
        return Long.parseLong(Files.readString(file).trim());
    }

    @Test
    void shouldFailTheTaskOfASigkilledWorkerWithinASecondAndFinishEveryOtherTask() throws Exception {
        final Path pidFile = temp.resolve("victim");
        try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(2))) {
            final String file = pidFile.toString();
            final AsyncResult<Long> victim = pool.applyAsync(WorkerDeathTest::writePidAndSleep, file);
            final List<AsyncResult<Integer>> others = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                others.add(pool.applyAsync(WorkerDeathTest::slowSquare, i));
            }
            final long pid = awaitPid(pidFile);
            assertTrue(pool.workerPids().contains(pid));
            final long killedAt = System.nanoTime();
            assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
            final ExecutionException e = assertThrows(ExecutionException.class, () -> victim.get(30, TimeUnit.SECONDS));
            final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertTrue(millis < 1_000, "the task failed " + millis + " ms after the kill");
            assertInstanceOf(PeerDiedException.class, e.getCause());
            final String message = e.getCause().getMessage();
            assertTrue(message.contains("pid " + pid) && message.contains("signal 9") && message.contains("SIGKILL"),
                message);
            for (int i = 0; i < others.size(); i++) {
                assertEquals(i * i, others.get(i).get(30, TimeUnit.SECONDS));
            }
            final List<Integer> items = IntStream.range(0, 100).boxed().collect(Collectors.toList());
            assertEquals(items.stream().map(x -> x * x).collect(Collectors.toList()), pool.map(x -> x * x, items));
            final List<Long> pids = pool.workerPids();
            assertEquals(2, pids.size(), "a replacement was started: " + pids);
            assertFalse(pids.contains(pid));
        }
    }

    @Test
    void shouldReturnFromMapWhenAWorkerIsKilledDuringIt() throws Exception {
        final Path pidFile = temp.resolve("victim");
        final String file = pidFile.toString();
        try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(2))) {
            final List<Integer> items = IntStream.range(0, 20).boxed().collect(Collectors.toList());
            final AsyncResult<List<Long>> map = pool.mapAsync(x -> x == 5 ? writePidAndSleep(file) : (long) x,
                items, MapOptions.defaults().chunksize(1));
            final long pid = awaitPid(pidFile);
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            final ExecutionException e = assertThrows(ExecutionException.class, () -> map.get(30, TimeUnit.SECONDS));
            assertInstanceOf(PeerDiedException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("pid " + pid), e.getCause().getMessage());
            assertEquals(12, pool.apply((Integer x) -> x * 2, 6), "the pool keeps working");
        }
    }

    /** Allocates until the worker runs out of heap. */
    private static int exhaustHeap(final int x) {
        if (x != 3) {
            return x;
        }
        final List<long[]> hog = new ArrayList<>();
        while (true) {
            hog.add(new long[1 << 20]);
        }
    }

    @Test
    void shouldFailOnlyTheTaskWhoseWorkerRanOutOfMemory() {
        final PoolOptions options = PoolOptions.defaults().processes(2)
            .workerJvmOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx48m"));
        try (ProcessPool pool = ProcessPool.create(options)) {
            final List<Integer> items = IntStream.range(0, 8).boxed().collect(Collectors.toList());
            final PoolIterator<Integer> results = pool.imap(WorkerDeathTest::exhaustHeap, items);
            for (int i = 0; i < items.size(); i++) {
                if (i == 3) {
                    final RemoteFailureException e = assertThrows(RemoteFailureException.class, results::next);
                    assertInstanceOf(PeerDiedException.class, e.getCause());
                    assertTrue(e.getCause().getMessage().contains("code 3"), e.getCause().getMessage());
                } else {
                    assertEquals(i, results.next());
                }
            }
            assertFalse(results.hasNext());
        }
    }

    @Test
    void shouldFailTheTaskThatCallsSystemExitAndFinishTheMap() {
        try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(2))) {
            final List<Integer> items = IntStream.range(0, 50).boxed().collect(Collectors.toList());
            final RemoteFailureException e = assertThrows(RemoteFailureException.class, () -> pool.map(x -> {
                if (x == 17) {
                    System.exit(7);
                }
                return x;
            }, items, 1));
            assertInstanceOf(PeerDiedException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("exited with code 7"), e.getCause().getMessage());
            assertEquals(items, pool.map(x -> x, items));
        }
    }

    @Test
    void shouldReplaceWorkersAfterMaxTasksPerChild() {
        try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(2).maxTasksPerChild(2))) {
            final List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                pids.add(pool.apply(() -> ProcessHandle.current().pid()));
            }
            final java.util.Map<Long, Long> perPid = pids.stream()
                .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
            assertTrue(perPid.size() >= 5, "pids " + pids);
            assertTrue(perPid.values().stream().allMatch(n -> n <= 2), "pids " + pids);
        }
    }
}
