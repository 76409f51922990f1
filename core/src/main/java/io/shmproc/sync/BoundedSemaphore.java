package io.shmproc.sync;

import io.shmproc.exceptions.RegionException;
import java.nio.file.Path;

/**
 * A counting semaphore shared by every process that opens its file, like Python's
 * {@code multiprocessing.BoundedSemaphore}: {@link #acquire()} takes a permit, waiting while there is none;
 * {@link #release()} returns one, from any thread of any process.
 *
 * <p>The permit count is one word in shared memory, changed by compare-and-set; waiters spin briefly, then
 * back off (see {@link SyncOptions}). Releasing above the initial value is an error
 * ({@link IllegalStateException}; Python raises {@code ValueError}). Permits are not owned: a process that
 * dies holding permits does not
 * return them (as in Python), so guard work whose holder may die with a {@link Lock} instead.
 *
 * <pre>{@code
 * BoundedSemaphore slots = BoundedSemaphore.open(dir.resolve("slots"), 3);
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
public interface BoundedSemaphore extends Semaphore {
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
    static BoundedSemaphore create(final Path file, final int initial, final SyncOptions options) {
        return LocalBoundedSemaphore.create(file, initial, options);
    }

    /**
     * Attaches to an existing semaphore file.
     *
     * @param file    the semaphore's file
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file is missing, corrupt, or not a {@code BoundedSemaphore}
     */
    static BoundedSemaphore attach(final Path file, final SyncOptions options) {
        return LocalBoundedSemaphore.attach(file, options);
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
    static BoundedSemaphore open(final Path file, final int initial) {
        return LocalBoundedSemaphore.open(file, initial);
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
    static BoundedSemaphore open(final Path file, final int initial, final SyncOptions options) {
        return LocalBoundedSemaphore.open(file, initial, options);
    }
}
