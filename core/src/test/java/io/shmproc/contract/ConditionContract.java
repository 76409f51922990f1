package io.shmproc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.sync.Condition;
import io.shmproc.sync.RLock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The {@link Condition} contract, run against every backend. */
abstract class ConditionContract extends ContractBase {
    @Test
    void shouldWakeAWaiterOfTheOtherContextAndGiveItTheLockBack() throws Exception {
        final String name = name("condition");
        final RLock lock = mp().rlock(name);
        final Condition condition = lock.newCondition();
        final AtomicBoolean flag = new AtomicBoolean();
        final CountDownLatch waiting = new CountDownLatch(1);
        final boolean[] result = new boolean[2];
        final Thread waiter = new Thread(() -> {
            final RLock theirs = other().rlock(name);
            final Condition theirCondition = theirs.newCondition();
            theirs.lock();
            try {
                waiting.countDown();
                result[0] = theirCondition.waitFor(flag::get, 10, TimeUnit.SECONDS);
                result[1] = theirs.isHeldByCurrentThread();
            } catch (final InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                theirs.unlock();
            }
        });
        waiter.start();
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        lock.lock();
        try {
            flag.set(true);
            condition.signalAll();
        } finally {
            lock.unlock();
        }
        waiter.join(15_000);
        assertTrue(result[0], "the waiter never saw the predicate true");
        assertTrue(result[1], "the waiter came back without the lock");
        assertFalse(lock.isLocked());
    }

    @Test
    void shouldTimeOutHoldingTheLockAgain() throws Exception {
        final RLock lock = mp().rlock(name("condition"));
        final Condition condition = lock.newCondition();
        lock.lock();
        lock.lock();
        try {
            assertFalse(condition.await(200, TimeUnit.MILLISECONDS));
            assertEquals(2, lock.getHoldCount(), "the holds were not restored after the wait");
        } finally {
            lock.unlock();
            lock.unlock();
        }
    }

    @Test
    void shouldRefuseAWaitOrSignalWithoutTheLock() {
        final Condition condition = mp().rlock(name("condition")).newCondition();
        assertThrows(IllegalMonitorStateException.class, condition::signal);
        assertThrows(IllegalMonitorStateException.class, () -> condition.await(10, TimeUnit.MILLISECONDS));
    }
}
