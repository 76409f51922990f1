package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.KernelWakeup;
import io.shmproc.memory.Sleepers;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every sync primitive's blocked call, in another process, asleep in the kernel with a wake-up period set long
 * on purpose, ends promptly on its event: long before the period would have ended the sleep.
 */
@CrossProcessTest
class SyncKernelWakeupTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final long PERIOD_MILLIS = 8_000;

    private static ChildJvm waiter(final String primitive, final SyncTestDirectory dir) {
        return ChildJvm.start(List.of("-D" + KernelWakeup.PERIOD_PROPERTY + "=" + PERIOD_MILLIS),
            SleepingWaiterChild.class, primitive, dir.path().toString());
    }

    private static void awaitSleeper(final Object handle) throws InterruptedException {
        awaitSleeper(((SyncHandle) handle).region().sleepers(), handle);
    }

    private static void awaitSleeper(final Sleepers sleepers, final Object handle) throws InterruptedException {
        final long deadline = System.nanoTime() + LONG.toNanos();
        while (sleepers.count() == 0) {
            assertTrue(System.nanoTime() < deadline, "the child never slept in the kernel on " + handle);
            Thread.sleep(5);
        }
        Thread.sleep(50); // well inside the sleep now
    }

    private static void assertWokePromptly(final ChildJvm child, final long signalledAt) {
        final String line = child.awaitLine(l -> l.startsWith("woke "), LONG);
        final long millis = (Long.parseLong(line.substring("woke ".length())) - signalledAt) / 1_000_000;
        assertTrue(millis < PERIOD_MILLIS / 2, "the wait ended " + millis + " ms after its event: not woken, ended"
            + " by the " + PERIOD_MILLIS + " ms periodic check");
        assertEquals(0, child.waitFor(LONG));
    }

    @Test
    void shouldWakeALockWaiterOnUnlock() throws Exception {
        try (SyncTestDirectory dir = new SyncTestDirectory();
             Lock lock = Lock.open(dir.resolve("lock"), SyncOptions.defaults())) {
            lock.lock();
            try (ChildJvm child = waiter("lock", dir)) {
                child.awaitLine("waiting"::equals, LONG);
                awaitSleeper(lock);
                final long at = System.nanoTime();
                lock.unlock();
                assertWokePromptly(child, at);
            }
        }
    }

    @Test
    void shouldWakeASemaphoreWaiterOnRelease() throws Exception {
        try (SyncTestDirectory dir = new SyncTestDirectory();
             Semaphore semaphore = Semaphore.open(dir.resolve("semaphore"), 0, SyncOptions.defaults());
             ChildJvm child = waiter("semaphore", dir)) {
            child.awaitLine("waiting"::equals, LONG);
            awaitSleeper(semaphore);
            final long at = System.nanoTime();
            semaphore.release();
            assertWokePromptly(child, at);
        }
    }

    @Test
    void shouldWakeAnEventWaiterOnSet() throws Exception {
        try (SyncTestDirectory dir = new SyncTestDirectory();
             Event event = Event.open(dir.resolve("event"), SyncOptions.defaults());
             ChildJvm child = waiter("event", dir)) {
            child.awaitLine("waiting"::equals, LONG);
            awaitSleeper(event);
            final long at = System.nanoTime();
            event.set();
            assertWokePromptly(child, at);
        }
    }

    @Test
    void shouldWakeABarrierWaiterWhenTheLastPartyArrives() throws Exception {
        try (SyncTestDirectory dir = new SyncTestDirectory();
             Barrier barrier = Barrier.open(dir.resolve("barrier"), 2);
             ChildJvm child = waiter("barrier", dir)) {
            child.awaitLine("waiting"::equals, LONG);
            awaitSleeper(barrier);
            final long at = System.nanoTime();
            barrier.await();
            assertWokePromptly(child, at);
        }
    }

    @Test
    void shouldWakeAConditionWaiterOnSignal() throws Exception {
        try (SyncTestDirectory dir = new SyncTestDirectory();
             Lock lock = Lock.open(dir.resolve("lock"), SyncOptions.defaults());
             Condition condition = Condition.open(dir.resolve("condition"), lock, SyncOptions.defaults());
             ChildJvm child = waiter("condition", dir)) {
            child.awaitLine("waiting"::equals, LONG);
            awaitSleeper(((LocalCondition) condition).sleepers(), condition);
            lock.lock();
            final long at = System.nanoTime();
            try {
                condition.signal();
            } finally {
                lock.unlock();
            }
            assertWokePromptly(child, at);
        }
    }
}
