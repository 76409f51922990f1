package io.shmproc.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A FIFO queue of items in the service, optionally bounded by item count and joinable. In a joinable queue each
 * taken item stays unfinished, booked to the session that took it, until a task-done; a session that dies first
 * has its items put back at the head.
 */
final class QueueObject {
    final String name;
    final long maxItems;
    final boolean joinable;
    private final ArrayDeque<byte[]> items = new ArrayDeque<>();
    private final Map<Long, ArrayDeque<byte[]>> taken = new LinkedHashMap<>();
    private final ArrayDeque<Waiter> pollers = new ArrayDeque<>();
    private final ArrayDeque<Waiter> offerers = new ArrayDeque<>();
    private final ArrayDeque<Waiter> joiners = new ArrayDeque<>();
    private final Waits waits;
    private final Replies replies;
    private long unfinished;

    QueueObject(final String name, final long maxItems, final boolean joinable, final Waits waits,
                final Replies replies) {
        this.name = name;
        this.maxItems = maxItems;
        this.joinable = joinable;
        this.waits = waits;
        this.replies = replies;
    }

    long offer(final Waiter caller, final byte[] item, final long timeoutNanos) {
        if (!pollers.isEmpty() || hasRoom()) {
            put(item);
            return 1;
        }
        if (timeoutNanos == 0) {
            return 0;
        }
        caller.item = item;
        waits.add(caller, offerers, timeoutNanos);
        return Pending.LATER;
    }

    byte[] poll(final Waiter caller, final long timeoutNanos) {
        if (!items.isEmpty()) {
            final byte[] item = items.pollFirst();
            took(caller.sessionId, item);
            admitOfferers();
            return item;
        }
        if (timeoutNanos == 0) {
            return null;
        }
        waits.add(caller, pollers, timeoutNanos);
        return Pending.LATER_BYTES;
    }

    byte[] peek() {
        return items.peekFirst();
    }

    long size() {
        return items.size();
    }

    long unfinished() {
        return joinable ? unfinished : items.size();
    }

    /** @return {@code null} when done, otherwise why it cannot be */
    String taskDone(final long sessionId) {
        if (!joinable) {
            return "queue '" + name + "' is not joinable; create it with joinable=true to use task-done";
        }
        if (unfinished == 0) {
            return "task-done called more times than items were put in queue '" + name + "'";
        }
        ArrayDeque<byte[]> mine = taken.get(sessionId);
        if (mine == null || mine.isEmpty()) {
            mine = null;
            for (final ArrayDeque<byte[]> other : taken.values()) {
                if (!other.isEmpty()) {
                    mine = other;
                    break;
                }
            }
        }
        if (mine != null) {
            mine.pollFirst();
        }
        taken.values().removeIf(ArrayDeque::isEmpty);
        unfinished--;
        if (unfinished == 0) {
            while (!joiners.isEmpty()) {
                final Waiter joiner = joiners.peekFirst();
                waits.remove(joiner);
                replies.answer(joiner, 1, null);
            }
        }
        return null;
    }

    long join(final Waiter caller, final long timeoutNanos) {
        if (unfinished() == 0) {
            return 1;
        }
        if (timeoutNanos == 0) {
            return 0;
        }
        waits.add(caller, joiners, timeoutNanos);
        return Pending.LATER;
    }

    /** A waiter's timer fired or it was cancelled: answer it as timed out. */
    void expire(final Waiter waiter) {
        waits.remove(waiter);
        replies.answer(waiter, 0, null);
    }

    /** The session ended: drop its waits; if it died, its unfinished items go back to the head. */
    void sessionEnded(final long sessionId, final boolean died) {
        final ArrayDeque<byte[]> mine = taken.remove(sessionId);
        if (mine != null && died) {
            final Iterator<byte[]> newestFirst = mine.descendingIterator();
            while (newestFirst.hasNext()) {
                items.addFirst(newestFirst.next());
            }
            while (!pollers.isEmpty() && !items.isEmpty()) {
                final Waiter poller = pollers.peekFirst();
                waits.remove(poller);
                final byte[] item = items.pollFirst();
                took(poller.sessionId, item);
                replies.answer(poller, 1, item);
            }
        }
    }

    /** Answers every waiter as timed out (the queue is being deleted). */
    void expireAll() {
        for (final ArrayDeque<Waiter> queue : java.util.List.of(pollers, offerers, joiners)) {
            while (!queue.isEmpty()) {
                expire(queue.peekFirst());
            }
        }
    }

    private boolean hasRoom() {
        return maxItems <= 0 || items.size() < maxItems;
    }

    private void put(final byte[] item) {
        unfinished++;
        if (!pollers.isEmpty()) {
            final Waiter poller = pollers.peekFirst();
            waits.remove(poller);
            took(poller.sessionId, item);
            replies.answer(poller, 1, item);
        } else {
            items.addLast(item);
        }
    }

    private void took(final long sessionId, final byte[] item) {
        if (joinable) {
            taken.computeIfAbsent(sessionId, id -> new ArrayDeque<>()).addLast(item);
        } else {
            unfinished--;
        }
    }

    private void admitOfferers() {
        while (!offerers.isEmpty() && hasRoom()) {
            final Waiter offerer = offerers.peekFirst();
            waits.remove(offerer);
            put(offerer.item);
            replies.answer(offerer, 1, null);
        }
    }

    void write(final DataOutput out) throws IOException {
        out.writeUTF(name);
        out.writeLong(maxItems);
        out.writeBoolean(joinable);
        out.writeLong(unfinished);
        out.writeInt(items.size());
        for (final byte[] item : items) {
            SnapshotIo.writeBytes(out, item);
        }
        out.writeInt(taken.size());
        for (final Map.Entry<Long, ArrayDeque<byte[]>> entry : taken.entrySet()) {
            out.writeLong(entry.getKey());
            out.writeInt(entry.getValue().size());
            for (final byte[] item : entry.getValue()) {
                SnapshotIo.writeBytes(out, item);
            }
        }
        ServiceState.writeWaiters(out, pollers);
        ServiceState.writeWaiters(out, offerers);
        ServiceState.writeWaiters(out, joiners);
    }

    static QueueObject read(final DataInput in, final Waits waits, final Replies replies) throws IOException {
        final QueueObject queue = new QueueObject(in.readUTF(), in.readLong(), in.readBoolean(), waits, replies);
        queue.unfinished = in.readLong();
        final int count = in.readInt();
        for (int i = 0; i < count; i++) {
            queue.items.addLast(SnapshotIo.readBytes(in));
        }
        final int sessions = in.readInt();
        for (int i = 0; i < sessions; i++) {
            final long sessionId = in.readLong();
            final int n = in.readInt();
            final ArrayDeque<byte[]> mine = new ArrayDeque<>();
            for (int j = 0; j < n; j++) {
                mine.addLast(SnapshotIo.readBytes(in));
            }
            queue.taken.put(sessionId, mine);
        }
        ServiceState.readWaiters(in, waits, queue.pollers);
        ServiceState.readWaiters(in, waits, queue.offerers);
        ServiceState.readWaiters(in, waits, queue.joiners);
        return queue;
    }
}
