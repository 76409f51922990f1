package io.shmproc.sync;

import java.io.Serializable;
import java.util.Objects;
import io.shmproc.memory.Sleepers;
import io.shmproc.memory.SleepingIdleStrategy;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How a synchronisation primitive waits and how often it looks for dead peers: a small mutable builder whose
 * defaults come from system properties, validated in one place. Options are per handle (per process) and
 * travel with a serialized handle.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>system property</th><th>default</th></tr>
 *   <tr><td>{@link #waitStrategy(WaitStrategy)}</td><td>{@value #WAIT_STRATEGY_PROPERTY}</td>
 *       <td>{@code BACKOFF} ({@link #DEFAULT_WAIT_STRATEGY})</td></tr>
 *   <tr><td>{@link #maxParkMicros(long)}</td><td>{@value #MAX_PARK_MICROS_PROPERTY}</td>
 *       <td>{@value #DEFAULT_MAX_PARK_MICROS}</td></tr>
 *   <tr><td>{@link #livenessCheckMillis(long)}</td><td>{@value #LIVENESS_CHECK_MILLIS_PROPERTY}</td>
 *       <td>{@value #DEFAULT_LIVENESS_CHECK_MILLIS}</td></tr>
 *   <tr><td>{@link #maxWaiters(int)}</td><td>{@value #MAX_WAITERS_PROPERTY}</td>
 *       <td>{@value #DEFAULT_MAX_WAITERS}</td></tr>
 * </table>
 */
public final class SyncOptions implements Serializable {
    /** System property of {@link #waitStrategy(WaitStrategy)}. */
    public static final String WAIT_STRATEGY_PROPERTY = "shmproc.sync.waitStrategy";
    /** Default wait strategy: spin, yield, then park with backoff. */
    public static final WaitStrategy DEFAULT_WAIT_STRATEGY = WaitStrategy.BACKOFF;
    /** System property of {@link #maxParkMicros(long)}. */
    public static final String MAX_PARK_MICROS_PROPERTY = "shmproc.sync.maxParkMicros";
    /** Default longest park of a backing-off waiter (4 ms): an idle waiter wakes about 250 times a second. */
    public static final long DEFAULT_MAX_PARK_MICROS = 4000;
    /** System property of {@link #livenessCheckMillis(long)}. */
    public static final String LIVENESS_CHECK_MILLIS_PROPERTY = "shmproc.sync.livenessCheckMillis";
    /** Default interval between a waiter's checks that the peer it waits for is alive. */
    public static final long DEFAULT_LIVENESS_CHECK_MILLIS = 50;
    /** System property of {@link #maxWaiters(int)}. */
    public static final String MAX_WAITERS_PROPERTY = "shmproc.sync.maxWaiters";
    /** Default capacity of a new lock's condition waiter table. */
    public static final int DEFAULT_MAX_WAITERS = 64;

    private static final long serialVersionUID = 1L;
    private static final long SPINS = 100;
    private static final long YIELDS = 20;
    private static final long MIN_PARK_NANOS = 1_000;

    private WaitStrategy waitStrategy;
    private long maxParkMicros;
    private long livenessCheckMillis;
    private int maxWaiters;

    private SyncOptions() {
        waitStrategy = parseStrategy(System.getProperty(WAIT_STRATEGY_PROPERTY, DEFAULT_WAIT_STRATEGY.name()));
        maxParkMicros = Long.getLong(MAX_PARK_MICROS_PROPERTY, DEFAULT_MAX_PARK_MICROS);
        livenessCheckMillis = Long.getLong(LIVENESS_CHECK_MILLIS_PROPERTY, DEFAULT_LIVENESS_CHECK_MILLIS);
        maxWaiters = Integer.getInteger(MAX_WAITERS_PROPERTY, DEFAULT_MAX_WAITERS);
        maxParkMicros(maxParkMicros);
        livenessCheckMillis(livenessCheckMillis);
        maxWaiters(maxWaiters);
    }

    private static WaitStrategy parseStrategy(final String value) {
        try {
            return WaitStrategy.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(WAIT_STRATEGY_PROPERTY + "=" + value + " is not a wait strategy;"
                + " expected one of " + java.util.Arrays.toString(WaitStrategy.values()), e);
        }
    }

    /**
     * The defaults, with system properties applied.
     *
     * @return new options
     */
    public static SyncOptions defaults() {
        return new SyncOptions();
    }

    /**
     * How waiters idle.
     *
     * @param strategy the strategy
     * @return these options
     */
    public SyncOptions waitStrategy(final WaitStrategy strategy) {
        this.waitStrategy = Objects.requireNonNull(strategy, "waitStrategy");
        return this;
    }

    /**
     * The longest a backing-off waiter parks between two checks: the worst added wake-up latency.
     *
     * @param micros 1 to 1,000,000
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public SyncOptions maxParkMicros(final long micros) {
        if (micros < 1 || micros > 1_000_000) {
            throw new IllegalArgumentException("maxParkMicros=" + micros + " is out of range; expected 1 to 1000000");
        }
        this.maxParkMicros = micros;
        return this;
    }

    /**
     * How often a waiter checks that the process it waits for (a lock's owner, a barrier's parties) is alive.
     *
     * @param millis 1 to 900 (a dead owner's lock is taken over within about this long)
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public SyncOptions livenessCheckMillis(final long millis) {
        if (millis < 1 || millis > 900) {
            throw new IllegalArgumentException("livenessCheckMillis=" + millis + " is out of range; expected 1 to"
                + " 900 so that a dead owner's lock is taken over within a second");
        }
        this.livenessCheckMillis = millis;
        return this;
    }

    /**
     * The capacity of the condition waiter table of a lock created with these options: how many threads, in
     * all processes together, may wait on its condition at once.
     *
     * @param waiters 1 to 65536
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public SyncOptions maxWaiters(final int waiters) {
        if (waiters < 1 || waiters > SyncLayout.MAX_WAITERS) {
            throw new IllegalArgumentException("maxWaiters=" + waiters + " is out of range; expected 1 to "
                + SyncLayout.MAX_WAITERS);
        }
        this.maxWaiters = waiters;
        return this;
    }

    /**
     * The wait strategy.
     *
     * @return how waiters idle
     */
    public WaitStrategy waitStrategy() {
        return waitStrategy;
    }

    /**
     * The longest park.
     *
     * @return microseconds
     */
    public long maxParkMicros() {
        return maxParkMicros;
    }

    /**
     * The liveness check interval.
     *
     * @return milliseconds
     */
    public long livenessCheckMillis() {
        return livenessCheckMillis;
    }

    /**
     * The condition waiter capacity.
     *
     * @return waiters
     */
    public int maxWaiters() {
        return maxWaiters;
    }

    /**
     * A new idle strategy for one wait; strategies hold per-wait state, so each wait gets its own.
     *
     * @return an Agrona idle strategy
     */
    IdleStrategy newIdleStrategy() {
        switch (waitStrategy) {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case YIELD:
                return new YieldingIdleStrategy();
            default:
                return new BackoffIdleStrategy(SPINS, YIELDS, MIN_PARK_NANOS,
                    Math.max(MIN_PARK_NANOS, maxParkMicros * 1000));
        }
    }

    /**
     * A new idle strategy for one wait on a primitive with a sleeper table: with {@link WaitStrategy#BACKOFF}
     * and kernel wake-up on, it sleeps in the kernel after spinning and yielding ({@link SleepingIdleStrategy}; end
     * the wait with {@link SleepingIdleStrategy#done()}); otherwise as {@link #newIdleStrategy()}.
     *
     * @param sleepers the primitive's sleeper table
     * @return an Agrona idle strategy
     */
    IdleStrategy newIdleStrategy(final Sleepers sleepers) {
        final IdleStrategy idle = newIdleStrategy();
        if (waitStrategy == WaitStrategy.BACKOFF && sleepers.usable()) {
            return new SleepingIdleStrategy(idle, sleepers, SPINS + YIELDS);
        }
        return idle;
    }

    /**
     * Ends a wait begun with {@link #newIdleStrategy(Sleepers)}: withdraws a published sleeper.
     *
     * @param idle the wait's strategy
     */
    static void done(final IdleStrategy idle) {
        if (idle instanceof SleepingIdleStrategy) {
            ((SleepingIdleStrategy) idle).done();
        }
    }

    /**
     * Tells a wait's strategy its deadline so that no kernel sleep outlasts it.
     *
     * @param idle     the wait's strategy
     * @param deadline a {@link System#nanoTime()} deadline, {@link Long#MAX_VALUE} for none
     * @return {@code idle}
     */
    static IdleStrategy deadline(final IdleStrategy idle, final long deadline) {
        if (idle instanceof SleepingIdleStrategy) {
            ((SleepingIdleStrategy) idle).deadline(deadline);
        }
        return idle;
    }

    long livenessCheckNanos() {
        return livenessCheckMillis * 1_000_000L;
    }

    /**
     * A copy.
     *
     * @return new options with the same values
     */
    public SyncOptions copy() {
        final SyncOptions copy = new SyncOptions();
        copy.waitStrategy = waitStrategy;
        copy.maxParkMicros = maxParkMicros;
        copy.livenessCheckMillis = livenessCheckMillis;
        copy.maxWaiters = maxWaiters;
        return copy;
    }

    @Override
    public String toString() {
        return "SyncOptions[waitStrategy=" + waitStrategy + ", maxParkMicros=" + maxParkMicros
            + ", livenessCheckMillis=" + livenessCheckMillis + ", maxWaiters=" + maxWaiters + "]";
    }
}
