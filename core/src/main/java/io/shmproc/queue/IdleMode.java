package io.shmproc.queue;

import io.shmproc.channel.WaitStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How a queue's blocked callers wait for an item or for space.
 */
public enum IdleMode {
    /**
     * Spin, then yield, then park for 1 µs doubling up to 1 ms, and after about a second of idling park
     * {@value #DEEP_PARK_NANOS} ns at a time: an idle waiter costs well under 1 % of a core. With kernel
     * wake-up on (the default) a blocked {@code take}, {@code put} or {@code join} sleeps in the kernel after
     * the spins and yields instead of parking, and the other side's {@code put}, {@code take} or
     * {@code taskDone} wakes it at once ({@link io.shmproc.memory.KernelWakeup}).
     */
    BACKOFF,
    /** Spin on the CPU: the lowest latency, a whole core per waiter. */
    BUSY_SPIN,
    /** Yield the CPU between checks: low latency, a core's worth of scheduler churn while idle. */
    YIELDING;

    /** Spins before a backoff waiter starts yielding. */
    public static final int BACKOFF_SPINS = WaitStrategy.BACKOFF_SPINS;
    /** Yields before a backoff waiter starts parking. */
    public static final int BACKOFF_YIELDS = WaitStrategy.BACKOFF_YIELDS;
    /** The shortest park of a backoff waiter, in nanoseconds. */
    public static final long BACKOFF_MIN_PARK_NANOS = 1_000;
    /** The longest park of a backoff waiter, in nanoseconds: also the worst wake-up delay once idle. */
    public static final long BACKOFF_MAX_PARK_NANOS = WaitStrategy.BACKOFF_MAX_PARK_MICROS * 1_000L;

    /** Milliseconds of idling after which a backoff waiter parks for longer. */
    public static final long DEEP_AFTER_MILLIS = WaitStrategy.BACKOFF_DEEP_AFTER_MILLIS;
    /** The park of a backoff waiter that has idled for about a second, in nanoseconds. */
    public static final long DEEP_PARK_NANOS = WaitStrategy.BACKOFF_DEEP_PARK_MICROS * 1_000L;

    /**
     * A new strategy instance (strategies keep state: one per waiting thread).
     *
     * @return the strategy
     */
    public IdleStrategy newStrategy() {
        switch (this) {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case YIELDING:
                return new YieldingIdleStrategy();
            case BACKOFF:
            default:
                // the channels' backoff: one implementation of "back off, then deepen after a second idle"
                return WaitStrategy.BACKOFF.newIdleStrategy();
        }
    }
}
