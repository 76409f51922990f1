package io.shmproc.sync;

import io.shmproc.exceptions.ClosedException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The body of {@link Semaphore} and {@link BoundedSemaphore}, which differ only in their type word and in
 * the bound a release may not exceed.
 */
abstract class AbstractSemaphore extends SyncHandle {
    private static final long serialVersionUID = 1L;

    private final Permits permits;

    /**
     * Wraps an attached semaphore file.
     *
     * @param region  the semaphore's file, attached
     * @param options how waiters wait; copied
     * @param bound   the most permits a release may leave, or {@link Permits#UNBOUNDED}
     */
    AbstractSemaphore(final SyncRegion region, final SyncOptions options, final long bound) {
        super(region, options, "semaphore");
        this.permits = new Permits(region, options(), bound);
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
     * @throws IllegalStateException when the count would exceed the bound: the initial value for a
     *     {@link BoundedSemaphore}, {@link Integer#MAX_VALUE} for a {@link Semaphore}
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
     * @throws IllegalStateException    when the count would exceed the bound: the initial value for a
     *     {@link BoundedSemaphore}, {@link Integer#MAX_VALUE} for a {@link Semaphore}
     * @throws ClosedException          when this handle is closed
     */
    public void release(final int count) {
        checkOpen();
        permits.release(count);
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
        return region().param();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + file() + ", " + availablePermits() + " of " + initialPermits()
            + " permits]";
    }
}
