package io.shmproc.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * A lock or reentrant lock in the service. The owner is a session and a thread; waiters are served first come,
 * first served. When the owner's session dies, the lock passes on and the next owner learns it
 * ({@link ClusterOps#LOCK_ACQUIRED_OWNER_DIED}). A condition waiter that must re-acquire the lock waits in the same
 * queue and gets back its hold count.
 */
final class LockObject {
    private static final long NO_OWNER = Long.MIN_VALUE;

    final String name;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Waits waits;
    private final Replies replies;
    private long ownerSession = NO_OWNER;
    private long ownerThread;
    private long holds;
    /** The last owner died holding it; the next one to get it is told. */
    private boolean ownerDied;

    LockObject(final String name, final Waits waits, final Replies replies) {
        this.name = name;
        this.waits = waits;
        this.replies = replies;
    }

    /**
     * Acquires for the caller; whether a second acquire by the owner nests ({@code reentrant}) is the caller's
     * kind of lock, passed with every acquire, so that a lock first touched by a query is no different.
     */
    long acquire(final Waiter caller, final boolean reentrant, final long timeoutNanos) {
        if (holds == 0) {
            return grant(caller.sessionId, caller.threadId, 1);
        }
        if (ownerSession == caller.sessionId && ownerThread == caller.threadId) {
            if (!reentrant) {
                return ClusterOps.LOCK_ALREADY_HELD;
            }
            holds++;
            return ClusterOps.LOCK_ACQUIRED;
        }
        if (timeoutNanos == 0) {
            return ClusterOps.LOCK_TIMED_OUT;
        }
        waits.add(caller, waiters, timeoutNanos);
        return Pending.LATER;
    }

    /** @return {@code null} when released, otherwise why not */
    String release(final long sessionId, final long threadId) {
        if (!heldBy(sessionId, threadId)) {
            return notHeld(threadId);
        }
        holds--;
        if (holds == 0) {
            passOn();
        }
        return null;
    }

    /**
     * Releases every hold of the owner for a condition wait.
     *
     * @return the holds released, or -1 when {@code threadId} of that session does not hold the lock
     */
    long releaseAll(final long sessionId, final long threadId) {
        if (!heldBy(sessionId, threadId)) {
            return -1;
        }
        final long released = holds;
        holds = 0;
        passOn();
        return released;
    }

    /** A condition waiter re-acquires: at once when free, else behind the other waiters (no timer). */
    void reacquire(final Waiter conditionWaiter) {
        conditionWaiter.reacquiring = true;
        if (holds == 0 && waiters.isEmpty()) {
            grant(conditionWaiter.sessionId, conditionWaiter.threadId, conditionWaiter.amount);
            replies.answer(conditionWaiter, conditionWaiter.notified ? 1 : 0, null);
        } else {
            waits.add(conditionWaiter, waiters, 0);
        }
    }

    String notHeld(final long threadId) {
        return "lock '" + name + "' is not held by thread " + threadId + " of this session"
            + (holds == 0 ? " (it is free)" : " (session " + ownerSession + " thread " + ownerThread + " holds it)");
    }

    boolean heldBy(final long sessionId, final long threadId) {
        return holds > 0 && ownerSession == sessionId && ownerThread == threadId;
    }

    long holdCount(final long sessionId, final long threadId) {
        return heldBy(sessionId, threadId) ? holds : 0;
    }

    boolean isLocked() {
        return holds > 0;
    }

    /** A lock waiter's timer fired or it was cancelled. */
    void expire(final Waiter waiter) {
        waits.remove(waiter);
        replies.answer(waiter, ClusterOps.LOCK_TIMED_OUT, null);
    }

    /** The session ended: a lock it held passes on, with owner-died when it died. */
    void sessionEnded(final long sessionId, final boolean died) {
        if (holds > 0 && ownerSession == sessionId) {
            holds = 0;
            ownerDied = died;
            passOn();
        }
    }

    void expireAll() {
        while (!waiters.isEmpty()) {
            final Waiter waiter = waiters.peekFirst();
            if (waiter.opcode == ClusterProtocol.OP_CONDITION_AWAIT) {
                waits.remove(waiter);
                replies.answer(waiter, waiter.notified ? 1 : 0, null);
            } else {
                expire(waiter);
            }
        }
    }

    private long grant(final long sessionId, final long threadId, final long holdCount) {
        ownerSession = sessionId;
        ownerThread = threadId;
        holds = holdCount;
        final boolean died = ownerDied;
        ownerDied = false;
        return died ? ClusterOps.LOCK_ACQUIRED_OWNER_DIED : ClusterOps.LOCK_ACQUIRED;
    }

    private void passOn() {
        ownerSession = NO_OWNER;
        final Waiter next = waiters.peekFirst();
        if (next == null) {
            return;
        }
        waits.remove(next);
        if (next.opcode == ClusterProtocol.OP_CONDITION_AWAIT) {
            grant(next.sessionId, next.threadId, next.amount);
            replies.answer(next, next.notified ? 1 : 0, null);
        } else {
            replies.answer(next, grant(next.sessionId, next.threadId, 1), null);
        }
    }

    void write(final DataOutput out) throws IOException {
        out.writeUTF(name);
        out.writeLong(ownerSession);
        out.writeLong(ownerThread);
        out.writeLong(holds);
        out.writeBoolean(ownerDied);
        ServiceState.writeWaiters(out, waiters);
    }

    static LockObject read(final DataInput in, final Waits waits, final Replies replies) throws IOException {
        final LockObject lock = new LockObject(in.readUTF(), waits, replies);
        lock.ownerSession = in.readLong();
        lock.ownerThread = in.readLong();
        lock.holds = in.readLong();
        lock.ownerDied = in.readBoolean();
        ServiceState.readWaiters(in, waits, lock.waiters);
        return lock;
    }
}
