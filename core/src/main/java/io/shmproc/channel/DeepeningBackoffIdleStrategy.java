package io.shmproc.channel;

import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.IdleStrategy;

/**
 * The idle strategy of {@link WaitStrategy#BACKOFF}: spin, then yield, then park for a time that doubles from
 * 1 µs up to a cap; the cap deepens once the waiter has found no work for a while, so a long-idle waiter wakes
 * a few hundred times a second instead of a thousand.
 *
 * <p>Like every idle strategy it belongs to one thread at a time; it allocates nothing.
 */
final class DeepeningBackoffIdleStrategy implements IdleStrategy {
    private final int maxSpins;
    private final int maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;
    private final long deepParkNanos;
    private final long deepAfterNanos;
    private int spins;
    private int yields;
    private long parkNanos;
    private long parkingSince;

    DeepeningBackoffIdleStrategy(final int maxSpins, final int maxYields, final long minParkNanos,
                                 final long maxParkNanos, final long deepParkNanos, final long deepAfterNanos) {
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        this.deepParkNanos = deepParkNanos;
        this.deepAfterNanos = deepAfterNanos;
        reset();
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
        if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
        } else if (yields < maxYields) {
            yields++;
            Thread.yield();
        } else {
            if (parkNanos == minParkNanos) {
                parkingSince = System.nanoTime();
            }
            LockSupport.parkNanos(parkNanos);
            if (parkNanos < maxParkNanos) {
                parkNanos = Math.min(parkNanos << 1, maxParkNanos);
            } else if (parkNanos < deepParkNanos && System.nanoTime() - parkingSince >= deepAfterNanos) {
                parkNanos = deepParkNanos;
            }
        }
    }

    @Override
    public void reset() {
        spins = 0;
        yields = 0;
        parkNanos = minParkNanos;
    }

    @Override
    public String alias() {
        return "backoff";
    }
}
