package io.shmproc.cluster;

import io.shmproc.sync.Semaphore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A semaphore held in the cluster. Permits are not owned (as locally and in Python): a client that dies holding
 * permits does not return them. A blocking acquire waits in the service, re-issued every
 * {@value ClientWaits#SLICE_MILLIS} ms so that an interrupt is obeyed.
 */
abstract class ClusterPermits extends ClusterObject implements Semaphore {
    private static final long serialVersionUID = 1L;

    private final int initial;

    ClusterPermits(final ClusterOps ops, final String name, final int initial, final int bound) {
        super(ops, ClusterOps.KIND_SEMAPHORE, name);
        if (initial < 0) {
            throw new IllegalArgumentException("initial=" + initial + " permits is negative; give 0 or more");
        }
        this.initial = initial;
        ops.semaphoreCreate(name, initial, bound);
    }

    private boolean acquire(final long nanos, final boolean interruptible) throws InterruptedException {
        checkOpen();
        return ClientWaits.inSlices(nanos, interruptible, slice -> ops.semaphoreAcquire(name, 1, slice));
    }

    @Override
    public void acquire() throws InterruptedException {
        acquire(ClientWaits.FOREVER, true);
    }

    @Override
    public void acquireUninterruptibly() {
        ClientWaits.uninterruptibly(() -> acquire(ClientWaits.FOREVER, false));
    }

    @Override
    public boolean tryAcquire() {
        return ClientWaits.uninterruptibly(() -> acquire(ClientWaits.NOW, false));
    }

    @Override
    public boolean tryAcquire(final long time, final TimeUnit unit) throws InterruptedException {
        return acquire(ClientWaits.nanos(time, unit), true);
    }

    @Override
    public boolean tryAcquire(final Duration timeout) throws InterruptedException {
        return acquire(ClientWaits.nanos(timeout), true);
    }

    @Override
    public void release() {
        release(1);
    }

    @Override
    public void release(final int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count=" + count + ": release at least 1 permit");
        }
        checkOpen();
        ops.semaphoreRelease(name, count);
    }

    @Override
    public int availablePermits() {
        checkOpen();
        return ops.semaphoreValue(name);
    }

    /**
     * The permits this handle asked for when it was opened (the cluster keeps the first opener's count).
     *
     * @return them
     */
    @Override
    public int initialPermits() {
        return initial;
    }
}
