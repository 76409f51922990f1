package io.shmproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.testkit.CrossProcessTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Python's contract: when {@code get()} or {@code wait()} returns, the result's callback or error callback has
 * run; and a task's exception reaches the caller whatever its size, without killing the worker.
 */
@CrossProcessTest
class PoolCallbackOrderTest {

    private static void slowly(final AtomicBoolean ran) {
        try {
            Thread.sleep(300);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ran.set(true);
    }

    @Test
    void callbacksShouldHaveRunWhenGetOrAwaitReturns() throws Exception {
        try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(1))) {
            final AtomicBoolean ran = new AtomicBoolean();
            final AsyncResult<Integer> single = pool.applyAsync(x -> x + 1, 41, v -> slowly(ran), null);
            assertEquals(42, single.get());
            assertTrue(ran.get(), "applyAsync's callback ran before get() returned");

            final AtomicBoolean errorRan = new AtomicBoolean();
            final AsyncResult<Integer> failing = pool.applyAsync(x -> {
                throw new IllegalStateException("boom " + x);
            }, 1, null, e -> slowly(errorRan));
            assertTrue(failing.await(Duration.ofSeconds(60)));
            assertTrue(errorRan.get(), "the error callback ran before await() returned");

            final AtomicBoolean mapRan = new AtomicBoolean();
            final AsyncResult<List<Integer>> mapped = pool.mapAsync(x -> x * 2, List.of(1, 2, 3),
                MapOptions.defaults().callback(v -> slowly(mapRan)));
            assertEquals(List.of(2, 4, 6), mapped.get());
            assertTrue(mapRan.get(), "mapAsync's callback ran before get() returned");

            final AtomicBoolean mapErrorRan = new AtomicBoolean();
            final AsyncResult<List<Integer>> mapFailing = pool.mapAsync(x -> {
                if (x == 2) {
                    throw new IllegalArgumentException("two");
                }
                return x;
            }, List.of(1, 2, 3), MapOptions.defaults().errorCallback(e -> slowly(mapErrorRan)));
            assertThrows(ExecutionException.class, mapFailing::get);
            assertTrue(mapErrorRan.get(), "mapAsync's error callback ran before get() returned");
        }
    }

    @Test
    void aTaskExceptionOfAnySizeShouldReachTheCallerAndLeaveTheWorkerAlive() throws Exception {
        try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(1))) {
            final List<Long> before = pool.workerPids();
            final ExecutionException huge = assertThrows(ExecutionException.class, () -> pool.applyAsync(n -> {
                throw new IllegalStateException("x".repeat(n));
            }, 8 << 20).get());
            assertInstanceOf(IllegalStateException.class, huge.getCause(), String.valueOf(huge.getCause()));
            final String message = huge.getCause().getMessage();
            assertTrue(message.startsWith("xxxx"), message.substring(0, Math.min(100, message.length())));
            assertTrue(message.contains("truncated"), "the message says it was truncated");
            final ExecutionException unserializable = assertThrows(ExecutionException.class,
                () -> pool.applyAsync(n -> {
                    throw new IllegalStateException("with a bad cause", new Unserializable(n));
                }, 1).get());
            assertTrue(unserializable.getCause().getMessage().contains("with a bad cause"));
            assertEquals(Integer.valueOf(5), pool.apply((Integer x) -> x + 1, 4));
            assertEquals(before, pool.workerPids(), "no worker died");
        }
    }

    /** An exception whose field is not serializable. */
    static final class Unserializable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("serial")
        private final Object notSerializable = new Object();

        Unserializable(final int n) {
            super("cause " + n);
        }
    }
}
