package io.shmproc.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * Timeouts as {@link ClusterOps} takes them: 0 means do not wait, a negative value means wait without limit.
 */
final class ClientWaits {
    /** Wait without limit. */
    static final long FOREVER = -1L;
    /** Do not wait. */
    static final long NOW = 0L;

    private ClientWaits() {
    }

    /** Longest single wait held in the service before the client checks for an interrupt. */
    static final long SLICE_MILLIS = 200;

    /**
     * ClientWaits up to {@code nanos} (negative: without limit) by asking the service again and again, each time for at
     * most {@value #SLICE_MILLIS} ms, so that the thread notices an interrupt; only for waits whose slices can end
     * without a trace (a lock not acquired, an item not taken).
     *
     * @param nanos         how long in all
     * @param interruptible whether an interrupt ends the wait with {@link InterruptedException}; otherwise it is
     *                      remembered and set again on return
     * @param attempt       one wait in the service for the given nanoseconds, {@code true} when it succeeded
     * @return whether an attempt succeeded before the time passed
     * @throws InterruptedException when interruptible and interrupted
     */
    static boolean inSlices(final long nanos, final boolean interruptible, final LongPredicate attempt)
        throws InterruptedException {
        final long deadline = nanos < 0 ? Long.MAX_VALUE : System.nanoTime() + nanos;
        boolean interrupted = false;
        try {
            while (true) {
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw new InterruptedException();
                    }
                    interrupted = true;
                }
                final long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                final long slice = Math.max(0L, Math.min(left, TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS)));
                if (attempt.test(slice)) {
                    return true;
                }
                if (left <= slice) {
                    return false;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs an uninterruptible wait.
     *
     * @param wait the wait
     * @return its answer
     */
    static boolean uninterruptibly(final InterruptibleWait wait) {
        try {
            return wait.run();
        } catch (final InterruptedException e) {
            throw new AssertionError("an uninterruptible wait was interrupted", e);
        }
    }

    /** A wait that may be interrupted. */
    @FunctionalInterface
    interface InterruptibleWait {
        /**
         * ClientWaits.
         *
         * @return its answer
         * @throws InterruptedException when interrupted
         */
        boolean run() throws InterruptedException;
    }

    /**
     * A {@code java.util.concurrent} timeout, where 0 or less means do not wait.
     *
     * @param time the amount
     * @param unit its unit
     * @return nanoseconds, at least 0
     */
    static long nanos(final long time, final TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        return Math.max(0L, unit.toNanos(time));
    }

    /**
     * A {@link Duration} timeout, where zero or negative means do not wait.
     *
     * @param timeout the duration
     * @return nanoseconds, at least 0
     */
    static long nanos(final Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return timeout.isNegative() ? 0L : saturated(timeout);
    }

    private static long saturated(final Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (final ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Throws when the calling thread is interrupted, clearing the flag, as {@code java.util.concurrent} does
     * before it waits.
     *
     * @throws InterruptedException when it is
     */
    static void checkInterrupt() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
