package io.shmproc.cluster;

import io.shmproc.sync.Condition;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The cluster's {@link Condition}, bound to a cluster lock: a wait releases every hold of the lock in the
 * service, waits there for a signal, and has the service re-acquire the lock with the same hold count before it
 * answers. A wait without limit is issued in slices of {@value ClientWaits#SLICE_MILLIS} ms so that an
 * interrupt is obeyed; no signal is lost between slices, since a signaller must hold the lock, which the waiter
 * holds between them.
 */
final class ClusterCondition extends ClusterObject implements Condition {
    private static final long serialVersionUID = 1L;

    private final ClusterLockBase lock;

    ClusterCondition(final ClusterOps ops, final String name, final ClusterLockBase lock) {
        super(ops, ClusterOps.KIND_CONDITION, name);
        this.lock = lock;
    }

    /**
     * ClientWaits for a signal up to {@code nanos} (negative: without limit).
     *
     * @return the time left, at most 0 when it passed without a signal
     */
    private long awaitNanosInternal(final long nanos, final boolean interruptible) throws InterruptedException {
        checkOpen();
        final long tid = Thread.currentThread().getId();
        final long start = System.nanoTime();
        final boolean signalled = ClientWaits.inSlices(nanos, interruptible, slice -> {
            final int had = lock.forgetHolds();
            try {
                return ops.conditionAwait(name, lock.name, tid, slice);
            } finally {
                lock.restoreHolds(had);
            }
        });
        if (nanos < 0) {
            return Long.MAX_VALUE;
        }
        final long left = nanos - (System.nanoTime() - start);
        return signalled ? Math.max(1L, left) : Math.min(0L, left);
    }

    @Override
    public void await() throws InterruptedException {
        awaitNanosInternal(ClientWaits.FOREVER, true);
    }

    @Override
    public void awaitUninterruptibly() {
        ClientWaits.uninterruptibly(() -> awaitNanosInternal(ClientWaits.FOREVER, false) > 0);
    }

    @Override
    public long awaitNanos(final long nanosTimeout) throws InterruptedException {
        return awaitNanosInternal(Math.max(0L, nanosTimeout), true);
    }

    @Override
    public boolean await(final long time, final TimeUnit unit) throws InterruptedException {
        return awaitNanosInternal(ClientWaits.nanos(time, unit), true) > 0;
    }

    @Override
    public boolean awaitUntil(final Date deadline) throws InterruptedException {
        return awaitNanosInternal(
            TimeUnit.MILLISECONDS.toNanos(Math.max(0L, deadline.getTime() - System.currentTimeMillis())), true) > 0;
    }

    @Override
    public boolean waitFor(final BooleanSupplier predicate, final long time, final TimeUnit unit)
        throws InterruptedException {
        final long deadline = System.nanoTime() + ClientWaits.nanos(time, unit);
        boolean result = predicate.getAsBoolean();
        while (!result) {
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            awaitNanosInternal(left, true);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    @Override
    public void waitFor(final BooleanSupplier predicate) throws InterruptedException {
        while (!predicate.getAsBoolean()) {
            awaitNanosInternal(ClientWaits.FOREVER, true);
        }
    }

    @Override
    public void signal() {
        signal(1);
    }

    @Override
    public void signal(final int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n=" + n + ": signal at least one waiter");
        }
        requireHeld("signal");
        ops.conditionNotify(name, n);
    }

    @Override
    public void signalAll() {
        requireHeld("signalAll");
        ops.conditionNotify(name, Integer.MAX_VALUE);
    }

    private void requireHeld(final String what) {
        checkOpen();
        if (ops.lockHoldCount(lock.name, Thread.currentThread().getId()) == 0) {
            throw new IllegalMonitorStateException(what + " on the condition of '" + lock.name
                + "' needs the lock held by this thread");
        }
    }

    @Override
    public java.util.concurrent.locks.Lock lock() {
        return (java.util.concurrent.locks.Lock) lock;
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String lockName = lock.name;
        final boolean reentrant = lock instanceof ClusterRLock;
        return mp -> (reentrant ? mp.rlock(lockName) : mp.lock(lockName)).newCondition();
    }
}
