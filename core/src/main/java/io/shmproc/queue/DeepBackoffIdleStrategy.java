package io.shmproc.queue;

import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * Agrona's backoff (spin, yield, park 1 µs doubling to 1 ms), then, once a waiter has idled for about a second,
 * parks of {@link IdleMode#DEEP_PARK_NANOS}: a consumer blocked on an empty queue for minutes costs well under
 * 1 % of a core, at the price of up to that much wake-up delay for the first item after a long silence.
 */
final class DeepBackoffIdleStrategy implements IdleStrategy {
    private final BackoffIdleStrategy shallow = new BackoffIdleStrategy(IdleMode.BACKOFF_SPINS,
        IdleMode.BACKOFF_YIELDS, IdleMode.BACKOFF_MIN_PARK_NANOS, IdleMode.BACKOFF_MAX_PARK_NANOS);
    private long idles;

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
        if (++idles > IdleMode.DEEP_AFTER_IDLES) {
            LockSupport.parkNanos(IdleMode.DEEP_PARK_NANOS);
        } else {
            shallow.idle();
        }
    }

    @Override
    public void reset() {
        idles = 0;
        shallow.reset();
    }

    @Override
    public String alias() {
        return "deep-backoff";
    }
}
