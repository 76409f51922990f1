package io.shmproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.RemoteFailureException;
import io.shmproc.testkit.CrossProcessTest;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class ProcessPoolApiTest {
    private static PoolOptions two() {
        return PoolOptions.defaults().processes(2);
    }

    @Test
    void shouldRunEveryPythonFormInWorkerProcesses() throws Exception {
        final long me = ProcessHandle.current().pid();
        try (ProcessPool pool = ProcessPool.create(two())) {
            final long workerPid = pool.apply(() -> ProcessHandle.current().pid());
            assertNotEquals(me, workerPid);
            assertEquals(49, (int) pool.apply((Integer x) -> x * x, 7));

            final List<Integer> items = IntStream.range(0, 1000).boxed().collect(Collectors.toList());
            final List<Integer> squares = items.stream().map(x -> x * x).collect(Collectors.toList());
            assertEquals(squares, pool.map(x -> x * x, items));
            assertEquals(squares, pool.map(x -> x * x, items, 7));
            assertEquals(squares, pool.mapAsync((Integer x) -> x * x, items).get(30, TimeUnit.SECONDS));
            assertEquals(List.of(), pool.map(x -> x, List.<Integer>of()));

            final List<Integer> ordered = new ArrayList<>();
            pool.imap((Integer x) -> x * x, items, 10).forEachRemaining(ordered::add);
            assertEquals(squares, ordered);
            final List<Integer> unordered = new ArrayList<>();
            pool.imapUnordered((Integer x) -> x * x, items).forEachRemaining(unordered::add);
            Collections.sort(unordered);
            assertEquals(squares, unordered);

            final List<Map.Entry<Integer, String>> pairs = List.of(Map.entry(2, "a"), Map.entry(3, "b"));
            assertEquals(List.of("aa", "bbb"), pool.starmap((Integer n, String s) -> s.repeat(n), pairs));
            assertEquals(List.of("aa", "bbb"), pool.starmapAsync((Integer n, String s) -> s.repeat(n), pairs).get());

            final CountDownLatch called = new CountDownLatch(1);
            final List<Long> callbackPids = new CopyOnWriteArrayList<>();
            final AsyncResult<String> async = pool.applyAsync(s -> s + "!", "hi", r -> {
                callbackPids.add(ProcessHandle.current().pid());
                called.countDown();
            }, Throwable::printStackTrace);
            assertEquals("hi!", async.get(Duration.ofSeconds(30)));
            assertTrue(called.await(30, TimeUnit.SECONDS));
            assertEquals(List.of(me), callbackPids, "callbacks run in the parent");
            assertTrue(async.ready());
            assertTrue(async.successful());
            assertTrue(async.await(Duration.ofMillis(1)));

            assertEquals(42, pool.submit(() -> 42).get());
            final List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                final int n = i;
                calls.add((SerializableCallable<Integer>) () -> n * 10);
            }
            final List<Integer> all = new ArrayList<>();
            for (final Future<Integer> f : pool.invokeAll(calls)) {
                all.add(f.get());
            }
            assertEquals(List.of(0, 10, 20, 30, 40), all);
            assertTrue(Set.of(0, 10, 20, 30, 40).contains(pool.invokeAny(calls)));
            assertEquals(2, pool.workerPids().size());
        }
    }

    @Test
    void shouldRejectTasksThatCannotTravel() {
        try (ProcessPool pool = ProcessPool.create(two())) {
            final Callable<Integer> plain = () -> 1;
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.submit(plain));
            assertTrue(e.getMessage().contains("not Serializable"), e.getMessage());
            final Object notSerializable = new Object();
            final CodecException codec = assertThrows(CodecException.class,
                () -> pool.applyAsync(x -> x, notSerializable));
            assertTrue(codec.getMessage().contains("Object"), codec.getMessage());
            assertEquals(3, pool.apply(() -> 3), "the pool still works");
        }
    }

    @Test
    void shouldCarryTheTaskExceptionWithItsTypeAndTheWorkerStack() throws Exception {
        try (ProcessPool pool = ProcessPool.create(two())) {
            final AsyncResult<Integer> failed = pool.applyAsync(x -> {
                throw new IllegalArgumentException("bad " + x);
            }, 5);
            final ExecutionException e = assertThrows(ExecutionException.class, failed::get);
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertEquals("bad 5", e.getCause().getMessage());
            assertTrue(e.getCause().getStackTrace().length > 0);
            assertTrue(List.of(e.getCause().getSuppressed()).stream().anyMatch(s -> s instanceof RemoteFailureException
                && ((RemoteFailureException) s).pid() != ProcessHandle.current().pid()), "names the worker");
            assertFalse(failed.successful());

            final RemoteFailureException blocking = assertThrows(RemoteFailureException.class,
                () -> pool.map(x -> 10 / x, List.of(1, 0, 2)));
            assertInstanceOf(ArithmeticException.class, blocking.getCause());
            assertTrue(blocking.pid() > 0);
            assertTrue(blocking.getMessage().contains("pid " + blocking.pid()), blocking.getMessage());

            final PoolIterator<Integer> it = pool.imap(x -> 10 / x, List.of(1, 0, 2));
            assertEquals(10, it.next());
            assertInstanceOf(ArithmeticException.class,
                assertThrows(RemoteFailureException.class, it::next).getCause());
            assertEquals(5, it.next());
            assertFalse(it.hasNext());

            final List<Throwable> errors = new CopyOnWriteArrayList<>();
            final CountDownLatch called = new CountDownLatch(1);
            pool.applyAsync(() -> {
                throw new UnsupportedOperationException("nope");
            }, r -> { }, t -> {
                errors.add(t);
                called.countDown();
            });
            assertTrue(called.await(30, TimeUnit.SECONDS));
            assertInstanceOf(UnsupportedOperationException.class, errors.get(0));
        }
    }

    /** A result type that cannot be serialized. */
    static final class Opaque {
        final int value;

        Opaque(final int value) {
            this.value = value;
        }
    }

    @Test
    void shouldFailOnlyTheTaskWhoseResultCannotBeEncoded() throws Exception {
        try (ProcessPool pool = ProcessPool.create(two())) {
            final AsyncResult<Integer> before = pool.applyAsync(x -> x + 1, 1);
            final AsyncResult<Object> bad = pool.applyAsync(x -> new Opaque(x), 2);
            final AsyncResult<Integer> after = pool.applyAsync(x -> x + 1, 3);
            final ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
            assertInstanceOf(CodecException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("cannot be encoded"), e.getCause().getMessage());
            assertEquals(2, before.get(30, TimeUnit.SECONDS));
            assertEquals(4, after.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldGiveAsyncResultPythonSemantics() throws Exception {
        try (ProcessPool pool = ProcessPool.create(two())) {
            final AsyncResult<Integer> slow = pool.applyAsync(x -> {
                try {
                    Thread.sleep(x);
                } catch (final InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return x;
            }, 1500);
            assertFalse(slow.ready());
            assertThrows(IllegalStateException.class, slow::successful);
            assertThrows(TimeoutException.class, () -> slow.get(Duration.ofMillis(10)));
            assertFalse(slow.await(Duration.ofMillis(10)));
            assertEquals(1500, slow.get(30, TimeUnit.SECONDS), "a timeout leaves the task running");
        }
    }

    @Test
    void shouldRunTheInitializerOnceInEachWorker() throws Exception {
        final PoolOptions options = two().initializer(args -> System.setProperty("pool.test.init",
            args[0] + ":" + ProcessHandle.current().pid()), "ready");
        try (ProcessPool pool = ProcessPool.create(options)) {
            final Set<String> seen = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 20; i++) {
                final String value = pool.apply(() -> System.getProperty("pool.test.init"));
                assertTrue(value.startsWith("ready:"), value);
                seen.add(value);
            }
            assertTrue(seen.size() <= 2, seen.toString());
        }
    }

    @Test
    void shouldFailTasksInsteadOfRestartingForeverWhenTheInitializerFails() {
        final PoolOptions options = two().initializer(args -> {
            throw new IllegalStateException("initializer refuses");
        });
        try (ProcessPool pool = ProcessPool.create(options)) {
            final RemoteFailureException e = assertThrows(RemoteFailureException.class, () -> pool.apply(() -> 1));
            assertInstanceOf(io.shmproc.exceptions.PeerDiedException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("initializer"), e.getCause().getMessage());
            assertTrue(e.getCause().getMessage().contains("exited with code 1"), e.getCause().getMessage());
        }
    }

    @Test
    void shouldSplitChunksAndResultsThatExceedOneMessage() throws Exception {
        final PoolOptions small = two().ringCapacity(64 * 1024).prefetch(1);
        try (ProcessPool pool = ProcessPool.create(small)) {
            final List<String> items = IntStream.range(0, 40).mapToObj(i -> (char) ('a' + i % 26) + "x".repeat(2999))
                .collect(Collectors.toList());
            final List<String> doubled = pool.map(s -> s + s, items, 10);
            assertEquals(items.stream().map(s -> s + s).collect(Collectors.toList()), doubled);
            final AsyncResult<String> tooLarge = pool.applyAsync(n -> "y".repeat(n), 20_000);
            final ExecutionException e = assertThrows(ExecutionException.class,
                () -> tooLarge.get(30, TimeUnit.SECONDS));
            assertInstanceOf(CodecException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("ringCapacity"), e.getCause().getMessage());
            assertEquals(3, pool.apply((Integer x) -> x + 1, 2), "only that task failed");
            assertThrows(CodecException.class, () -> pool.applyAsync(s -> s, "z".repeat(20_000)),
                "an argument too large is rejected on the caller's thread");
        }
    }

    @Test
    void shouldCancelATaskNotYetSent() throws Exception {
        try (ProcessPool pool = ProcessPool.create(two().processes(1).prefetch(1))) {
            final AsyncResult<Integer> busy = pool.applyAsync(x -> {
                try {
                    Thread.sleep(x);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return x;
            }, 500);
            final AsyncResult<Long> queued = pool.applyAsync(() -> ProcessHandle.current().pid());
            final AsyncResult<Integer> queued2 = pool.applyAsync(() -> 2);
            assertTrue(queued.cancel(false));
            assertTrue(queued.isCancelled());
            assertEquals(500, busy.get(30, TimeUnit.SECONDS));
            assertEquals(2, queued2.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldReportProgressAfterEveryChunk() {
        final List<Progress> reports = new CopyOnWriteArrayList<>();
        try (ProcessPool pool = ProcessPool.create(two())) {
            final List<Integer> items = IntStream.range(0, 10).boxed().collect(Collectors.toList());
            pool.map(x -> x, items, MapOptions.defaults().chunksize(2).progress(reports::add));
        }
        assertEquals(6, reports.size(), reports.toString());
        assertEquals(0, reports.get(0).done());
        assertEquals(10, reports.get(5).done());
        assertTrue(reports.get(5).isComplete());
        for (int i = 1; i < reports.size(); i++) {
            assertTrue(reports.get(i).done() > reports.get(i - 1).done());
        }
    }

    /** A serializable marker for tasks defined as classes. */
    static final class Square implements SerializableFunction<Integer, Integer>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer apply(final Integer x) {
            return x * x;
        }
    }

    @Test
    void shouldAcceptTaskClasses() {
        try (ProcessPool pool = ProcessPool.create(two())) {
            assertEquals(List.of(1, 4, 9), pool.map(new Square(), List.of(1, 2, 3)));
        }
    }
}
