package io.shmproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class PoolLifecycleTest {
    private static int sleepThen(final int millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return millis;
    }

    @Test
    void shouldRefuseJoinBeforeCloseAndNewTasksAfterIt() throws Exception {
        final ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(2));
        final IllegalStateException early = assertThrows(IllegalStateException.class, pool::join);
        assertTrue(early.getMessage().contains("close()"), early.getMessage());
        final AsyncResult<Integer> pending = pool.applyAsync(PoolLifecycleTest::sleepThen, 300);
        pool.shutdown();
        assertTrue(pool.isShutdown());
        assertThrows(RejectedExecutionException.class, () -> pool.apply(() -> 1));
        pool.join();
        assertEquals(300, pending.get(0, TimeUnit.SECONDS), "submitted tasks finish after close");
        assertTrue(pool.isTerminated());
        assertTrue(pool.workerPids().isEmpty());
        pool.close();
        pool.join();
    }

    @Test
    void shouldKillWorkersAndFailUnfinishedTasksOnTerminate() throws Exception {
        final ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(2));
        final List<Long> pids = List.of(pool.apply(() -> ProcessHandle.current().pid()));
        final AsyncResult<Integer> running = pool.applyAsync(PoolLifecycleTest::sleepThen, 60_000);
        final long start = System.nanoTime();
        pool.terminate();
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10);
        final ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(1, TimeUnit.SECONDS));
        assertInstanceOf(ClosedException.class, e.getCause());
        assertTrue(pool.isTerminated());
        for (final long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
        pool.join();
        assertTrue(pool.awaitTermination(Duration.ZERO));
    }

    @Test
    void shouldRemoveItsFilesWhenItFinishes() {
        final ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(1));
        assertEquals(2, pool.apply((Integer x) -> x + 1, 1));
        final java.nio.file.Path file = pool.controlFile();
        assertTrue(Files.exists(file), file.toString());
        pool.close();
        assertFalse(Files.exists(file), file.toString());
        assertFalse(Files.exists(file.getParent()), "the pool's private directory is removed");
    }

    @Test
    void shouldRejectAnUnserializableInitializerBeforeCreatingAnything() {
        final Object notSerializable = new Object();
        final PoolOptions options = PoolOptions.defaults().processes(1)
            .initializer(args -> System.out.println(notSerializable));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ProcessPool.create(options));
        assertTrue(e.getMessage().contains("initializer"), e.getMessage());
    }

    @Test
    void shouldPlaceItsControlFileInAGivenDirectory() throws Exception {
        final java.nio.file.Path dir = Files.createTempDirectory("shmproc-pooltest-" + ProcessHandle.current().pid());
        try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(1).directory(dir))) {
            try (var files = Files.list(dir)) {
                assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("pool-")).count());
            }
            assertEquals(5, pool.apply(() -> 5));
        } finally {
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "the control file is removed");
            }
            Files.delete(dir);
        }
    }
}
