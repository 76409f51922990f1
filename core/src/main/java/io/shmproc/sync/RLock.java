package io.shmproc.sync;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.RegionException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
public interface RLock extends java.util.concurrent.locks.Lock, AutoCloseable, Serializable {
    /**
     * Creates a new, unlocked reentrant lock file.
     *
     * @param file    where to create it
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file exists or cannot be created
     */
    static RLock create(final Path file, final SyncOptions options) {
        return LocalRLock.create(file, options);
    }

    /**
     * Attaches to an existing reentrant lock file.
     *
     * @param file    the lock's file
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file is missing, corrupt, or not an {@code RLock}
     */
    static RLock attach(final Path file, final SyncOptions options) {
        return LocalRLock.attach(file, options);
    }

    /**
     * Attaches to the lock file, creating it first if it does not exist.
     *
     * @param file the lock's file
     * @return the handle
     * @throws RegionException when the file cannot be created or attached, or is not an {@code RLock}
     */
    static RLock open(final Path file) {
        return LocalRLock.open(file);
    }

    /**
     * Attaches to the lock file, creating it first if it does not exist.
     *
     * @param file    the lock's file
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file cannot be created or attached, or is not an {@code RLock}
     */
    static RLock open(final Path file, final SyncOptions options) {
        return LocalRLock.open(file, options);
    }

    /**
     * Acquires the lock (again, if the calling thread holds it), waiting as long as it takes.
     *
     * @throws ClosedException when this handle is closed
     */
    void lock();

    /**
     * Acquires the lock unless the thread is interrupted.
     *
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    void lockInterruptibly() throws InterruptedException;

    /**
     * Acquires the lock if it is free now or held by the calling thread; never takes over a dead holder's.
     *
     * @return {@code true} if acquired
     * @throws ClosedException when this handle is closed
     */
    boolean tryLock();

    /**
     * Acquires the lock if it becomes free within the timeout. A timeout leaves no trace.
     *
     * @param time how long to wait; 0 or less means do not wait
     * @param unit the unit of {@code time}
     * @return {@code true} if acquired
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException;

    /**
     * Releases one hold; the last release frees the lock for every process.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold it
     */
    void unlock();

    /**
     * How many times the calling thread holds the lock.
     *
     * @return 0 when it does not hold it
     */
    int getHoldCount();

    /**
     * The condition of this lock, shared by every process (see {@link Lock#newCondition()}); waiting releases
     * every hold and restores them afterwards.
     *
     * @return the lock's condition
     */
    Condition newCondition();

    /**
     * Acquires the lock if it becomes free within the timeout.
     *
     * @param timeout how long to wait
     * @return {@code true} if acquired
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    boolean tryLock(final Duration timeout) throws InterruptedException;

    /**
     * Whether the calling thread, which holds the lock, took it over from a holder whose process died while
     * holding it; the state the lock guards may then be half-updated. Cleared when the lock is next freed.
     *
     * @return {@code true} when this acquisition took over a dead holder's lock
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    boolean previousOwnerDied();

    /**
     * Whether the calling thread holds the lock.
     *
     * @return {@code true} for the holder
     */
    boolean isHeldByCurrentThread();

    /**
     * Whether any thread of any process holds the lock now (a dead holder counts until it is taken over).
     *
     * @return {@code true} when held
     */
    boolean isLocked();

    /**
     * The primitive's file.
     *
     * @return its path
     */
    Path file();

    void close();

    /**
     * Removes the primitive's file; processes that have it open keep using it.
     *
     * @return {@code true} if this call removed it
     */
    boolean unlink();
}
