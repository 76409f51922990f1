package io.shmproc.sync;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.RegionException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A counting semaphore shared by every process that opens its file, like Python's
 * {@code multiprocessing.Semaphore}: {@link #acquire()} takes a permit, waiting while there is none;
 * {@link #release()} returns one, from any thread of any process.
 *
 * <p>The permit count is one word in shared memory, changed by compare-and-set; waiters spin briefly, then
 * back off (see {@link SyncOptions}). Permits are not owned: a process that dies holding permits does not
 * return them (as in Python), so guard work whose holder may die with a {@link Lock} instead.
 *
 * <pre>{@code
 * Semaphore slots = Semaphore.open(dir.resolve("slots"), 3);
 * slots.acquire();
 * try {
 *     useOneOfThreeSlots();
 * } finally {
 *     slots.release();
 * }
 * }</pre>
 *
 * <p>Limits: 0 to {@link Integer#MAX_VALUE} permits. A serializable handle: sent to another JVM it re-attaches
 * to the same file.
 */
public interface Semaphore extends AutoCloseable, Serializable {
    /**
     * Creates a new semaphore file.
     *
     * @param file    where to create it
     * @param initial the initial number of permits, 0 to {@link Integer#MAX_VALUE}
     * @param options how waiters wait
     * @return the handle
     * @throws IllegalArgumentException when {@code initial} is negative
     * @throws RegionException          when the file exists or cannot be created
     */
    static Semaphore create(final Path file, final int initial, final SyncOptions options) {
        return LocalSemaphore.create(file, initial, options);
    }

    /**
     * Attaches to an existing semaphore file.
     *
     * @param file    the semaphore's file
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file is missing, corrupt, or not a {@code Semaphore}
     */
    static Semaphore attach(final Path file, final SyncOptions options) {
        return LocalSemaphore.attach(file, options);
    }

    /**
     * Attaches to the semaphore file, creating it first with {@code initial} permits if it does not exist.
     *
     * @param file    the semaphore's file
     * @param initial the initial number of permits
     * @return the handle
     * @throws IllegalArgumentException when the file exists with another initial value, or it is negative
     * @throws RegionException          when the file cannot be created or attached
     */
    static Semaphore open(final Path file, final int initial) {
        return LocalSemaphore.open(file, initial);
    }

    /**
     * Attaches to the semaphore file, creating it first with {@code initial} permits if it does not exist.
     *
     * @param file    the semaphore's file
     * @param initial the initial number of permits
     * @param options how waiters wait
     * @return the handle
     * @throws IllegalArgumentException when the file exists with another initial value, or it is negative
     * @throws RegionException          when the file cannot be created or attached
     */
    static Semaphore open(final Path file, final int initial, final SyncOptions options) {
        return LocalSemaphore.open(file, initial, options);
    }

    /**
     * Takes a permit, waiting until one is available.
     *
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    void acquire() throws InterruptedException;

    /**
     * Takes a permit, waiting until one is available; an interrupt is remembered, not obeyed.
     *
     * @throws ClosedException when this handle is closed
     */
    void acquireUninterruptibly();

    /**
     * Takes a permit if one is available now.
     *
     * @return {@code true} if taken
     * @throws ClosedException when this handle is closed
     */
    boolean tryAcquire();

    /**
     * Takes a permit if one becomes available within the timeout; a timeout leaves no trace.
     *
     * @param time how long to wait; 0 or less means do not wait
     * @param unit the unit of {@code time}
     * @return {@code true} if taken, {@code false} when the time passed first
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    boolean tryAcquire(final long time, final TimeUnit unit) throws InterruptedException;

    /**
     * Takes a permit if one becomes available within the timeout.
     *
     * @param timeout how long to wait
     * @return {@code true} if taken
     * @throws InterruptedException when interrupted before or while waiting
     */
    boolean tryAcquire(final Duration timeout) throws InterruptedException;

    /**
     * Returns one permit.
     *
     * @throws IllegalStateException when the count would exceed the bound: the initial value for a
     *     {@link BoundedSemaphore}, {@link Integer#MAX_VALUE} for a {@link Semaphore}
     * @throws ClosedException       when this handle is closed
     */
    void release();

    /**
     * Returns permits.
     *
     * @param count how many, at least 1
     * @throws IllegalArgumentException when {@code count} is less than 1
     * @throws IllegalStateException    when the count would exceed the bound: the initial value for a
     *     {@link BoundedSemaphore}, {@link Integer#MAX_VALUE} for a {@link Semaphore}
     * @throws ClosedException          when this handle is closed
     */
    void release(final int count);

    /**
     * The permits available now.
     *
     * @return the current count
     */
    int availablePermits();

    /**
     * The number of permits the semaphore was created with.
     *
     * @return its initial value
     */
    int initialPermits();

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
