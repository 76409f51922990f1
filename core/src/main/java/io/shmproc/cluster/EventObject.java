package io.shmproc.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;

/** An event (a flag others wait for) in the service. */
final class EventObject {
    final String name;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Waits waits;
    private final Replies replies;
    private boolean set;

    EventObject(final String name, final Waits waits, final Replies replies) {
        this.name = name;
        this.waits = waits;
        this.replies = replies;
    }

    void set() {
        set = true;
        while (!waiters.isEmpty()) {
            final Waiter waiter = waiters.peekFirst();
            waits.remove(waiter);
            replies.answer(waiter, 1, null);
        }
    }

    void clear() {
        set = false;
    }

    boolean isSet() {
        return set;
    }

    long await(final Waiter caller, final long timeoutNanos) {
        if (set) {
            return 1;
        }
        if (timeoutNanos == 0) {
            return 0;
        }
        waits.add(caller, waiters, timeoutNanos);
        return Pending.LATER;
    }

    void expire(final Waiter waiter) {
        waits.remove(waiter);
        replies.answer(waiter, 0, null);
    }

    void expireAll() {
        while (!waiters.isEmpty()) {
            expire(waiters.peekFirst());
        }
    }

    void write(final DataOutput out) throws IOException {
        out.writeUTF(name);
        out.writeBoolean(set);
        ServiceState.writeWaiters(out, waiters);
    }

    static EventObject read(final DataInput in, final Waits waits, final Replies replies) throws IOException {
        final EventObject event = new EventObject(in.readUTF(), waits, replies);
        event.set = in.readBoolean();
        ServiceState.readWaiters(in, waits, event.waiters);
        return event;
    }
}
