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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class RLockTest {
    private final SyncTestDirectory dir = new SyncTestDirectory();

    @AfterEach
    void removeDirectory() {
        dir.close();
    }

    @Test
    void shouldCountHoldsAndReleaseOnLastUnlock() throws Exception {
        try (RLock lock = RLock.create(dir.resolve("r"), SyncOptions.defaults())) {
            lock.lock();
            assertTrue(lock.tryLock());
            assertTrue(lock.tryLock(1, TimeUnit.SECONDS));
            lock.lockInterruptibly();
            assertEquals(4, lock.getHoldCount());
            final AtomicBoolean otherGot = new AtomicBoolean(true);
            final Thread other = new Thread(() -> otherGot.set(lock.tryLock()));
            other.start();
            other.join();
            assertFalse(otherGot.get(), "another thread must not enter a held RLock");
            for (int i = 0; i < 3; i++) {
                lock.unlock();
            }
            assertTrue(lock.isLocked());
            assertEquals(1, lock.getHoldCount());
            lock.unlock();
            assertFalse(lock.isLocked());
            assertEquals(0, lock.getHoldCount());
            assertThrows(IllegalMonitorStateException.class, lock::unlock);
        }
    }

    @Test
    void shouldRejectUnlockByAnotherThread() throws Exception {
        try (RLock lock = RLock.create(dir.resolve("r"), SyncOptions.defaults())) {
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
            assertEquals(1, lock.getHoldCount());
            lock.unlock();
        }
    }

    @Test
    void shouldTimeOutWhileAnotherProcessHoldsItAndReattachFromHandle() throws Exception {
        final Path file = dir.resolve("r");
        try (RLock lock = RLock.create(file, SyncOptions.defaults())) {
            lock.lock();
            try (ChildJvm child = ChildJvm.start(SyncChild.class, "handle", SyncChild.encode(lock))) {
                assertEquals(0, child.waitFor(Duration.ofSeconds(60)));
                assertTrue(child.lines().contains("rlock tryLock false"), child.lines().toString());
            }
            lock.unlock();
            final AtomicBoolean got = new AtomicBoolean(true);
            lock.lock();
            final Thread other = new Thread(() -> {
                try {
                    got.set(lock.tryLock(100, TimeUnit.MILLISECONDS));
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            other.start();
            other.join();
            assertFalse(got.get());
            assertEquals(1, lock.getHoldCount());
            lock.unlock();
        }
    }
}
