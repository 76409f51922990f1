package io.shmproc.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * A condition variable in the service. A waiter has released its lock's holds; when notified or timed out it moves
 * to the lock's waiter queue to re-acquire them, and is answered only once it holds the lock again.
 */
final class ConditionObject {
    final String name;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Waits waits;
    private final Function<String, LockObject> locks;

    ConditionObject(final String name, final Waits waits, final Function<String, LockObject> locks) {
        this.name = name;
        this.waits = waits;
        this.locks = locks;
    }

    /**
     * Releases the caller's lock and waits.
     *
     * @return {@code null} when waiting (or already re-acquiring), otherwise why it cannot wait
     */
    String await(final Waiter caller, final LockObject lock, final long timeoutNanos) {
        final long holds = lock.releaseAll(caller.sessionId, caller.threadId);
        if (holds < 0) {
            return lock.notHeld(caller.threadId);
        }
        caller.amount = holds;
        caller.lockName = lock.name;
        if (timeoutNanos == 0) {
            lock.reacquire(caller);
        } else {
            waits.add(caller, waiters, timeoutNanos);
        }
        return null;
    }

    void notify(final long count) {
        for (long i = 0; i < count && !waiters.isEmpty(); i++) {
            wake(waiters.peekFirst(), true);
        }
    }

    /** A waiter's timer fired or it was cancelled: it re-acquires its lock, not notified. */
    void expire(final Waiter waiter) {
        wake(waiter, false);
    }

    void expireAll() {
        while (!waiters.isEmpty()) {
            expire(waiters.peekFirst());
        }
    }

    private void wake(final Waiter waiter, final boolean notified) {
        waits.remove(waiter);
        waiter.notified = notified;
        locks.apply(waiter.lockName).reacquire(waiter);
    }

    void write(final DataOutput out) throws IOException {
        out.writeUTF(name);
        ServiceState.writeWaiters(out, waiters);
    }

    static ConditionObject read(final DataInput in, final Waits waits, final Function<String, LockObject> locks)
        throws IOException {
        final ConditionObject condition = new ConditionObject(in.readUTF(), waits, locks);
        ServiceState.readWaiters(in, waits, condition.waiters);
        return condition;
    }
}
