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
public final class Semaphore implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    private final SyncRegion region;
    private final Permits permits;
    private final SyncOptions options;
    private volatile boolean closed;

    private Semaphore(final SyncRegion region, final SyncOptions options) {
        this.region = region;
        this.options = options;
        this.permits = new Permits(region, options);
    }

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
    public static Semaphore create(final Path file, final int initial, final SyncOptions options) {
        final int permits = Permits.checkPermits(initial);
        return new Semaphore(SyncRegion.create(file, SyncType.SEMAPHORE, permits, 1), options.copy());
    }

    /**
     * Attaches to an existing semaphore file.
     *
     * @param file    the semaphore's file
     * @param options how waiters wait
     * @return the handle
     * @throws RegionException when the file is missing, corrupt, or not a {@code Semaphore}
     */
    public static Semaphore attach(final Path file, final SyncOptions options) {
        return new Semaphore(SyncRegion.attach(file, SyncType.SEMAPHORE), options.copy());
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
    public static Semaphore open(final Path file, final int initial) {
        return open(file, initial, SyncOptions.defaults());
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
    public static Semaphore open(final Path file, final int initial, final SyncOptions options) {
        final int permits = Permits.checkPermits(initial);
        return new Semaphore(SyncRegion.open(file, SyncType.SEMAPHORE, permits, 1), options.copy());
    }

    /**
     * Takes a permit, waiting until one is available.
     *
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    public void acquire() throws InterruptedException {
        checkOpen();
        permits.acquire(-1, true);
    }

    /**
     * Takes a permit, waiting until one is available; an interrupt is remembered, not obeyed.
     *
     * @throws ClosedException when this handle is closed
     */
    public void acquireUninterruptibly() {
        checkOpen();
        try {
            permits.acquire(-1, false);
        } catch (final InterruptedException e) {
            throw new AssertionError("uninterruptible acquire was interrupted", e);
        }
    }

    /**
     * Takes a permit if one is available now.
     *
     * @return {@code true} if taken
     * @throws ClosedException when this handle is closed
     */
    public boolean tryAcquire() {
        checkOpen();
        return permits.tryAcquire();
    }

    /**
     * Takes a permit if one becomes available within the timeout; a timeout leaves no trace.
     *
     * @param time how long to wait; 0 or less means do not wait
     * @param unit the unit of {@code time}
     * @return {@code true} if taken, {@code false} when the time passed first
     * @throws InterruptedException when interrupted before or while waiting
     * @throws ClosedException      when this handle is closed
     */
    public boolean tryAcquire(final long time, final TimeUnit unit) throws InterruptedException {
        checkOpen();
        return permits.acquire(Math.max(0, unit.toNanos(time)), true);
    }

    /**
     * Takes a permit if one becomes available within the timeout.
     *
     * @param timeout how long to wait
     * @return {@code true} if taken
     * @throws InterruptedException when interrupted before or while waiting
     */
    public boolean tryAcquire(final Duration timeout) throws InterruptedException {
        return tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Returns one permit.
     *
     * @throws IllegalStateException when the count would exceed {@link Integer#MAX_VALUE}
     * @throws ClosedException       when this handle is closed
     */
    public void release() {
        release(1);
    }

    /**
     * Returns permits.
     *
     * @param count how many, at least 1
     * @throws IllegalArgumentException when {@code count} is less than 1
     * @throws IllegalStateException    when the count would exceed {@link Integer#MAX_VALUE}
     * @throws ClosedException          when this handle is closed
     */
    public void release(final int count) {
        checkOpen();
        permits.release(count, -1);
    }

    /**
     * The permits available now.
     *
     * @return the current count
     */
    public int availablePermits() {
        return permits.available();
    }

    /**
     * The number of permits the semaphore was created with.
     *
     * @return its initial value
     */
    public int initialPermits() {
        return region.param();
    }

    /**
     * The semaphore's file.
     *
     * @return its path
     */
    public Path file() {
        return region.file();
    }

    /** Releases this process's handle. Idempotent. */
    @Override
    public void close() {
        closed = true;
        region.close();
    }

    /**
     * Removes the semaphore's file; processes that have it open keep using it.
     *
     * @return {@code true} if this call removed it
     */
    public boolean unlink() {
        return region.unlink();
    }

    private void checkOpen() {
        if (closed) {
            throw new ClosedException(region.file() + ": semaphore handle is closed");
        }
    }

    private Object writeReplace() {
        return new Ref(region.file().toString(), options);
    }

    @Override
    public String toString() {
        return "Semaphore[" + region.file() + ", " + availablePermits() + " of " + initialPermits()
            + " permits]";
    }

    /** The serialized form: the file and the options; re-attaches when read. */
    private static final class Ref implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String file;
        private final SyncOptions options;

        Ref(final String file, final SyncOptions options) {
            this.file = file;
            this.options = options;
        }

        private Object readResolve() {
            return Semaphore.attach(Path.of(file), options);
        }
    }
}
