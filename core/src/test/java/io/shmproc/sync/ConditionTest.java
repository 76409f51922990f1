package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class ConditionTest {
    private final SyncTestDirectory dir = new SyncTestDirectory();

    @AfterEach
    void removeDirectory() {
        dir.close();
    }

    @Test
    void shouldSignalWaiterInAnotherProcess() {
        final Path file = dir.resolve("l");
        try (Lock lock = Lock.create(file, SyncOptions.defaults());
             ChildJvm child = ChildJvm.start(SyncChild.class, "await", file.toString())) {
            child.awaitLine("waiting"::equals, Duration.ofSeconds(60));
            final Condition condition = lock.newCondition();
            lock.lock();
            try {
                condition.signal();
            } finally {
                lock.unlock();
            }
            assertEquals(0, child.waitFor(Duration.ofSeconds(30)));
            assertTrue(child.lines().contains("signalled true"), child.lines().toString());
        }
    }

    @Test
    void shouldSkipWaiterWhoseProcessDied() throws Exception {
        final Path file = dir.resolve("l");
        try (Lock lock = Lock.create(file, SyncOptions.defaults());
             ChildJvm child = ChildJvm.start(SyncChild.class, "await", file.toString())) {
            child.awaitLine("waiting"::equals, Duration.ofSeconds(60));
            final Condition condition = lock.newCondition();
            lock.lock(); // the child is waiting on the condition once it has released the lock
            lock.unlock();
            child.kill();
            final AtomicBoolean signalled = new AtomicBoolean();
            final Thread waiter = new Thread(() -> {
                lock.lock();
                try {
                    signalled.set(condition.await(30, TimeUnit.SECONDS));
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    lock.unlock();
                }
            });
            waiter.start();
            while (!condition.toString().contains("2 waiting")) {
                Thread.sleep(5);
            }
            lock.lock();
            try {
                condition.signal(); // the dead child's ticket is older; the live waiter must get it
            } finally {
                lock.unlock();
            }
            waiter.join(10_000);
            assertTrue(signalled.get());
        }
    }

    @Test
    void shouldTimeOutWithoutTraceAndHoldTheLockAgain() throws Exception {
        try (Lock lock = Lock.create(dir.resolve("l"), SyncOptions.defaults())) {
            final Condition condition = lock.newCondition();
            lock.lock();
            try {
                final long start = System.nanoTime();
                assertFalse(condition.await(100, TimeUnit.MILLISECONDS));
                assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
                assertTrue(condition.awaitNanos(1_000_000) <= 0);
                assertTrue(lock.isHeldByCurrentThread());
                assertTrue(condition.toString().contains("0 waiting"), condition.toString());
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void shouldWaitForPredicateLikePythonWaitFor() throws Exception {
        try (RLock lock = RLock.create(dir.resolve("r"), SyncOptions.defaults())) {
            final Condition condition = lock.newCondition();
            final AtomicBoolean ready = new AtomicBoolean();
            lock.lock();
            lock.lock();
            try {
                assertFalse(condition.waitFor(ready::get, 50, TimeUnit.MILLISECONDS));
                final Thread setter = new Thread(() -> {
                    lock.lock();
                    try {
                        ready.set(true);
                        condition.signalAll();
                    } finally {
                        lock.unlock();
                    }
                });
                setter.start();
                assertTrue(condition.waitFor(ready::get, 30, TimeUnit.SECONDS));
                assertEquals(2, lock.getHoldCount(), "waiting must restore every hold of an RLock");
                setter.join();
            } finally {
                lock.unlock();
                lock.unlock();
            }
        }
    }

    @Test
    void shouldRejectAwaitAndSignalWithoutTheLock() {
        try (Lock lock = Lock.create(dir.resolve("l"), SyncOptions.defaults())) {
            final Condition condition = lock.newCondition();
            assertThrows(IllegalMonitorStateException.class, condition::signal);
            assertThrows(IllegalMonitorStateException.class, condition::signalAll);
            assertThrows(IllegalMonitorStateException.class, condition::await);
            assertThrows(IllegalMonitorStateException.class, () -> condition.await(1, TimeUnit.SECONDS));
        }
    }

    @Test
    void signalOfNShouldWakeExactlyNWaitersLikePythonNotifyN() throws Exception {
        try (Lock lock = Lock.create(dir.resolve("l"), SyncOptions.defaults())) {
            final Condition condition = lock.newCondition();
            final java.util.concurrent.atomic.AtomicInteger woken = new java.util.concurrent.atomic.AtomicInteger();
            final Thread[] waiters = new Thread[3];
            for (int t = 0; t < waiters.length; t++) {
                waiters[t] = new Thread(() -> {
                    lock.lock();
                    try {
                        if (condition.await(30, TimeUnit.SECONDS)) {
                            woken.incrementAndGet();
                        }
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        lock.unlock();
                    }
                });
                waiters[t].start();
            }
            while (!condition.toString().contains("3 waiting")) {
                Thread.sleep(5);
            }
            lock.lock();
            try {
                condition.signal(2);
                assertThrows(IllegalArgumentException.class, () -> condition.signal(-1));
            } finally {
                lock.unlock();
            }
            final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (woken.get() < 2 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            Thread.sleep(200);
            assertEquals(2, woken.get(), "signal(2) woke two waiters, not more");
            lock.lock();
            try {
                condition.signalAll();
            } finally {
                lock.unlock();
            }
            for (final Thread waiter : waiters) {
                waiter.join(30_000);
            }
            assertEquals(3, woken.get());
        }
    }

    @Test
    void shouldKeepWaitingAfterEveryOtherProcessLeftUntilAThreadOfThisProcessSignals() throws Exception {
        final Path file = dir.resolve("l");
        try (Lock lock = Lock.create(file, SyncOptions.defaults())) {
            try (ChildJvm child = ChildJvm.start(SyncChild.class, "handle", SyncChild.encode(lock))) {
                assertEquals(0, child.waitFor(Duration.ofSeconds(60))); // opened the lock, exits without closing
            }
            final Condition condition = lock.newCondition();
            final Thread signaller = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (final InterruptedException e) {
                    return;
                }
                lock.lock();
                try {
                    condition.signal();
                } finally {
                    lock.unlock();
                }
            });
            lock.lock();
            try {
                signaller.start();
                assertTrue(condition.await(30, TimeUnit.SECONDS), "the wait ends by the signal, not otherwise");
                assertTrue(lock.isHeldByCurrentThread());
            } finally {
                lock.unlock();
            }
            signaller.join(10_000);
        }
    }

    @Test
    void shouldKeepWaitingForAChildThatWillSignalWhileItIsStillStarting() throws Exception {
        final Path file = dir.resolve("l");
        try (Lock lock = Lock.create(file, SyncOptions.defaults())) {
            try (ChildJvm gone = ChildJvm.start(SyncChild.class, "handle", SyncChild.encode(lock))) {
                assertEquals(0, gone.waitFor(Duration.ofSeconds(60)));
            }
            final Condition condition = lock.newCondition();
            lock.lock();
            try (ChildJvm signaller = ChildJvm.start(SyncChild.class, "signal", file.toString())) {
                try {
                    assertTrue(condition.await(60, TimeUnit.SECONDS), "the wait ends by the child's signal");
                } finally {
                    lock.unlock();
                }
                assertEquals(0, signaller.waitFor(Duration.ofSeconds(60)));
            }
        }
    }

    @Test
    void shouldRemoveAProcessFromTheAttachTableWhenItClosesItsLastHandle() throws Exception {
        final Path file = dir.resolve("l");
        try (Lock lock = Lock.create(file, SyncOptions.defaults());
             Lock second = Lock.attach(file, SyncOptions.defaults());
             ChildJvm child = ChildJvm.start(SyncChild.class, "attach-close", file.toString())) {
            child.awaitLine("closed"::equals, Duration.ofSeconds(60));
            second.close();
            final int self = ((SyncHandle) lock).region().liveness().selfToken();
            int others = 0;
            int selves = 0;
            for (int i = 0; i < SyncLayout.ATTACH_CAPACITY; i++) {
                final int token = ((SyncHandle) lock).region().buffer().getIntVolatile(SyncLayout.attachOffset(i));
                if (token == self) {
                    selves++;
                } else if (token != 0) {
                    others++;
                }
            }
            assertEquals(0, others, "the child closed its handle and is no attacher any more");
            assertEquals(1, selves, "this process still holds a handle after closing its second one");
            child.kill();
        }
    }

    @Test
    void shouldReattachSerializedConditionInAnotherProcess() {
        try (Lock lock = Lock.create(dir.resolve("l"), SyncOptions.defaults());
             ChildJvm child = ChildJvm.start(SyncChild.class, "handle", SyncChild.encode(lock.newCondition()))) {
            assertEquals(0, child.waitFor(Duration.ofSeconds(60)));
            assertTrue(child.lines().contains("condition Condition"), child.lines().toString());
        }
    }

    @Test
    void shouldKeepTwoConditionFilesOverOneLockApart() throws Exception {
        try (Lock lock = Lock.create(dir.resolve("l"), SyncOptions.defaults());
             Condition notEmpty = Condition.create(dir.resolve("not-empty"), lock, SyncOptions.defaults());
             Condition notFull = Condition.open(dir.resolve("not-full"), lock, SyncOptions.defaults())) {
            final AtomicBoolean emptyWoken = new AtomicBoolean();
            final AtomicBoolean fullWoken = new AtomicBoolean();
            final Thread emptyWaiter = waiter(lock, notEmpty, emptyWoken);
            final Thread fullWaiter = waiter(lock, notFull, fullWoken);
            while (!notEmpty.toString().contains("1 waiting") || !notFull.toString().contains("1 waiting")) {
                Thread.sleep(5);
            }
            lock.lock();
            try {
                notFull.signal();
            } finally {
                lock.unlock();
            }
            fullWaiter.join(10_000);
            assertTrue(fullWoken.get());
            assertTrue(emptyWaiter.isAlive(), "a signal on one condition must not wake the other's waiter");
            lock.lock();
            try {
                notEmpty.signalAll();
            } finally {
                lock.unlock();
            }
            emptyWaiter.join(10_000);
            assertTrue(emptyWoken.get());
            assertThrows(IllegalArgumentException.class, () -> Condition.create(dir.resolve("x"),
                new java.util.concurrent.locks.ReentrantLock(), SyncOptions.defaults()));
        }
    }

    @Test
    void shouldReattachSerializedStandaloneConditionInAnotherProcess() {
        try (Lock lock = Lock.create(dir.resolve("l"), SyncOptions.defaults());
             Condition condition = Condition.create(dir.resolve("c"), lock, SyncOptions.defaults());
             ChildJvm child = ChildJvm.start(SyncChild.class, "handle", SyncChild.encode(condition))) {
            assertEquals(0, child.waitFor(Duration.ofSeconds(60)));
            assertTrue(child.lines().contains("condition Condition"), child.lines().toString());
        }
    }

    private static Thread waiter(final Lock lock, final Condition condition, final AtomicBoolean woken) {
        final Thread thread = new Thread(() -> {
            lock.lock();
            try {
                woken.set(condition.await(30, TimeUnit.SECONDS));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        thread.start();
        return thread;
    }
}
