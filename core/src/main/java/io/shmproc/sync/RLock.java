package io.shmproc.sync;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.RegionException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A reentrant mutual-exclusion lock shared by threads of every process that opens its file, like Python's
 * {@code multiprocessing.RLock}: the holding thread may acquire it again, and must release it as many times.
 *
 * <p>Exclusion, crash safety and cost are those of {@link Lock}: one compare-and-set on a shared owner word;
 * a holder that dies is detected through the directory's liveness table and its lock taken over within
 * about one {@linkplain SyncOptions#livenessCheckMillis(long) liveness interval}, with
 * {@link #previousOwnerDied()} {@code true} and a hold count of one for the new holder. The hold count lives
 * in the shared file beside the owner word, so every handle of the lock in a JVM sees the same count.
 *
 * <pre>{@code
 * RLock lock = RLock.open(dir.resolve("tree.lock"));
 * lock.lock();
 * try {
 *     lock.lock();            // re-entered: hold count 2
 *     try { ... } finally { lock.unlock(); }
 * } finally {
 *     lock.unlock();          // released for every process
 * }
 * }</pre>
 *
 * <p>{@link #unlock()} by a thread that does not hold it throws {@link IllegalMonitorStateException}. The
 * hold count is limited to {@link Integer#MAX_VALUE}. A serializable handle, like {@link Lock}.
 */
public final class RLock extends AbstractLock {
    private static final long serialVersionUID = 1L;

    private final AtomicBuffer buffer;
    private final LockWord word;

    private RLock(final SyncRegion region, final SyncOptions options) {
        super(region, options);
        this.buffer = region.buffer();
        this.word = lockWord();
    }

    /**
     * Creates a new, unlocked reentrant lock file.
     *
     * @param file    where to create it
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file exists or cannot be created
     */
    public static RLock create(final Path file, final SyncOptions options) {
        return new RLock(SyncRegion.create(file, SyncType.RLOCK, 0, options.maxWaiters()), options);
    }

    /**
     * Attaches to an existing reentrant lock file.
     *
     * @param file    the lock's file
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file is missing, corrupt, or not an {@code RLock}
     */
    public static RLock attach(final Path file, final SyncOptions options) {
        return new RLock(SyncRegion.attach(file, SyncType.RLOCK), options);
    }

    /**
     * Attaches to the lock file, creating it first if it does not exist.
     *
     * @param file the lock's file
     * @return the handle
     * @throws RegionException when the file cannot be created or attached, or is not an {@code RLock}
     */
    public static RLock open(final Path file) {
        return open(file, SyncOptions.defaults());
    }

    /**
     * Attaches to the lock file, creating it first if it does not exist.
     *
     * @param file    the lock's file
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file cannot be created or attached, or is not an {@code RLock}
     */
    public static RLock open(final Path file, final SyncOptions options) {
        return new RLock(SyncRegion.open(file, SyncType.RLOCK, 0, options.maxWaiters()), options);
    }

    /**
     * Acquires the lock (again, if the calling thread holds it), waiting as long as it takes.
     *
     * @throws ClosedException when this handle is closed
     */
    @Override
    public void lock() {
        checkOpen();
        final long self = word.self();
        if (reenter(self)) {
            return;
        }
        if (!word.tryAcquire(self)) {
            word.acquireUninterruptibly(self);
        }
        buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, 1);
    }

    /**
     * Acquires the lock unless the thread is interrupted.
     *
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        checkOpen();
        final long self = word.self();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (reenter(self)) {
            return;
        }
        word.acquire(self, -1, true);
        buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, 1);
    }

    /**
     * Acquires the lock if it is free now or held by the calling thread; never takes over a dead holder's.
     *
     * @return {@code true} if acquired
     * @throws ClosedException when this handle is closed
     */
    @Override
    public boolean tryLock() {
        checkOpen();
        final long self = word.self();
        if (reenter(self)) {
            return true;
        }
        if (word.tryAcquire(self)) {
            buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, 1);
            return true;
        }
        return false;
    }

    /**
     * Acquires the lock if it becomes free within the timeout. A timeout leaves no trace.
     *
     * @param time how long to wait; 0 or less means do not wait
     * @param unit the unit of {@code time}
     * @return {@code true} if acquired
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException {
        checkOpen();
        final long self = word.self();
        if (reenter(self)) {
            return true;
        }
        if (word.acquire(self, Math.max(0, unit.toNanos(time)), true)) {
            buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, 1);
            return true;
        }
        return false;
    }

    /**
     * Releases one hold; the last release frees the lock for every process.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold it
     */
    @Override
    public void unlock() {
        final long self = word.requireOwner("unlock");
        final long holds = buffer.getLong(SyncLayout.HOLD_COUNT_OFFSET) - 1;
        buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, holds);
        if (holds <= 0) {
            word.release(self);
        }
    }

    private boolean reenter(final long self) {
        if (!word.isOwnedBy(self)) {
            return false;
        }
        final long holds = buffer.getLong(SyncLayout.HOLD_COUNT_OFFSET);
        if (holds >= Integer.MAX_VALUE) {
            throw new IllegalStateException("hold count of " + file() + " would exceed " + Integer.MAX_VALUE);
        }
        buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, holds + 1);
        return true;
    }

    /**
     * How many times the calling thread holds the lock.
     *
     * @return 0 when it does not hold it
     */
    public int getHoldCount() {
        return isHeldByCurrentThread() ? (int) buffer.getLong(SyncLayout.HOLD_COUNT_OFFSET) : 0;
    }

    /**
     * The condition of this lock, shared by every process (see {@link Lock#newCondition()}); waiting releases
     * every hold and restores them afterwards.
     *
     * @return the lock's condition
     */
    @Override
    public Condition newCondition() {
        return condition();
    }

    @Override
    int releaseForWait() {
        final long self = word.requireOwner("await");
        final int holds = (int) buffer.getLong(SyncLayout.HOLD_COUNT_OFFSET);
        buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, 0);
        word.release(self);
        return holds;
    }

    @Override
    void reacquireAfterWait(final int holds) {
        word.acquireUninterruptibly(word.self());
        buffer.putLong(SyncLayout.HOLD_COUNT_OFFSET, holds);
    }

    @Override
    public String toString() {
        final long current = word.word();
        return "RLock[" + file() + ", " + word.describe(current)
            + (current != 0 ? ", holds " + buffer.getLong(SyncLayout.HOLD_COUNT_OFFSET) : "") + "]";
    }
}
