package io.shmproc.sync;

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

    public void acquire() throws InterruptedException {
        checkOpen();
        permits.acquire(-1, true);
    }

    public void acquireUninterruptibly() {
        checkOpen();
        try {
            permits.acquire(-1, false);
        } catch (final InterruptedException e) {
            throw new AssertionError("uninterruptible acquire was interrupted", e);
        }
    }

    public boolean tryAcquire() {
        checkOpen();
        return permits.tryAcquire();
    }

    public boolean tryAcquire(final long time, final TimeUnit unit) throws InterruptedException {
        checkOpen();
        return permits.acquire(Math.max(0, unit.toNanos(time)), true);
    }

    public boolean tryAcquire(final Duration timeout) throws InterruptedException {
        return tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public void release() {
        release(1);
    }

    public void release(final int count) {
        checkOpen();
        permits.release(count);
    }

    public int availablePermits() {
        return permits.available();
    }

    public int initialPermits() {
        return region().param();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + file() + ", " + availablePermits() + " of " + initialPermits()
            + " permits]";
    }
}
