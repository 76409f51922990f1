package io.shmproc.cluster;

import io.aeron.cluster.service.Cluster;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The books of waiting commands: puts a waiter into its object's waiter queue, schedules its cluster timer
 * (deterministic: every member schedules the same timer id at the same cluster time), and takes it off again.
 */
final class Waits {
    private final Map<Long, Waiter> byTimer = new HashMap<>();
    private final LongFunction<SessionRecord> sessions;
    private Cluster cluster;
    private long nextTimerId = 1;

    Waits(final LongFunction<SessionRecord> sessions) {
        this.sessions = sessions;
    }

    void cluster(final Cluster cluster) {
        this.cluster = cluster;
    }

    long nextTimerId() {
        return nextTimerId;
    }

    void nextTimerId(final long value) {
        nextTimerId = value;
    }

    /** Books {@code waiter} at the end of {@code home}, with a timer when {@code timeoutNanos > 0}. */
    void add(final Waiter waiter, final Collection<Waiter> home, final long timeoutNanos) {
        home.add(waiter);
        waiter.home = home;
        if (timeoutNanos > 0) {
            waiter.timerId = nextTimerId++;
            final TimeUnit unit = cluster.timeUnit();
            long delay = unit.convert(timeoutNanos, TimeUnit.NANOSECONDS);
            if (unit.toNanos(delay) < timeoutNanos) {
                delay++;
            }
            final long deadline = cluster.time() + delay;
            while (!cluster.scheduleTimer(waiter.timerId, deadline)) {
                cluster.idleStrategy().idle();
            }
            byTimer.put(waiter.timerId, waiter);
        }
        index(waiter);
    }

    /** Books a waiter read from a snapshot into the home it was read from (its timer lives in the cluster). */
    void restore(final Waiter waiter, final Collection<Waiter> home) {
        waiter.home = home;
        if (waiter.timerId != Waiter.NO_TIMER) {
            byTimer.put(waiter.timerId, waiter);
        }
        index(waiter);
    }

    private void index(final Waiter waiter) {
        final SessionRecord record = sessions.apply(waiter.sessionId);
        if (record != null) {
            record.waiters.put(waiter.sequence, waiter);
        }
    }

    /** Takes a waiter off the books: out of its queue, its timer cancelled. */
    void remove(final Waiter waiter) {
        if (waiter.home != null) {
            waiter.home.remove(waiter);
            waiter.home = null;
        }
        cancelTimer(waiter);
        final SessionRecord record = sessions.apply(waiter.sessionId);
        if (record != null) {
            record.waiters.remove(waiter.sequence);
        }
    }

    /** Cancels the waiter's timer only (a condition waiter moving on to re-acquire its lock). */
    void cancelTimer(final Waiter waiter) {
        if (waiter.timerId != Waiter.NO_TIMER) {
            byTimer.remove(waiter.timerId);
            cluster.cancelTimer(waiter.timerId);
            waiter.timerId = Waiter.NO_TIMER;
        }
    }

    /** The waiter whose timer fired, or {@code null} when it was answered meanwhile. */
    Waiter timerFired(final long timerId) {
        final Waiter waiter = byTimer.remove(timerId);
        if (waiter != null) {
            waiter.timerId = Waiter.NO_TIMER;
        }
        return waiter;
    }
}
