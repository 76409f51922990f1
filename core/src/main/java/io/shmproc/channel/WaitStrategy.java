package io.shmproc.channel;

import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How a blocked call waits: the choice between latency and the CPU an idle waiter burns, one per object.
 *
 * <p>Each constant makes fresh Agrona {@link IdleStrategy} instances; an idle strategy is stateful and belongs
 * to one waiting thread (or one handle used by one thread at a time).
 */
public enum WaitStrategy {
    /** Spin without pause: the lowest latency, one whole core per waiter. */
    BUSY_SPIN,
    /** Spin with {@link Thread#yield()}: low latency, a core per waiter when nothing else runs. */
    YIELD,
    /**
     * Spin {@value #BACKOFF_SPINS} times, yield {@value #BACKOFF_YIELDS} times, then park from 1 µs doubling
     * up to {@value #BACKOFF_MAX_PARK_MICROS} µs; after {@value #BACKOFF_DEEP_AFTER_MILLIS} ms without work,
     * park {@value #BACKOFF_DEEP_PARK_MICROS} µs at a time. A waiter that was busy recently wakes within about
     * a millisecond; a long-idle waiter within a few, and costs under 1 % of a core. The default.
     *
     * <p>With kernel wake-up on ({@code shmproc.wakeup.kernel}, the default), a blocking channel call does not
     * park: after the spins and yields it publishes itself in the channel's file and sleeps in the kernel until
     * the other side's next record (or freed room) wakes it with one system call, or at most
     * {@code shmproc.wakeup.periodMillis} (see {@link io.shmproc.memory.KernelWakeup}).
     */
    BACKOFF;

    /** Spins before {@link #BACKOFF} starts yielding. */
    public static final int BACKOFF_SPINS = 100;
    /** Yields before {@link #BACKOFF} starts parking. */
    public static final int BACKOFF_YIELDS = 10;
    /** The longest single park of {@link #BACKOFF} while recently busy, in microseconds. */
    public static final int BACKOFF_MAX_PARK_MICROS = 1000;
    /** The park of {@link #BACKOFF} once idle for {@value #BACKOFF_DEEP_AFTER_MILLIS} ms, in microseconds. */
    public static final int BACKOFF_DEEP_PARK_MICROS = 5000;
    /** How long {@link #BACKOFF} parks at most {@value #BACKOFF_MAX_PARK_MICROS} µs before deepening, in ms. */
    public static final int BACKOFF_DEEP_AFTER_MILLIS = 1000;

    /**
     * A new idle strategy of this kind.
     *
     * @return an idle strategy for one waiting thread
     */
    public IdleStrategy newIdleStrategy() {
        switch (this) {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case YIELD:
                return new YieldingIdleStrategy();
            default:
                return new DeepeningBackoffIdleStrategy(BACKOFF_SPINS, BACKOFF_YIELDS, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MICROSECONDS.toNanos(BACKOFF_MAX_PARK_MICROS),
                    TimeUnit.MICROSECONDS.toNanos(BACKOFF_DEEP_PARK_MICROS),
                    TimeUnit.MILLISECONDS.toNanos(BACKOFF_DEEP_AFTER_MILLIS));
        }
    }

    /**
     * Parses a name case-insensitively.
     *
     * @param name {@code busy_spin}, {@code yield} or {@code backoff}
     * @param what the option being parsed, for the error message
     * @return the strategy
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static WaitStrategy parse(final String name, final String what) {
        for (final WaitStrategy strategy : values()) {
            if (strategy.name().equalsIgnoreCase(name.trim())) {
                return strategy;
            }
        }
        throw new IllegalArgumentException(what + "='" + name + "' is not a wait strategy; expected one of"
            + " busy_spin, yield, backoff");
    }
}
