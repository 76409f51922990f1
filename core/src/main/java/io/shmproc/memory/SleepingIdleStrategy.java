package io.shmproc.memory;

import org.agrona.concurrent.IdleStrategy;

/**
 * The idle strategy of a backing-off wait on a shared word when kernel wake-up is on:
 * spins and yields as the backoff does, then alternates two steps: publish this thread in the primitive's
 * sleeper table and return (so the caller re-checks the word with its id visible), then sleep in the kernel
 * until a signaller wakes it, its deadline, or the wake-up period, and withdraw. When the table is full it
 * backs off as without kernel wake-up.
 *
 * <p>One per wait; the caller ends the wait with {@link #done()} (in a {@code finally}) so that a published
 * id does not outlive it (one that did would cost a signaller one spurious wake-up, nothing more).
 */
public final class SleepingIdleStrategy implements IdleStrategy {
    private final IdleStrategy backoff;
    private final Sleepers sleepers;
    private final long activeRounds;
    private long deadlineNanos = Long.MAX_VALUE;
    private long rounds;
    private int slot = -1;

    /**
     * A strategy for one wait.
     *
     * @param backoff      the wait's backoff, used for its first rounds and when the table is full
     * @param sleepers     the table of the object waited on
     * @param activeRounds rounds of {@code backoff} (its spins and yields) before sleeping
     */
    public SleepingIdleStrategy(final IdleStrategy backoff, final Sleepers sleepers, final long activeRounds) {
        this.backoff = backoff;
        this.sleepers = sleepers;
        this.activeRounds = activeRounds;
    }

    /**
     * Sets the wait's deadline, so that no sleep outlasts it.
     *
     * @param deadline a {@link System#nanoTime()} deadline, {@link Long#MAX_VALUE} for none
     * @return this
     */
    public SleepingIdleStrategy deadline(final long deadline) {
        this.deadlineNanos = deadline;
        return this;
    }

    @Override
    public void idle(final int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        if (rounds < activeRounds) {
            rounds++;
            backoff.idle();
            return;
        }
        if (slot < 0) {
            slot = sleepers.publish();
            if (slot < 0) {
                backoff.idle(); // table full: back off as without kernel wake-up
            }
            return; // the caller re-checks its word now that the id is visible
        }
        try {
            long nanos = Long.MAX_VALUE;
            if (deadlineNanos != Long.MAX_VALUE) {
                nanos = deadlineNanos - System.nanoTime();
            }
            if (nanos > 0) {
                sleepers.sleep(nanos);
            }
        } finally {
            done();
        }
    }

    /** Withdraws this thread's id if it is still published; call it when the wait ends. */
    public void done() {
        if (slot >= 0) {
            sleepers.withdraw(slot);
            slot = -1;
        }
    }

    @Override
    public void reset() {
        done();
        rounds = 0;
        backoff.reset();
    }

    @Override
    public String alias() {
        return "sleeping-backoff";
    }
}
