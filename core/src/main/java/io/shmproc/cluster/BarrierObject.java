package io.shmproc.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * A cyclic barrier for a number of parties in the service. A timeout, an abort or a waiting party's dead session
 * breaks it for every waiter (as Python's {@code Barrier} does); a reset mends it.
 */
final class BarrierObject {
    final String name;
    final int parties;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Waits waits;
    private final Replies replies;
    private boolean broken;

    BarrierObject(final String name, final int parties, final Waits waits, final Replies replies) {
        this.name = name;
        this.parties = parties;
        this.waits = waits;
        this.replies = replies;
    }

    long await(final Waiter caller, final long timeoutNanos) {
        if (broken) {
            return ClusterOps.BARRIER_BROKEN;
        }
        final int index = parties - 1 - waiters.size();
        if (index == 0) {
            while (!waiters.isEmpty()) {
                final Waiter waiter = waiters.peekFirst();
                waits.remove(waiter);
                replies.answer(waiter, waiter.amount, null);
            }
            return 0;
        }
        if (timeoutNanos == 0) {
            breakBarrier();
            return ClusterOps.BARRIER_BROKEN;
        }
        caller.amount = index;
        waits.add(caller, waiters, timeoutNanos);
        return Pending.LATER;
    }

    /** A waiter's timer fired, it was cancelled, or its session died: the barrier breaks. */
    void expire(final Waiter waiter) {
        waits.remove(waiter);
        replies.answer(waiter, ClusterOps.BARRIER_BROKEN, null);
        breakBarrier();
    }

    void abort() {
        breakBarrier();
    }

    void reset() {
        breakBarrier();
        broken = false;
    }

    void expireAll() {
        breakBarrier();
    }

    int waiting() {
        return waiters.size();
    }

    boolean isBroken() {
        return broken;
    }

    void breakBarrier() {
        broken = true;
        while (!waiters.isEmpty()) {
            final Waiter waiter = waiters.peekFirst();
            waits.remove(waiter);
            replies.answer(waiter, ClusterOps.BARRIER_BROKEN, null);
        }
    }

    void write(final DataOutput out) throws IOException {
        out.writeUTF(name);
        out.writeInt(parties);
        out.writeBoolean(broken);
        ServiceState.writeWaiters(out, waiters);
    }

    static BarrierObject read(final DataInput in, final Waits waits, final Replies replies) throws IOException {
        final BarrierObject barrier = new BarrierObject(in.readUTF(), in.readInt(), waits, replies);
        barrier.broken = in.readBoolean();
        ServiceState.readWaiters(in, waits, barrier.waiters);
        return barrier;
    }
}
