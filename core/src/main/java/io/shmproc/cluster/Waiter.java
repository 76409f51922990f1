package io.shmproc.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collection;

/**
 * A command the service keeps because it cannot answer yet (a poll of an empty queue, a contended lock...): who
 * waits (session, thread, sequence), for what (opcode, object), until when (a cluster timer), and the few values
 * the answer needs. A waiter sits in exactly one queue of waiters ({@link #home}) and is answered exactly once.
 */
final class Waiter {
    /** {@link #timerId} of a waiter without a time limit. */
    static final long NO_TIMER = -1;

    final long sessionId;
    final long sequence;
    final long threadId;
    final int opcode;
    final String object;
    /** A queue item to offer, or {@code null}. */
    byte[] item;
    /** Permits wanted, holds to restore (condition), or the arrival index (barrier). */
    long amount;
    /** The lock a condition waiter re-acquires, or {@code null}. */
    String lockName;
    /** A condition waiter was notified (rather than timed out). */
    boolean notified;
    /** A condition waiter now waits for its lock (a cancel no longer applies). */
    boolean reacquiring;
    long timerId = NO_TIMER;
    /** The waiter queue it sits in; rebuilt after a snapshot is loaded. */
    Collection<Waiter> home;

    Waiter(final long sessionId, final long sequence, final long threadId, final int opcode, final String object) {
        this.sessionId = sessionId;
        this.sequence = sequence;
        this.threadId = threadId;
        this.opcode = opcode;
        this.object = object;
    }

    boolean ownedBy(final long session, final long thread) {
        return sessionId == session && threadId == thread;
    }

    void write(final DataOutput out) throws IOException {
        out.writeLong(sessionId);
        out.writeLong(sequence);
        out.writeLong(threadId);
        out.writeInt(opcode);
        out.writeUTF(object);
        SnapshotIo.writeBytes(out, item);
        out.writeLong(amount);
        SnapshotIo.writeString(out, lockName);
        out.writeBoolean(notified);
        out.writeBoolean(reacquiring);
        out.writeLong(timerId);
    }

    static Waiter read(final DataInput in) throws IOException {
        final Waiter waiter = new Waiter(in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readUTF());
        waiter.item = SnapshotIo.readBytes(in);
        waiter.amount = in.readLong();
        waiter.lockName = SnapshotIo.readString(in);
        waiter.notified = in.readBoolean();
        waiter.reacquiring = in.readBoolean();
        waiter.timerId = in.readLong();
        return waiter;
    }

    @Override
    public String toString() {
        return "Waiter{session=" + sessionId + ", seq=" + sequence + ", thread=" + threadId + ", op=" + opcode
            + ", object=" + object + "}";
    }
}
