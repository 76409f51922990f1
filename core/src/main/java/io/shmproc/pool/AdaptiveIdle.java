package io.shmproc.pool;

import java.util.concurrent.locks.LockSupport;

/**
 * Waiting between polls of a ring: spin, then yield while the last work is under {@value #YIELD_WINDOW_NANOS} ns
 * old (the next task or result is probably coming, and a park costs the kernel's timer slack, about 50 us), then
 * park with a doubling pause capped at {@value #HOT_MAX_PARK_NANOS} ns within {@value #HOT_WINDOW_NANOS} ns of
 * the last work and at {@value #COLD_MAX_PARK_NANOS} ns after that (an idle pool costs well under 1 % of a core).
 * Single-threaded.
 */
final class AdaptiveIdle {
    static final long HOT_MAX_PARK_NANOS = 50_000;
    static final long COLD_MAX_PARK_NANOS = 1_000_000;
    static final long HOT_WINDOW_NANOS = 20_000_000;
    static final long YIELD_WINDOW_NANOS = 1_000_000;
    private static final int SPINS = 100;

    private long lastWorkNanos = System.nanoTime();
    private int idleRounds;
    private long parkNanos = 1_000;

    /**
     * Waits a little, or resets after work.
     *
     * @param workCount what the last poll did; more than 0 resets the backoff
     */
    void idle(final int workCount) {
        if (workCount > 0) {
            lastWorkNanos = System.nanoTime();
            idleRounds = 0;
            parkNanos = 1_000;
            return;
        }
        idleRounds++;
        if (idleRounds <= SPINS) {
            Thread.onSpinWait();
        } else {
            final long sinceWork = System.nanoTime() - lastWorkNanos;
            if (sinceWork < YIELD_WINDOW_NANOS) {
                Thread.yield();
                return;
            }
            final boolean hot = sinceWork < HOT_WINDOW_NANOS;
            final long cap = hot ? HOT_MAX_PARK_NANOS : COLD_MAX_PARK_NANOS;
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(cap, parkNanos << 1);
        }
    }
}
