package io.shmproc.cluster;

import io.shmproc.sync.Barrier;
import java.io.NotSerializableException;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster's {@link Barrier}: the parties wait in the service; a timeout, an {@link #abort()}, a
 * {@link #reset()} or the death of a waiting party's client breaks it for every waiter.
 *
 * <p>Differences from the local barrier: the action runs in the party that arrived last after the others were
 * released, not before; a wait is held whole in the service (slicing it would break the barrier), so an
 * interrupt is noticed only when the wait ends.
 */
final class ClusterBarrier extends ClusterObject implements Barrier {
    private static final long serialVersionUID = 1L;

    private final int parties;
    private final Runnable action;
    private final Duration defaultTimeout;

    ClusterBarrier(final ClusterOps ops, final String name, final int parties, final Runnable action,
                   final Duration defaultTimeout) {
        super(ops, ClusterOps.KIND_BARRIER, name);
        if (parties < 1) {
            throw new IllegalArgumentException("parties=" + parties + ": a barrier needs at least 1 party");
        }
        if (defaultTimeout != null && defaultTimeout.isNegative()) {
            throw new IllegalArgumentException("defaultTimeout=" + defaultTimeout + " is negative; give a duration of"
                + " 0 or more, or null to wait without limit");
        }
        this.parties = ops.barrierCreate(name, parties);
        this.action = action;
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    private int awaitNanos(final long nanos) throws InterruptedException, BrokenBarrierException, TimeoutException {
        checkOpen();
        ClientWaits.checkInterrupt();
        final long start = System.nanoTime();
        final int index = ops.barrierAwait(name, Thread.currentThread().getId(), nanos);
        if (index == ClusterOps.BARRIER_BROKEN) {
            if (nanos >= 0 && System.nanoTime() - start >= nanos) {
                throw new TimeoutException("the barrier '" + name + "' did not fill within "
                    + Duration.ofNanos(nanos) + "; it is now broken for every party until reset()");
            }
            throw new BrokenBarrierException();
        }
        if (index == 0 && action != null) {
            action.run();
        }
        return index;
    }

    @Override
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return awaitNanos(defaultTimeout == null ? ClientWaits.FOREVER : ClientWaits.nanos(defaultTimeout));
        } catch (final TimeoutException e) {
            final BrokenBarrierException broken = new BrokenBarrierException(e.getMessage());
            broken.initCause(e);
            throw broken;
        }
    }

    @Override
    public int await(final long time, final TimeUnit unit)
        throws InterruptedException, BrokenBarrierException, TimeoutException {
        return awaitNanos(ClientWaits.nanos(time, unit));
    }

    @Override
    public int await(final Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return awaitNanos(ClientWaits.nanos(timeout));
    }

    @Override
    public void abort() {
        checkOpen();
        ops.barrierAbort(name);
    }

    @Override
    public void reset() {
        checkOpen();
        ops.barrierReset(name);
    }

    @Override
    public boolean isBroken() {
        checkOpen();
        return ops.barrierIsBroken(name);
    }

    @Override
    public int getParties() {
        return parties;
    }

    @Override
    public int getNumberWaiting() {
        checkOpen();
        return ops.barrierWaiting(name);
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() throws NotSerializableException {
        if (action != null && !(action instanceof java.io.Serializable)) {
            throw new NotSerializableException("the barrier '" + name + "' has an action that is not serializable; "
                + "give a serializable one (a lambda cast to SerializableRunnable) or none to send the barrier");
        }
        final String barrierName = name;
        final int count = parties;
        final Runnable run = action;
        final Duration timeout = defaultTimeout;
        return mp -> mp.barrier(barrierName, count, run, timeout);
    }
}
