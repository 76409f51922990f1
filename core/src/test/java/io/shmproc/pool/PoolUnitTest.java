package io.shmproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.RemoteFailureException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.memory.ArrayBuffer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PoolUnitTest {
    private static final Executor INLINE = Runnable::run;

    @Test
    void shouldChooseChunkSizeLikePython() {
        assertEquals(12_500, ProcessPool.autoChunksize(100_000, 2));
        assertEquals(2, ProcessPool.autoChunksize(9, 2));
        assertEquals(1, ProcessPool.autoChunksize(0, 2));
        assertEquals(1, ProcessPool.autoChunksize(3, 4));
    }

    @Test
    void shouldDescribeExitsWithPythonCodes() {
        assertTrue(WorkerLauncher.describeExit(-9).contains("signal 9 (SIGKILL), exit code -9"));
        assertTrue(WorkerLauncher.describeExit(-15).contains("SIGTERM"));
        assertTrue(WorkerLauncher.describeExit(3).contains("OutOfMemoryError"));
        assertEquals("exited with code 7", WorkerLauncher.describeExit(7));
        assertEquals("exited with code 137", WorkerLauncher.describeExit(137));
    }

    @Test
    void shouldRejectBadOptionsNamingTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PoolOptions.defaults().processes(0))
            .getMessage().contains("processes=0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PoolOptions.defaults().maxTasksPerChild(-1))
            .getMessage().contains("maxTasksPerChild=-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PoolOptions.defaults().ringCapacity(100_000))
            .getMessage().contains("power of two"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PoolOptions.defaults().prefetch(0))
            .getMessage().contains("prefetch=0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MapOptions.defaults().chunksize(-2))
            .getMessage().contains("chunksize=-2"));
        assertEquals(ProcessPool.cpuCount(), PoolOptions.defaults().processes());
    }

    @Test
    void shouldCompleteAsyncResultOnceWithPythonSemantics() throws Exception {
        final AsyncResult<String> result = new AsyncResult<>();
        assertFalse(result.ready());
        assertThrows(IllegalStateException.class, result::successful);
        assertThrows(TimeoutException.class, () -> result.get(Duration.ofMillis(1)));
        assertFalse(result.await(Duration.ofMillis(1)));
        assertTrue(result.complete("x"));
        assertFalse(result.fail(new IllegalStateException()));
        assertTrue(result.ready());
        assertTrue(result.successful());
        assertEquals("x", result.get());
        assertEquals("x", result.join());

        final AsyncResult<String> failed = new AsyncResult<>();
        failed.fail(new ArithmeticException("boom"));
        assertFalse(failed.successful());
        assertInstanceOf(ArithmeticException.class, assertThrows(ExecutionException.class, failed::get).getCause());
        assertInstanceOf(ArithmeticException.class, assertThrows(RemoteFailureException.class, failed::join)
            .getCause());
    }

    @Test
    void shouldIterateInOrderAndInCompletionOrder() {
        final MapRun run = new MapRun(4, MapOptions.defaults(), INLINE);
        final PoolIterator<Object> ordered = run.iterator(true);
        final PoolIterator<Object> unordered = run.iterator(false);
        run.store(2, "c");
        run.store(3, "d");
        run.chunkSucceeded(2, 2);
        assertThrows(ShmprocTimeoutException.class, () -> ordered.next(Duration.ofMillis(5)));
        assertEquals("c", unordered.next());
        run.chunkFailed(0, 2, new ArithmeticException("chunk 0"));
        assertInstanceOf(ArithmeticException.class, assertThrows(RemoteFailureException.class, ordered::next)
            .getCause());
        assertThrows(RemoteFailureException.class, ordered::next);
        assertEquals("c", ordered.next());
        assertEquals("d", ordered.next());
        assertFalse(ordered.hasNext());
        final List<Object> rest = new ArrayList<>();
        while (unordered.hasNext()) {
            try {
                rest.add(unordered.next());
            } catch (final RemoteFailureException e) {
                rest.add("failed");
            }
        }
        assertEquals(List.of("d", "failed", "failed"), rest);
        assertTrue(run.asyncResult().ready());
        assertFalse(run.asyncResult().successful());
    }

    @Test
    void shouldCompleteAMapAndReportProgressInOrder() throws Exception {
        final List<Progress> seen = new ArrayList<>();
        final List<List<?>> callbacks = new ArrayList<>();
        final MapRun run = new MapRun(3, MapOptions.defaults().progress(seen::add).callback(callbacks::add), INLINE);
        run.store(0, 1);
        run.chunkSucceeded(0, 1);
        run.store(1, 2);
        run.store(2, 3);
        run.chunkSucceeded(1, 2);
        assertEquals(List.of(1, 2, 3), run.asyncResult().get());
        assertEquals(List.of(List.of(1, 2, 3)), callbacks);
        assertEquals(List.of(0L, 1L, 3L), seen.stream().map(Progress::done).collect(java.util.stream.Collectors
            .toList()));
        assertTrue(new MapRun(0, MapOptions.defaults(), INLINE).asyncResult().ready(), "an empty map is done");
    }

    @Test
    void shouldDrawAProgressBar() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final ConsoleProgressBar bar = new ConsoleProgressBar("work", new PrintStream(bytes, true,
            StandardCharsets.UTF_8));
        bar.onProgress(new Progress(5, 10, 2_000_000_000L));
        bar.onProgress(new Progress(10, 10, 4_000_000_000L));
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("work [###############---------------]  50% 5/10  2.5/s"), out);
        assertTrue(out.endsWith("100% 10/10  2.5/s" + System.lineSeparator()), out);
    }

    @Test
    void shouldCutChunksToFitOneMessageAndRejectOversizedItems() {
        final TaskEncoder encoder = new TaskEncoder(1024);
        final List<String> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add("x".repeat(100));
        }
        final int[] counted = new int[1];
        final byte[] body = encoder.chunk(items, 0, 50, 1, counted);
        assertTrue(counted[0] > 0 && counted[0] < 50, "cut at " + counted[0]);
        assertTrue(body.length <= 1024);
        assertEquals(counted[0], ArrayBuffer.wrapping(body).getInt(Integer.BYTES, PoolProtocol.ORDER));
        final CodecException e = assertThrows(CodecException.class,
            () -> encoder.chunk(List.of("y".repeat(5000)), 0, 1, 1, counted));
        assertTrue(e.getMessage().contains("item 0"), e.getMessage());
        encoder.chunk(List.of(Map.entry(1, "a")), 0, 1, 2, counted);
        assertEquals(1, counted[0]);
    }
}
