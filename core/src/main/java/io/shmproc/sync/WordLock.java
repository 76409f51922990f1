package io.shmproc.sync;

import io.shmproc.memory.LivenessTable;
import io.shmproc.memory.Sleepers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A non-reentrant cross-process lock whose 8-byte owner word lives inside a region the caller owns, for
 * shared structures that want their lock beside their data (one per table, or one per stripe) rather than
 * in a file of its own. Semantics and cost are those of {@link Lock}: one compare-and-set to acquire, one
 * release store to release, and a holder's death detected through the liveness table of the directory
 * given, the lock then taken over with {@link #previousOwnerDied()} {@code true}.
 *
 * <p>The word must be 8-byte aligned, zero when the region is created (free), and used by nothing else;
 * every process must build its {@code WordLock} on the same word with the same directory (the directory of
 * the region's file). {@link #newCondition()} is not supported: use a {@link Lock} file for conditions.
 *
 * <pre>{@code
 * // in the region's layout: LOCK_OFFSET on its own cache line, zero at creation
 * WordLock lock = WordLock.of(region.payload(), LOCK_OFFSET, region.file().getParent(), SyncOptions.defaults());
 * lock.lock();
 * try {
 *     if (lock.previousOwnerDied()) {
 *         repairTable();
 *     }
 *     put(key, value);
 * } finally {
 *     lock.unlock();
 * }
 * }</pre>
 *
 * <p>Not a serializable handle: each process builds it when it attaches to the region that holds the word.
 */
public final class WordLock implements java.util.concurrent.locks.Lock {
    /** The bytes the lock word occupies. */
    public static final int LENGTH = Long.BYTES;

    private final LockWord word;
    private final String where;

    private WordLock(final LockWord word, final String where) {
        this.word = word;
        this.where = where;
    }

    /**
     * A lock on the word at {@code offset} of {@code buffer}.
     *
     * @param buffer    a shared buffer, usually a region's payload
     * @param offset    the word's offset: a multiple of 8, with 8 bytes left in the buffer
     * @param directory the directory whose liveness table names the holders (the region's directory)
     * @param options   how waiters wait
     * @return the lock
     * @throws IllegalArgumentException when the offset is misaligned or out of range
     */
    public static WordLock of(final AtomicBuffer buffer, final int offset, final Path directory,
                              final SyncOptions options) {
        if (offset < 0 || (offset & 7) != 0 || offset > buffer.capacity() - LENGTH) {
            throw new IllegalArgumentException("offset=" + offset + " is not an 8-byte aligned offset with 8 bytes"
                + " left in a buffer of " + buffer.capacity() + " bytes");
        }
        return new WordLock(new LockWord(buffer, offset, LivenessTable.forDirectory(directory), options.copy(),
            Sleepers.NONE),
            directory + "@" + offset);
    }

    /**
     * Acquires the lock, waiting as long as it takes; takes it over if its holder dies.
     *
     * @throws IllegalStateException when the calling thread already holds it
     */
    @Override
    public void lock() {
        final long self = word.self();
        if (!word.tryAcquire(self)) {
            rejectReentry(self);
            word.acquireUninterruptibly(self);
        }
    }

    /**
     * Acquires the lock unless interrupted.
     *
     * @throws InterruptedException  when interrupted before or while waiting
     * @throws IllegalStateException when the calling thread already holds it
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        final long self = word.self();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!word.tryAcquire(self)) {
            rejectReentry(self);
            word.acquire(self, -1, true);
        }
    }

    /**
     * Acquires the lock if it is free now; never takes over a dead holder's lock.
     *
     * @return {@code true} if acquired
     */
    @Override
    public boolean tryLock() {
        return word.tryAcquire(word.self());
    }

    /**
     * Acquires the lock if it becomes free within the timeout; a timeout leaves no trace.
     *
     * @param time how long to wait; 0 or less means do not wait
     * @param unit the unit of {@code time}
     * @return {@code true} if acquired
     * @throws InterruptedException when interrupted before or while waiting
     */
    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException {
        return word.acquire(word.self(), Math.max(0, unit.toNanos(time)), true);
    }

    /**
     * Acquires the lock if it becomes free within the timeout.
     *
     * @param timeout how long to wait
     * @return {@code true} if acquired
     * @throws InterruptedException when interrupted before or while waiting
     */
    public boolean tryLock(final Duration timeout) throws InterruptedException {
        return tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Releases the lock.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold it
     */
    @Override
    public void unlock() {
        word.release(word.self());
    }

    /**
     * Whether the calling thread took the lock over from a holder whose process died while holding it.
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
     * Whether any thread of any process holds the lock now.
     *
     * @return {@code true} when held
     */
    public boolean isLocked() {
        return word.isLocked();
    }

    /**
     * Not supported: a word lock has no waiter table.
     *
     * @return never
     * @throws UnsupportedOperationException always; use a {@link Lock} file for conditions
     */
    @Override
    public java.util.concurrent.locks.Condition newCondition() {
        throw new UnsupportedOperationException("a WordLock has no condition; use a Lock file and newCondition()");
    }

    private void rejectReentry(final long self) {
        if (word.isOwnedBy(self)) {
            throw new IllegalStateException("the current thread already holds word lock " + where
                + "; it is not reentrant");
        }
    }

    @Override
    public String toString() {
        return "WordLock[" + where + ", " + word.describe(word.word()) + "]";
    }
}
