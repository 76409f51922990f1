package io.shmproc.sync;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The body of {@link Lock} and {@link RLock}: a file whose owner word one thread of one process holds at a
 * time, with the file's waiter table serving as the lock's {@link Condition}. The two differ in how they
 * acquire and release (an {@code RLock} counts holds) and so in how a condition wait gives the lock up.
 */
abstract class AbstractLock extends SyncHandle implements java.util.concurrent.locks.Lock {
    private static final long serialVersionUID = 1L;

    private final LockWord word;

    /**
     * Wraps an attached lock file.
     *
     * @param region  the lock's file, attached
     * @param options how waiters wait; copied
     */
    AbstractLock(final SyncRegion region, final SyncOptions options) {
        super(region, options, "lock");
        this.word = new LockWord(region.buffer(), SyncLayout.LOCK_WORD_OFFSET, region.liveness(), options(),
            region.sleepers());
    }

    final LockWord lockWord() {
        return word;
    }

    public boolean tryLock(final Duration timeout) throws InterruptedException {
        return tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean previousOwnerDied() {
        return word.previousOwnerDied();
    }

    public boolean isHeldByCurrentThread() {
        return word.isHeldByCurrentThread();
    }

    public boolean isLocked() {
        return word.isLocked();
    }

    /**
     * The lock's condition, whose waiter table lives in the lock's file: what {@code newCondition()} returns.
     *
     * @return a view of the one condition every process shares
     */
    final Condition condition() {
        return LocalCondition.of(this, region(), options());
    }

    /**
     * Releases the lock completely before a condition wait.
     *
     * @return the hold count to restore
     * @throws IllegalMonitorStateException when the calling thread does not hold it
     */
    abstract int releaseForWait();

    /**
     * Re-acquires the lock after a condition wait, uninterruptibly, and restores the hold count.
     *
     * @param holds what {@link #releaseForWait()} returned
     */
    abstract void reacquireAfterWait(int holds);
}
