package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.sync.Barrier;
import io.shmproc.sync.Condition;
import io.shmproc.sync.Event;
import io.shmproc.sync.Lock;
import io.shmproc.sync.RLock;
import io.shmproc.sync.Semaphore;
import io.shmproc.testkit.CrossProcessTest;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class ShmprocSyncTest {
    @Test
    void shouldHandOutNamedAndAnonymousPrimitivesAndCloseThemWithTheContext() {
        final Lock lock;
        try (Shmproc mp = Shmproc.open()) {
            lock = mp.lock("shared");
            final Lock again = mp.lock("shared");
            lock.lock();
            assertTrue(again.isLocked(), "one name is one lock");
            lock.unlock();
            assertNotEquals(mp.lock().file(), mp.lock().file());
            final Condition condition = mp.condition("c");
            assertTrue(condition.lock() instanceof RLock);
            final Semaphore semaphore = mp.semaphore("s", 2);
            assertEquals(2, semaphore.availablePermits());
            assertEquals(1, mp.boundedSemaphore(1).availablePermits());
            final Event event = mp.event();
            event.set();
            assertTrue(event.isSet());
            final Barrier barrier = mp.barrier("b", 1, null);
            assertEquals(1, barrier.getParties());
            assertThrows(IllegalArgumentException.class, () -> mp.lock("../escape"));
            assertTrue(mp.rlock().tryLock());
        }
        assertThrows(ClosedException.class, lock::lock);
    }
}
