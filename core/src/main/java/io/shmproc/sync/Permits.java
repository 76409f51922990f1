package io.shmproc.sync;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

/** A shared permit counter: the engine of {@link Semaphore} and {@link BoundedSemaphore}. */
final class Permits {
    /** The bound of a semaphore whose releases are limited only by {@link Integer#MAX_VALUE}. */
    static final long UNBOUNDED = -1;

    private final SyncRegion region;
    private final AtomicBuffer buffer;
    private final SyncOptions options;
    private final long bound;

    Permits(final SyncRegion region, final SyncOptions options, final long bound) {
        this.region = region;
        this.buffer = region.buffer();
        this.options = options;
        this.bound = bound;
    }

    boolean tryAcquire() {
        while (true) {
            final long permits = buffer.getLongVolatile(SyncLayout.STATE_A_OFFSET);
            if (permits <= 0) {
                return false;
            }
            if (buffer.compareAndSetLong(SyncLayout.STATE_A_OFFSET, permits, permits - 1)) {
                return true;
            }
        }
    }

    boolean acquire(final long timeoutNanos, final boolean interruptible) throws InterruptedException {
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (tryAcquire()) {
            return true;
        }
        if (timeoutNanos == 0) {
            return false;
        }
        final long start = System.nanoTime();
        final IdleStrategy idle = SyncOptions.deadline(options.newIdleStrategy(region.sleepers()),
            timeoutNanos > 0 ? start + timeoutNanos : Long.MAX_VALUE);
        try {
            while (true) {
                if (tryAcquire()) {
                    return true;
                }
                if (interruptible && Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (timeoutNanos > 0 && System.nanoTime() - start >= timeoutNanos) {
                    return false;
                }
                idle.idle();
            }
        } finally {
            SyncOptions.done(idle);
        }
    }

    void release(final int count) {
        if (count < 1) {
            throw new IllegalArgumentException("permits=" + count + " must be at least 1");
        }
        while (true) {
            final long permits = buffer.getLongVolatile(SyncLayout.STATE_A_OFFSET);
            if (bound >= 0 && permits + count > bound) {
                throw new IllegalStateException("semaphore " + region.file() + " released too many times: "
                    + permits + " + " + count + " permits would exceed its initial value " + bound);
            }
            if (permits + count > Integer.MAX_VALUE) {
                throw new IllegalStateException("semaphore " + region.file() + ": " + permits + " + " + count
                    + " permits would exceed " + Integer.MAX_VALUE);
            }
            // Publishes the releaser's writes to the thread that takes the permit.
            if (buffer.compareAndSetLong(SyncLayout.STATE_A_OFFSET, permits, permits + count)) {
                if (region.sleepers().anyone()) {
                    region.sleepers().wakeAll(); // one load when nobody sleeps
                }
                return;
            }
        }
    }

    int available() {
        return (int) buffer.getLongVolatile(SyncLayout.STATE_A_OFFSET);
    }

    static int checkPermits(final int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits=" + permits + " is negative; expected 0 to "
                + Integer.MAX_VALUE);
        }
        return permits;
    }
}
