package io.shmproc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.sync.BoundedSemaphore;
import io.shmproc.sync.Semaphore;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@link Semaphore} and {@link BoundedSemaphore} contract, run against every backend. */
abstract class SemaphoreContract extends ContractBase {
    @Test
    void shouldCountPermitsAcrossContexts() throws Exception {
        final String name = name("semaphore");
        final Semaphore mine = mp().semaphore(name, 2);
        final Semaphore theirs = other().semaphore(name, 2);
        assertEquals(2, theirs.availablePermits());
        assertTrue(mine.tryAcquire());
        assertTrue(theirs.tryAcquire());
        assertFalse(mine.tryAcquire());
        assertFalse(theirs.tryAcquire(Duration.ofMillis(100)));
        final CountDownLatch got = new CountDownLatch(1);
        final Thread t = new Thread(() -> {
            theirs.acquireUninterruptibly();
            got.countDown();
        });
        t.start();
        assertFalse(got.await(200, TimeUnit.MILLISECONDS));
        mine.release();
        assertTrue(got.await(10, TimeUnit.SECONDS), "the waiter never got the released permit");
        t.join();
        mine.release(2);
        assertEquals(2, mine.availablePermits());
        mine.release();
        assertEquals(3, mine.availablePermits(), "a plain semaphore may go past its initial count");
        assertThrows(IllegalArgumentException.class, () -> mine.release(0));
    }

    @Test
    void shouldRefuseAReleasePastTheBound() throws Exception {
        final BoundedSemaphore bounded = mp().boundedSemaphore(name("bounded"), 1);
        assertThrows(IllegalStateException.class, bounded::release);
        assertEquals(1, bounded.availablePermits(), "a refused release changed the count");
        bounded.acquire();
        bounded.release();
        assertEquals(1, bounded.availablePermits());
    }
}
