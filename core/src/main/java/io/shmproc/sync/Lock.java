package io.shmproc.sync;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.RegionException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A mutual-exclusion lock shared by threads of every process that opens its file, like Python's
 * {@code multiprocessing.Lock}: not reentrant, and any holder's death releases it.
 *
 * <p><b>Exclusion.</b> One thread in one process holds the lock at a time; threads of the same JVM and of
 * other JVMs exclude each other alike. Acquiring is one compare-and-set on a word in shared memory (about
 * 10 ns uncontended); releasing is one release store; writes made while holding the lock are visible to the
 * next holder, in any process.
 *
 * <p><b>When the holder dies.</b> Every process holds a file lock on its own slot of the directory's
 * {@linkplain io.shmproc.memory.LivenessTable liveness table} for its whole life; the kernel drops it when the
 * process dies, SIGKILL included. A waiter checks the holder's slot after a millisecond of waiting, then every
 * {@link SyncOptions#livenessCheckMillis(long) liveness interval} (50 ms by default), and takes over the lock
 * of a dead holder. The new holder then sees {@link #previousOwnerDied()} {@code true} and can repair the
 * state the lock guards (like a robust mutex's owner-died state). A non-blocking {@link #tryLock()} never
 * takes over; a timed or blocking acquire does.
 *
 * <p><b>Misuse.</b> {@link #unlock()} by a thread that does not hold the lock throws
 * {@link IllegalMonitorStateException}. {@link #lock()} by the thread that already holds it throws
 * {@link IllegalStateException} (Python would hang forever; use {@link RLock} to re-enter);
 * {@link #tryLock()} then returns {@code false}.
 *
 * <pre>{@code
 * Lock lock = Lock.open(dir.resolve("counter.lock"));
 * lock.lock();
 * try {
 *     if (lock.previousOwnerDied()) {
 *         repair();
 *     }
 *     update();
 * } finally {
 *     lock.unlock();
 * }
 * }</pre>
 *
 * <p>A lock is a serializable handle: sent to another JVM it re-attaches to the same file. {@link #close()}
 * releases this process's handle; {@link #unlink()} removes the file.
 */
public interface Lock extends java.util.concurrent.locks.Lock, AutoCloseable, Serializable {
    /**
     * Creates a new, unlocked lock file.
     *
     * @param file    where to create it; its directory also holds the liveness table
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file exists or cannot be created
     */
    static Lock create(final Path file, final SyncOptions options) {
        return LocalLock.create(file, options);
    }

    /**
     * Attaches to an existing lock file.
     *
     * @param file    the lock's file
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file is missing, corrupt, or not a {@code Lock}
     */
    static Lock attach(final Path file, final SyncOptions options) {
        return LocalLock.attach(file, options);
    }

    /**
     * Attaches to the lock file, creating it first if it does not exist.
     *
     * @param file the lock's file
     * @return the handle
     * @throws RegionException when the file cannot be created or attached, or is not a {@code Lock}
     */
    static Lock open(final Path file) {
        return LocalLock.open(file);
    }

    /**
     * Attaches to the lock file, creating it first if it does not exist.
     *
     * @param file    the lock's file
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file cannot be created or attached, or is not a {@code Lock}
     */
    static Lock open(final Path file, final SyncOptions options) {
        return LocalLock.open(file, options);
    }

    /**
     * Acquires the lock, waiting as long as it takes; takes it over if its holder dies.
     *
     * @throws IllegalStateException when the calling thread already holds it (the lock is not reentrant)
     * @throws ClosedException       when this handle is closed
     */
    void lock();

    /**
     * Acquires the lock unless the thread is interrupted; takes it over if its holder dies.
     *
     * @throws InterruptedException  when interrupted before or while waiting (the lock is then not held)
     * @throws IllegalStateException when the calling thread already holds it
     * @throws ClosedException       when this handle is closed
     */
    void lockInterruptibly() throws InterruptedException;

    /**
     * Acquires the lock if it is free now. Never waits and never takes over a dead holder's lock.
     *
     * @return {@code true} if acquired
     * @throws ClosedException when this handle is closed
     */
    boolean tryLock();

    /**
     * Acquires the lock if it becomes free within the timeout, taking it over if its holder dies meanwhile.
     * A timeout leaves no trace.
     *
     * @param time how long to wait; 0 or less means do not wait
     * @param unit the unit of {@code time}
     * @return {@code true} if acquired, {@code false} when the time passed first (also when the calling
     *     thread itself holds it)
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException;

    /**
     * Releases the lock.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold it
     */
    void unlock();

    /**
     * The condition of this lock, shared by every process: each call, in any process, returns a view of the
     * same condition, whose waiter table lives in the lock's file ({@link SyncOptions#maxWaiters(int)} slots,
     * fixed when the file is created).
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
