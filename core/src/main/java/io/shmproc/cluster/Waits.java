package io.shmproc.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Timeouts as {@link ClusterOps} takes them: 0 means do not wait, a negative value means wait without limit.
 */
final class Waits {
    /** Wait without limit. */
    static final long FOREVER = -1L;
    /** Do not wait. */
    static final long NOW = 0L;

    private Waits() {
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
