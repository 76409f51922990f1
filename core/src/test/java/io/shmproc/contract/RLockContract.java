package io.shmproc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.sync.RLock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The {@link RLock} contract, run against every backend. */
abstract class RLockContract extends ContractBase {
    @Test
    void shouldCountHoldsAndReleaseOnTheLast() throws Exception {
        final String name = name("rlock");
        final RLock lock = mp().rlock(name);
        lock.lock();
        lock.lock();
        assertEquals(2, lock.getHoldCount());
        lock.unlock();
        assertEquals(1, lock.getHoldCount());
        final AtomicBoolean got = new AtomicBoolean(true);
        final Thread t = new Thread(() -> got.set(other().rlock(name).tryLock()));
        t.start();
        t.join();
        assertFalse(got.get(), "another owner got a lock held once more");
        lock.unlock();
        assertEquals(0, lock.getHoldCount());
        assertFalse(lock.isLocked());
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
        assertTrue(other().rlock(name).tryLock());
        other().rlock(name).unlock();
    }
}
