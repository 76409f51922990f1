package io.shmproc.pool;

import io.shmproc.memory.Sleepers;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting between polls of a ring: spin, then yield while the last work is under {@value #YIELD_WINDOW_NANOS} ns
 * old (the next task or result is probably coming, and a park costs the kernel's timer slack, about 50 us), then
 * park with a doubling pause capped at {@value #HOT_MAX_PARK_NANOS} ns within {@value #HOT_WINDOW_NANOS} ns of
 * the last work and at {@value #COLD_MAX_PARK_NANOS} ns after that (an idle pool costs well under 1 % of a core).
 * With a usable sleeper table ({@link Sleepers#usable()}, kernel wake-up on), a cold waiter instead publishes
 * itself and sleeps in the kernel until the other side wakes it (or the wake-up period passes), after checking
 * {@link #RECHECKS} times that nothing arrived meanwhile. Single-threaded.
 */
final class AdaptiveIdle {
    static final long HOT_MAX_PARK_NANOS = 50_000;
    static final long COLD_MAX_PARK_NANOS = 1_000_000;
    static final long HOT_WINDOW_NANOS = 20_000_000;
    static final long YIELD_WINDOW_NANOS = 1_000_000;
    static final int RECHECKS = 8;
    private static final int SPINS = 100;

    private final Sleepers sleepers;
    private final BooleanSupplier ready;

    private long lastWorkNanos = System.nanoTime();
    private int idleRounds;
    private long parkNanos = 1_000;

    /** Parks only (no kernel sleep). */
    AdaptiveIdle() {
        this(Sleepers.NONE, () -> false);
    }

    /**
     * Parks, and sleeps in the kernel when cold.
     *
     * @param sleepers where this waiter publishes itself before sleeping
     * @param ready    whether there is something to do (checked before publishing and after, before sleeping; while
     *                 it says so the waiter parks as without a table)
     */
    AdaptiveIdle(final Sleepers sleepers, final BooleanSupplier ready) {
        this.sleepers = sleepers;
        this.ready = ready;
    }

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
            if (!hot && sleepers.usable() && !ready.getAsBoolean() && sleep()) {
                return;
            }
            final long cap = hot ? HOT_MAX_PARK_NANOS : COLD_MAX_PARK_NANOS;
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(cap, parkNanos << 1);
        }
    }

    private boolean sleep() {
        final int slot = sleepers.publish();
        if (slot < 0) {
            return false;
        }
        try {
            for (int i = 0; i < RECHECKS; i++) {
                if (ready.getAsBoolean()) {
                    return true;
                }
                Thread.onSpinWait();
            }
            sleepers.sleep(Long.MAX_VALUE);
        } finally {
            sleepers.withdraw(slot);
        }
        return true;
    }
}
