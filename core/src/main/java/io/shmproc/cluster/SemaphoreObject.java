package io.shmproc.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;

/** A counting semaphore in the service, optionally bounded; waiters are served first come, first served. */
final class SemaphoreObject {
    final String name;
    final long bound;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Waits waits;
    private final Replies replies;
    private long permits;

    SemaphoreObject(final String name, final long permits, final long bound, final Waits waits,
                    final Replies replies) {
        this.name = name;
        this.permits = permits;
        this.bound = bound;
        this.waits = waits;
        this.replies = replies;
    }

    long acquire(final Waiter caller, final long wanted, final long timeoutNanos) {
        if (waiters.isEmpty() && permits >= wanted) {
            permits -= wanted;
            return 1;
        }
        if (timeoutNanos == 0) {
            return 0;
        }
        caller.amount = wanted;
        waits.add(caller, waiters, timeoutNanos);
        return Pending.LATER;
    }

    /** @return {@code null} when released, otherwise why not */
    String release(final long released) {
        if (bound >= 0 && permits + released > bound) {
            return "semaphore '" + name + "' is bounded to " + bound + " permits and has " + permits
                + "; releasing " + released + " would exceed the bound";
        }
        permits += released;
        while (!waiters.isEmpty() && waiters.peekFirst().amount <= permits) {
            final Waiter waiter = waiters.peekFirst();
            permits -= waiter.amount;
            waits.remove(waiter);
            replies.answer(waiter, 1, null);
        }
        return null;
    }

    long value() {
        return permits;
    }

    void expire(final Waiter waiter) {
        waits.remove(waiter);
        replies.answer(waiter, 0, null);
        release(0);
    }

    void expireAll() {
        while (!waiters.isEmpty()) {
            final Waiter waiter = waiters.peekFirst();
            waits.remove(waiter);
            replies.answer(waiter, 0, null);
        }
    }

    void write(final DataOutput out) throws IOException {
        out.writeUTF(name);
        out.writeLong(permits);
        out.writeLong(bound);
        ServiceState.writeWaiters(out, waiters);
    }

    static SemaphoreObject read(final DataInput in, final Waits waits, final Replies replies) throws IOException {
        final SemaphoreObject semaphore = new SemaphoreObject(in.readUTF(), in.readLong(), in.readLong(), waits,
            replies);
        ServiceState.readWaiters(in, waits, semaphore.waiters);
        return semaphore;
    }
}
