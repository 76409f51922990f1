package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.IncompatibleRegionException;
import io.shmproc.exceptions.MissingRegionException;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.PayloadInitializer;
import io.shmproc.memory.RegionKind;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class LockTest {
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

    private final SyncTestDirectory dir = new SyncTestDirectory();

    @AfterEach
    void removeDirectory() {
        dir.close();
    }

    @Test
    void shouldKeepNonAtomicCounterExactUnderContentionFromFourProcessesOfTwoThreads() {
        final int iterations = 20_000;
        final Path lockFile = dir.resolve("counter.lock");
        final Path counterFile = dir.resolve("counter");
        try (Lock lock = Lock.create(lockFile, SyncOptions.defaults());
             MappedRegion counter = MappedRegion.create(counterFile, RegionKind.TEST, 1, 64,
                 PayloadInitializer.ZEROED)) {
            final List<ChildJvm> children = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                children.add(ChildJvm.start(SyncChild.class, "count", lockFile.toString(), counterFile.toString(),
                    Integer.toString(iterations), "2"));
            }
            for (final ChildJvm child : children) {
                assertEquals(0, child.waitFor(CHILD_TIMEOUT), "child exit code");
            }
            assertEquals(4L * 2 * iterations, counter.payload().getLongVolatile(0));
            assertFalse(lock.isLocked());
        }
    }

    @Test
    void shouldExcludeThreadsOfOneProcess() throws InterruptedException {
        try (Lock lock = Lock.create(dir.resolve("l"), SyncOptions.defaults())) {
            final long[] counter = new long[1];
            final Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 50_000; i++) {
                        lock.lock();
                        try {
                            counter[0]++;
                        } finally {
                            lock.unlock();
                        }
                    }
                });
                threads[t].start();
            }
            for (final Thread thread : threads) {
                thread.join();
            }
            lock.lock();
            try {
                assertEquals(200_000, counter[0]);
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void shouldHandLockOfKilledHolderToWaiterWithinOneSecondAndReportOwnerDied() throws Exception {
        final Path lockFile = dir.resolve("robust.lock");
        try (Lock lock = Lock.create(lockFile, SyncOptions.defaults());
             ChildJvm holder = ChildJvm.start(SyncChild.class, "hold", lockFile.toString())) {
            holder.awaitLine("locked"::equals, CHILD_TIMEOUT);
            assertTrue(lock.isLocked());
            assertTrue(lock.toString().contains("pid " + holder.pid()), lock.toString());
            final AtomicLong acquiredAt = new AtomicLong();
            final AtomicReference<Boolean> died = new AtomicReference<>();
            final CountDownLatch waiting = new CountDownLatch(1);
            final Thread waiter = new Thread(() -> {
                waiting.countDown();
                lock.lock();
                acquiredAt.set(System.nanoTime());
                died.set(lock.previousOwnerDied());
                lock.unlock();
            });
            waiter.start();
            waiting.await();
            Thread.sleep(200);
            assertEquals(0, acquiredAt.get(), "the waiter must not get the lock while its holder lives");
            final long killedAt = System.nanoTime();
            holder.kill();
            waiter.join(10_000);
            assertTrue(acquiredAt.get() != 0, "the waiter never got the lock of the killed holder");
            final long millis = TimeUnit.NANOSECONDS.toMillis(acquiredAt.get() - killedAt);
            System.out.println("took over the killed holder's lock " + millis + " ms after the kill");
            assertTrue(millis < 1000, "took over after " + millis + " ms");
            assertEquals(Boolean.TRUE, died.get());
            lock.lock();
            try {
                assertFalse(lock.previousOwnerDied(), "a normal hand-over must not report a dead owner");
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void shouldGiveLockOfKilledHolderToExactlyOneOfWaitersInTwoProcessesWithinOneSecond() throws Exception {
        final Path lockFile = dir.resolve("robust.lock");
        try (Lock lock = Lock.create(lockFile, SyncOptions.defaults());
             ChildJvm holder = ChildJvm.start(SyncChild.class, "hold", lockFile.toString());
             ChildJvm other = ChildJvm.start(SyncChild.class, "wait", lockFile.toString())) {
            holder.awaitLine("locked"::equals, CHILD_TIMEOUT);
            other.awaitLine("waiting"::equals, CHILD_TIMEOUT);
            final AtomicReference<Boolean> died = new AtomicReference<>();
            final Thread waiter = new Thread(() -> {
                lock.lock();
                died.set(lock.previousOwnerDied());
                lock.unlock();
            });
            waiter.start();
            Thread.sleep(100);
            final long killedAt = System.nanoTime();
            holder.kill();
            final String line = other.awaitLine(l -> l.startsWith("acquired"), Duration.ofSeconds(10));
            waiter.join(10_000);
            final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertTrue(millis < 1000, "both waiters done only " + millis + " ms after the kill");
            final boolean childSawDeath = line.equals("acquired died=true");
            assertTrue(childSawDeath ^ Boolean.TRUE.equals(died.get()),
                "exactly one waiter takes over from the dead holder; child: " + line + ", parent: " + died.get());
            assertEquals(0, other.waitFor(CHILD_TIMEOUT));
        }
    }

    @Test
    void shouldCostAnIdleWaiterLittleProcessorTime() throws Exception {
        try (Lock lock = Lock.create(dir.resolve("l"), SyncOptions.defaults())) {
            lock.lock();
            final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory
                .getThreadMXBean();
            final AtomicLong cpu = new AtomicLong();
            final Thread waiter = new Thread(() -> {
                try {
                    final long start = threads.getCurrentThreadCpuTime();
                    assertFalse(lock.tryLock(2, TimeUnit.SECONDS));
                    cpu.set(threads.getCurrentThreadCpuTime() - start);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            waiter.join();
            lock.unlock();
            final double percent = cpu.get() / 2e9 * 100;
            System.out.printf("idle waiter used %.2f %% of a core%n", percent);
            assertTrue(percent < 3, "an idle waiter used " + percent + " % of a core");
        }
    }

    @Test
    void shouldTimeOutWithoutTraceWhileAnotherProcessHoldsTheLock() throws Exception {
        final Path lockFile = dir.resolve("busy.lock");
        try (Lock lock = Lock.create(lockFile, SyncOptions.defaults());
             ChildJvm holder = ChildJvm.start(SyncChild.class, "hold", lockFile.toString())) {
            holder.awaitLine("locked"::equals, CHILD_TIMEOUT);
            final String before = lock.toString();
            assertFalse(lock.tryLock());
            final long start = System.nanoTime();
            assertFalse(lock.tryLock(150, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150));
            assertFalse(lock.tryLock(Duration.ZERO));
            assertEquals(before, lock.toString());
            assertThrows(IllegalMonitorStateException.class, lock::unlock);
        }
    }

    @Test
    void shouldStopWaitingWhenInterrupted() throws Exception {
        try (Lock lock = Lock.create(dir.resolve("l"), SyncOptions.defaults())) {
            lock.lock();
            final AtomicReference<Throwable> thrown = new AtomicReference<>();
            final Thread waiter = new Thread(() -> {
                try {
                    lock.lockInterruptibly();
                } catch (final InterruptedException e) {
                    thrown.set(e);
                }
            });
            waiter.start();
            Thread.sleep(50);
            waiter.interrupt();
            waiter.join(5_000);
            assertTrue(thrown.get() instanceof InterruptedException, "thrown: " + thrown.get());
            assertTrue(lock.isHeldByCurrentThread());
            lock.unlock();
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> lock.tryLock(1, TimeUnit.SECONDS));
            assertFalse(lock.isLocked());
        }
    }

    @Test
    void shouldRejectUnlockByThreadThatDoesNotHoldTheLock() throws Exception {
        try (Lock lock = Lock.create(dir.resolve("l"), SyncOptions.defaults())) {
            final IllegalMonitorStateException free = assertThrows(IllegalMonitorStateException.class, lock::unlock);
            assertTrue(free.getMessage().contains("unlocked"), free.getMessage());
            lock.lock();
            final AtomicReference<Throwable> thrown = new AtomicReference<>();
            final Thread other = new Thread(() -> {
                try {
                    lock.unlock();
                } catch (final Throwable e) {
                    thrown.set(e);
                }
            });
            other.start();
            other.join();
            assertTrue(thrown.get() instanceof IllegalMonitorStateException, "thrown: " + thrown.get());
            assertTrue(lock.isHeldByCurrentThread());
            lock.unlock();
            assertThrows(IllegalMonitorStateException.class, lock::previousOwnerDied);
        }
    }

    @Test
    void shouldRejectReentryOfNonReentrantLock() {
        try (Lock lock = Lock.create(dir.resolve("l"), SyncOptions.defaults())) {
            lock.lock();
            try {
                assertFalse(lock.tryLock());
                final IllegalStateException e = assertThrows(IllegalStateException.class, lock::lock);
                assertTrue(e.getMessage().contains("RLock"), e.getMessage());
                assertThrows(IllegalStateException.class, lock::lockInterruptibly);
            } finally {
                lock.unlock();
            }
            assertFalse(lock.isLocked());
        }
    }

    @Test
    void shouldRejectMissingFileWrongTypeAndClosedHandle() {
        final Path file = dir.resolve("l");
        assertThrows(MissingRegionException.class, () -> Lock.attach(file, SyncOptions.defaults()));
        final Lock lock = Lock.create(file, SyncOptions.defaults());
        final IncompatibleRegionException wrong = assertThrows(IncompatibleRegionException.class,
            () -> RLock.attach(file, SyncOptions.defaults()));
        assertTrue(wrong.getMessage().contains("LOCK"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Lock.create(null, SyncOptions.defaults()));
        lock.close();
        assertThrows(ClosedException.class, lock::lock);
        assertThrows(ClosedException.class, lock::tryLock);
    }

    @Test
    void shouldShareOneLockBetweenHandlesOpenedByName() {
        final Path file = dir.resolve("l");
        try (Lock first = Lock.open(file); Lock second = Lock.open(file)) {
            first.lock();
            assertTrue(second.isLocked());
            assertTrue(second.isHeldByCurrentThread());
            second.unlock();
            assertFalse(first.isLocked());
        }
    }

    @Test
    void shouldReattachSerializedHandleInAnotherProcess() {
        final Path file = dir.resolve("l");
        try (Lock lock = Lock.create(file, SyncOptions.defaults())) {
            lock.lock();
            try (ChildJvm child = ChildJvm.start(SyncChild.class, "handle", SyncChild.encode(lock))) {
                assertEquals(0, child.waitFor(CHILD_TIMEOUT));
                assertTrue(child.lines().contains("lock tryLock false"), child.lines().toString());
            } finally {
                lock.unlock();
            }
            try (ChildJvm child = ChildJvm.start(SyncChild.class, "handle", SyncChild.encode(lock))) {
                assertEquals(0, child.waitFor(CHILD_TIMEOUT));
                assertTrue(child.lines().contains("lock tryLock true"), child.lines().toString());
            }
        }
    }
}
