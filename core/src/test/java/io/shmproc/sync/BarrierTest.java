package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class BarrierTest {
    private final SyncTestDirectory dir = new SyncTestDirectory();

    @AfterEach
    void removeDirectory() {
        dir.close();
    }

    @Test
    void shouldReleasePartiesOfSeveralProcessesTogether() throws Exception {
        final Path file = dir.resolve("b");
        try (Barrier barrier = Barrier.create(file, 3, null, SyncOptions.defaults())) {
            final List<ChildJvm> children = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                children.add(ChildJvm.start(SyncChild.class, "barrier", file.toString(), "3"));
            }
            final Set<String> indices = new HashSet<>();
            indices.add("index " + barrier.await(60, TimeUnit.SECONDS));
            for (final ChildJvm child : children) {
                assertEquals(0, child.waitFor(Duration.ofSeconds(30)));
                child.lines().stream().filter(l -> l.startsWith("index")).forEach(indices::add);
            }
            assertEquals(Set.of("index 0", "index 1", "index 2"), indices);
            assertFalse(barrier.isBroken());
        }
    }

    @Test
    void shouldBreakAtTheDefaultTimeoutOfAnUntimedAwaitEvenAfterTravelling() throws Exception {
        final Path file = dir.resolve("b");
        try (Barrier barrier = Barrier.open(file, 2, null, Duration.ofMillis(200), SyncOptions.defaults())) {
            assertEquals(Duration.ofMillis(200), barrier.defaultTimeout());
            final long start = System.nanoTime();
            final BrokenBarrierException e = assertThrows(BrokenBarrierException.class, barrier::await);
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200));
            assertTrue(e.getMessage().contains("default timeout"), e.getMessage());
            assertTrue(e.getCause() instanceof TimeoutException);
            assertTrue(barrier.isBroken(), "a timeout breaks the barrier, as in Python");
            barrier.reset();
            final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(barrier);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                     new java.io.ByteArrayInputStream(bytes.toByteArray()));
                 Barrier copy = (Barrier) in.readObject()) {
                assertEquals(Duration.ofMillis(200), copy.defaultTimeout(), "the default travels with the handle");
                assertThrows(BrokenBarrierException.class, copy::await);
            }
            barrier.reset();
            // an explicit timeout wins over the default
            assertThrows(TimeoutException.class, () -> barrier.await(Duration.ofMillis(10)));
        }
        try (Barrier plain = Barrier.open(file, 2)) {
            assertEquals(null, plain.defaultTimeout(), "no default: await() waits for ever");
        }
        assertThrows(IllegalArgumentException.class,
            () -> Barrier.open(dir.resolve("c"), 2, null, Duration.ofMillis(-1), SyncOptions.defaults()));
    }

    @Test
    void shouldRunActionOncePerGeneration() throws Exception {
        final AtomicInteger actions = new AtomicInteger();
        try (Barrier barrier = Barrier.create(dir.resolve("b"), 3, actions::incrementAndGet,
            SyncOptions.defaults())) {
            final Thread[] threads = new Thread[3];
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> {
                    try {
                        for (int g = 0; g < 20; g++) {
                            barrier.await(30, TimeUnit.SECONDS);
                        }
                    } catch (final Exception e) {
                        failure.set(e);
                    }
                });
                threads[t].start();
            }
            for (final Thread thread : threads) {
                thread.join();
            }
            assertEquals(null, failure.get());
            assertEquals(20, actions.get());
        }
    }

    @Test
    void shouldBreakForEveryWaiterWhenOneTimesOut() throws Exception {
        try (Barrier barrier = Barrier.create(dir.resolve("b"), 3, null, SyncOptions.defaults())) {
            final AtomicReference<Throwable> other = new AtomicReference<>();
            final Thread waiter = new Thread(() -> {
                try {
                    barrier.await();
                } catch (final Exception e) {
                    other.set(e);
                }
            });
            waiter.start();
            while (barrier.getNumberWaiting() < 1) {
                Thread.sleep(5);
            }
            final TimeoutException timeout = assertThrows(TimeoutException.class,
                () -> barrier.await(100, TimeUnit.MILLISECONDS));
            assertTrue(timeout.getMessage().contains("broken"), timeout.getMessage());
            waiter.join(5_000);
            assertTrue(other.get() instanceof BrokenBarrierException, "other waiter got " + other.get());
            assertTrue(barrier.isBroken());
            assertThrows(BrokenBarrierException.class, barrier::await);
            barrier.reset();
            assertFalse(barrier.isBroken());
            assertEquals(0, barrier.getNumberWaiting());
        }
    }

    @Test
    void shouldBreakForWaitersOnAbortAndReset() throws Exception {
        try (Barrier barrier = Barrier.create(dir.resolve("b"), 2, null, SyncOptions.defaults())) {
            for (final Runnable breaker : List.<Runnable>of(barrier::abort, barrier::reset)) {
                final AtomicReference<Throwable> thrown = new AtomicReference<>();
                final Thread waiter = new Thread(() -> {
                    try {
                        barrier.await(30, TimeUnit.SECONDS);
                    } catch (final Exception e) {
                        thrown.set(e);
                    }
                });
                waiter.start();
                while (barrier.getNumberWaiting() < 1) {
                    Thread.sleep(5);
                }
                breaker.run();
                waiter.join(5_000);
                assertTrue(thrown.get() instanceof BrokenBarrierException, "waiter got " + thrown.get());
                barrier.reset();
            }
        }
    }

    @Test
    void shouldBreakWhenAWaitingPartyIsKilled() throws Exception {
        final Path file = dir.resolve("b");
        try (Barrier barrier = Barrier.create(file, 3, null, SyncOptions.defaults());
             ChildJvm child = ChildJvm.start(SyncChild.class, "barrier", file.toString(), "3")) {
            child.awaitLine("awaiting"::equals, Duration.ofSeconds(60));
            while (barrier.getNumberWaiting() < 1) {
                Thread.sleep(5);
            }
            child.kill();
            final long start = System.nanoTime();
            final BrokenBarrierException broken = assertThrows(BrokenBarrierException.class,
                () -> barrier.await(30, TimeUnit.SECONDS));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000);
            assertTrue(broken.getMessage().contains("pid " + child.pid()), broken.getMessage());
            assertTrue(barrier.isBroken());
        }
    }

    @Test
    void shouldRejectPartiesOutOfRangeAndMismatch() {
        final Path file = dir.resolve("b");
        assertThrows(IllegalArgumentException.class, () -> Barrier.create(file, 0, null, SyncOptions.defaults()));
        try (Barrier barrier = Barrier.open(file, 2)) {
            assertEquals(2, barrier.getParties());
            assertThrows(IllegalArgumentException.class, () -> Barrier.open(file, 3));
        }
    }

    @Test
    void shouldReattachSerializedHandleInAnotherProcess() {
        try (Barrier barrier = Barrier.create(dir.resolve("b"), 3, null, SyncOptions.defaults());
             ChildJvm child = ChildJvm.start(SyncChild.class, "handle", SyncChild.encode(barrier))) {
            assertEquals(0, child.waitFor(Duration.ofSeconds(60)));
            assertTrue(child.lines().contains("barrier parties 3"), child.lines().toString());
        }
    }
}
