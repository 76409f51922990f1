package io.shmproc.cluster;

import io.shmproc.sync.Event;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's {@link Event}. A wait is held in the service and re-issued every
 * {@value ClientWaits#SLICE_MILLIS} ms so that an interrupt is obeyed.
 */
final class ClusterEvent extends ClusterObject implements Event {
    private static final long serialVersionUID = 1L;

    ClusterEvent(final ClusterOps ops, final String name) {
        super(ops, ClusterOps.KIND_EVENT, name);
    }

    @Override
    public void set() {
        checkOpen();
        ops.eventSet(name);
    }

    @Override
    public void clear() {
        checkOpen();
        ops.eventClear(name);
    }

    @Override
    public boolean isSet() {
        checkOpen();
        return ops.eventIsSet(name);
    }

    private boolean awaitNanos(final long nanos) throws InterruptedException {
        checkOpen();
        return ClientWaits.inSlices(nanos, true, slice -> ops.eventAwait(name, slice));
    }

    @Override
    public void await() throws InterruptedException {
        awaitNanos(ClientWaits.FOREVER);
    }

    @Override
    public boolean await(final long time, final TimeUnit unit) throws InterruptedException {
        return awaitNanos(ClientWaits.nanos(time, unit));
    }

    @Override
    public boolean await(final Duration timeout) throws InterruptedException {
        return awaitNanos(ClientWaits.nanos(timeout));
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String eventName = name;
        return mp -> mp.event(eventName);
    }
}
