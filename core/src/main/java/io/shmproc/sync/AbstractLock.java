package io.shmproc.sync;

import io.shmproc.exceptions.ClosedException;
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

    /**
     * Acquires the lock if it becomes free within the timeout.
     *
     * @param timeout how long to wait
     * @return {@code true} if acquired
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    public boolean tryLock(final Duration timeout) throws InterruptedException {
        return tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Whether the calling thread, which holds the lock, took it over from a holder whose process died while
     * holding it; the state the lock guards may then be half-updated. Cleared when the lock is next freed.
     *
     * @return {@code true} when this acquisition took over a dead holder's lock
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    public boolean previousOwnerDied() {
        return word.previousOwnerDied();
    }

    /**
     * Whether the calling thread holds the lock.
     *
     * @return {@code true} for the holder
     */
    public boolean isHeldByCurrentThread() {
        return word.isHeldByCurrentThread();
    }

    /**
     * Whether any thread of any process holds the lock now (a dead holder counts until it is taken over).
     *
     * @return {@code true} when held
     */
    public boolean isLocked() {
        return word.isLocked();
    }

    /**
     * The lock's condition, whose waiter table lives in the lock's file: what {@code newCondition()} returns.
     *
     * @return a view of the one condition every process shares
     */
    final Condition condition() {
        return Condition.of(this, region(), options());
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
