package io.shmproc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class SemaphoreTest {
    private final SyncTestDirectory dir = new SyncTestDirectory();

    @AfterEach
    void removeDirectory() {
        dir.close();
    }

    @Test
    void shouldHandOutOnlyTheInitialPermitsAndTimeOutWithoutTrace() throws Exception {
        try (Semaphore semaphore = Semaphore.create(dir.resolve("s"), 2, SyncOptions.defaults())) {
            assertTrue(semaphore.tryAcquire());
            assertTrue(semaphore.tryAcquire(Duration.ofMillis(10)));
            assertFalse(semaphore.tryAcquire());
            final long start = System.nanoTime();
            assertFalse(semaphore.tryAcquire(100, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
            assertEquals(0, semaphore.availablePermits());
            semaphore.release(2);
            assertEquals(2, semaphore.availablePermits());
            semaphore.release();
            assertEquals(3, semaphore.availablePermits(), "an unbounded semaphore may exceed its initial value");
        }
    }

    @Test
    void shouldWakeBlockedAcquirerOnRelease() throws Exception {
        try (Semaphore semaphore = Semaphore.create(dir.resolve("s"), 0, SyncOptions.defaults())) {
            final AtomicBoolean acquired = new AtomicBoolean();
            final Thread waiter = new Thread(() -> {
                semaphore.acquireUninterruptibly();
                acquired.set(true);
            });
            waiter.start();
            Thread.sleep(50);
            assertFalse(acquired.get());
            semaphore.release();
            waiter.join(5_000);
            assertTrue(acquired.get());
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, semaphore::acquire);
        }
    }

    @Test
    void shouldRejectReleaseAboveInitialValueOfBoundedSemaphore() throws Exception {
        try (BoundedSemaphore semaphore = BoundedSemaphore.create(dir.resolve("b"), 1, SyncOptions.defaults())) {
            final IllegalStateException e = assertThrows(IllegalStateException.class, semaphore::release);
            assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
            semaphore.acquire();
            semaphore.release();
            assertEquals(1, semaphore.availablePermits());
            assertThrows(IllegalArgumentException.class, () -> semaphore.release(0));
        }
    }

    @Test
    void shouldRejectBadArgumentsAndClosedHandle() {
        final Path file = dir.resolve("s");
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> Semaphore.create(file, -1, SyncOptions.defaults()));
        assertTrue(negative.getMessage().contains("permits=-1"), negative.getMessage());
        final Semaphore semaphore = Semaphore.open(file, 3);
        final IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
            () -> Semaphore.open(file, 4));
        assertTrue(mismatch.getMessage().contains("permits=3"), mismatch.getMessage());
        semaphore.close();
        assertThrows(ClosedException.class, semaphore::tryAcquire);
    }

    @Test
    void shouldReattachSerializedHandleInAnotherProcess() throws Exception {
        try (Semaphore semaphore = Semaphore.create(dir.resolve("s"), 5, SyncOptions.defaults())) {
            semaphore.acquire();
            try (ChildJvm child = ChildJvm.start(SyncChild.class, "handle", SyncChild.encode(semaphore))) {
                assertEquals(0, child.waitFor(Duration.ofSeconds(60)));
                assertTrue(child.lines().contains("semaphore permits 4"), child.lines().toString());
            }
        }
    }

    @Test
    void aSemaphoreWithoutACountShouldHaveOnePermitLikePython() {
        try (io.shmproc.Shmproc mp = io.shmproc.Shmproc.open()) {
            final Semaphore semaphore = mp.semaphore("s");
            assertTrue(semaphore.tryAcquire());
            assertFalse(semaphore.tryAcquire(), "Python's Semaphore() holds one permit");
            semaphore.release();
        }
    }
}
