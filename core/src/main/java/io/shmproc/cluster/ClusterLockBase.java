package io.shmproc.cluster;

import io.shmproc.sync.Condition;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A lock held in the cluster: the owner is this client's session and the calling thread; a holder whose session
 * ends (its JVM died, or it stayed cut off longer than the session timeout) passes the lock to the next waiter,
 * which then sees {@link #previousOwnerDied()}.
 *
 * <p>A blocking acquire waits in the service, not by polling; it is re-issued every {@value ClientWaits#SLICE_MILLIS}
 * ms so that an interrupt is obeyed within that time.
 */
abstract class ClusterLockBase extends ClusterObject {
    private final boolean reentrant;
    private volatile long holder = -1;
    private volatile int holds;
    private volatile boolean ownerDied;

    ClusterLockBase(final ClusterOps ops, final String name, final boolean reentrant) {
        super(ops, ClusterOps.KIND_LOCK, name);
        this.reentrant = reentrant;
    }

    /**
     * Acquires, waiting up to {@code nanos} (negative: without limit).
     *
     * @return whether acquired
     */
    final boolean acquire(final long nanos, final boolean interruptible) throws InterruptedException {
        checkOpen();
        final long tid = Thread.currentThread().getId();
        final int[] answer = new int[1];
        final boolean acquired = ClientWaits.inSlices(nanos, interruptible, slice -> {
            answer[0] = ops.lockAcquire(name, reentrant, tid, slice);
            return answer[0] != ClusterOps.LOCK_TIMED_OUT;
        });
        if (!acquired) {
            return false;
        }
        if (answer[0] == ClusterOps.LOCK_ALREADY_HELD) {
            return alreadyHeld(nanos);
        }
        if (holds == 0 || holder != tid) {
            ownerDied = answer[0] == ClusterOps.LOCK_ACQUIRED_OWNER_DIED;
        }
        holder = tid;
        holds++;
        return true;
    }

    /**
     * What a non-reentrant lock does when its holder asks again.
     *
     * @param nanos the timeout asked for, negative for a blocking {@code lock()}
     * @return {@code false} for a timed or non-blocking try
     */
    boolean alreadyHeld(final long nanos) {
        if (nanos < 0) {
            throw new IllegalStateException("the lock '" + name + "' is already held by this thread and is not "
                + "reentrant (Python would hang forever); use an RLock to re-enter");
        }
        return false;
    }

    public void lock() {
        ClientWaits.uninterruptibly(() -> acquire(ClientWaits.FOREVER, false));
    }

    public void lockInterruptibly() throws InterruptedException {
        acquire(ClientWaits.FOREVER, true);
    }

    public boolean tryLock() {
        return ClientWaits.uninterruptibly(() -> acquire(ClientWaits.NOW, false));
    }

    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException {
        return acquire(ClientWaits.nanos(time, unit), true);
    }

    public boolean tryLock(final Duration timeout) throws InterruptedException {
        return acquire(ClientWaits.nanos(timeout), true);
    }

    public void unlock() {
        checkOpen();
        final long tid = Thread.currentThread().getId();
        ops.lockRelease(name, tid);
        if (holder == tid && --holds == 0) {
            holder = -1;
            ownerDied = false;
        }
    }

    public boolean previousOwnerDied() {
        checkOpen();
        final long tid = Thread.currentThread().getId();
        if (holder == tid) {
            return ownerDied;
        }
        if (ops.lockHoldCount(name, tid) > 0) {
            return false;
        }
        throw new IllegalMonitorStateException("the lock '" + name + "' is not held by this thread");
    }

    public boolean isHeldByCurrentThread() {
        checkOpen();
        return ops.lockHoldCount(name, Thread.currentThread().getId()) > 0;
    }

    public boolean isLocked() {
        checkOpen();
        return ops.lockIsLocked(name);
    }

    public Condition newCondition() {
        checkOpen();
        return new ClusterCondition(ops, name, this);
    }

    /**
     * Releases every hold of the calling thread before a condition wait (the service does it; this handle
     * forgets them).
     *
     * @return the holds this handle had
     */
    final int forgetHolds() {
        final int had = holds;
        if (holder == Thread.currentThread().getId()) {
            holds = 0;
            holder = -1;
        }
        return had;
    }

    /**
     * Takes back the holds the service restored after a condition wait.
     *
     * @param had what {@link #forgetHolds()} returned
     */
    final void restoreHolds(final int had) {
        if (had > 0) {
            holder = Thread.currentThread().getId();
            holds = had;
        }
    }
}
