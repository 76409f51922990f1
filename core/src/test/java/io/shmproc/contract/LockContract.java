package io.shmproc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.sync.Lock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The {@link Lock} contract, run against every backend. */
abstract class LockContract extends ContractBase {
    @Test
    void shouldExcludeAHolderOfTheOtherContext() throws Exception {
        final String name = name("lock");
        final Lock mine = mp().lock(name);
        final Lock theirs = other().lock(name);
        mine.lock();
        try {
            assertTrue(mine.isLocked());
            assertTrue(mine.isHeldByCurrentThread());
            final AtomicBoolean got = new AtomicBoolean(true);
            final Thread t = new Thread(() -> got.set(theirs.tryLock()));
            t.start();
            t.join();
            assertFalse(got.get(), "a second holder while the first holds it");
            assertFalse(mine.previousOwnerDied());
        } finally {
            mine.unlock();
        }
        assertFalse(theirs.isLocked());
        assertTrue(theirs.tryLock());
        theirs.unlock();
    }

    @Test
    void shouldHandTheLockToAWaiterWhenReleased() throws Exception {
        final String name = name("lock");
        final Lock mine = mp().lock(name);
        final Lock theirs = other().lock(name);
        mine.lock();
        final CountDownLatch acquired = new CountDownLatch(1);
        final Thread t = new Thread(() -> {
            theirs.lock();
            acquired.countDown();
            theirs.unlock();
        });
        t.start();
        assertFalse(acquired.await(300, TimeUnit.MILLISECONDS), "the waiter got a held lock");
        mine.unlock();
        assertTrue(acquired.await(10, TimeUnit.SECONDS), "the waiter never got the released lock");
        t.join();
    }

    @Test
    void shouldTimeOutWithoutATrace() throws Exception {
        final String name = name("lock");
        final Lock mine = mp().lock(name);
        mine.lock();
        final boolean[] got = new boolean[1];
        final long[] took = new long[1];
        final Thread t = new Thread(() -> {
            final long start = System.nanoTime();
            try {
                got[0] = other().lock(name).tryLock(Duration.ofMillis(300));
            } catch (final InterruptedException e) {
                throw new AssertionError(e);
            }
            took[0] = System.nanoTime() - start;
        });
        t.start();
        t.join();
        mine.unlock();
        assertFalse(got[0]);
        assertTrue(took[0] >= TimeUnit.MILLISECONDS.toNanos(250), "gave up after " + took[0] + " ns");
        assertFalse(mine.isLocked());
    }

    @Test
    void shouldRefuseMisuse() {
        final Lock lock = mp().lock(name("lock"));
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
        lock.lock();
        try {
            assertThrows(IllegalStateException.class, lock::lock, "not reentrant");
            assertFalse(lock.tryLock());
        } finally {
            lock.unlock();
        }
        assertThrows(IllegalMonitorStateException.class, lock::previousOwnerDied);
    }

    @Test
    void shouldObeyAnInterruptWhileWaiting() throws Exception {
        final String name = name("lock");
        final Lock mine = mp().lock(name);
        mine.lock();
        try {
            final AtomicBoolean interrupted = new AtomicBoolean();
            final Thread t = new Thread(() -> {
                try {
                    other().lock(name).lockInterruptibly();
                } catch (final InterruptedException e) {
                    interrupted.set(true);
                }
            });
            t.start();
            Thread.sleep(100);
            t.interrupt();
            t.join(10_000);
            assertFalse(t.isAlive());
            assertTrue(interrupted.get());
        } finally {
            mine.unlock();
        }
        assertFalse(mine.isLocked(), "an interrupted waiter left the lock held");
    }

    @Test
    void shouldKeepACounterExactUnderContention() throws Exception {
        final String name = name("lock");
        final int[] counter = new int[1];
        final Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            final Lock lock = (i % 2 == 0 ? mp() : other()).lock(name);
            threads[i] = new Thread(() -> {
                for (int k = 0; k < 50; k++) {
                    lock.lock();
                    try {
                        counter[0]++;
                    } finally {
                        lock.unlock();
                    }
                }
            });
            threads[i].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        assertEquals(200, counter[0]);
    }
}
