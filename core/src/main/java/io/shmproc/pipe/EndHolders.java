package io.shmproc.pipe;

import io.shmproc.memory.ProcessIdentity;
import java.nio.file.Path;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The holders of a pipe's ends, in the pipe's file (see {@link PipeLayout}): one slot per open handle and per
 * serialized copy not yet attached. An end is gone once none of its slots names a live holder: its handles are
 * closed or their processes dead, and the processes that serialized the copies in transit are dead.
 */
final class EndHolders {
    private EndHolders() {
    }

    /** Marks every holder slot free; for a new pipe's payload. */
    static void initialize(final AtomicBuffer payload) {
        for (int end = 1; end <= 2; end++) {
            for (int slot = 0; slot < PipeLayout.HOLDER_SLOTS; slot++) {
                payload.putLong(PipeLayout.holderOffset(end, slot) + PipeLayout.HOLDER_START_OFFSET, -1L);
            }
        }
    }

    /**
     * Takes a free slot of an end.
     *
     * @param pid the holder's pid, or minus the serializing process's pid for a copy in transit
     * @return the slot
     * @throws IllegalStateException when every slot is taken
     */
    static int claim(final AtomicBuffer payload, final Path file, final int end, final long pid, final long start) {
        for (int slot = 0; slot < PipeLayout.HOLDER_SLOTS; slot++) {
            final int at = PipeLayout.holderOffset(end, slot);
            if (payload.getLongVolatile(at + PipeLayout.HOLDER_PID_OFFSET) == 0L
                && payload.compareAndSetLong(at + PipeLayout.HOLDER_PID_OFFSET, 0L, pid)) {
                // Publishes the holder's start time after its pid; readers treat -1 as "judge by pid".
                payload.putLongRelease(at + PipeLayout.HOLDER_START_OFFSET, start);
                return slot;
            }
        }
        for (int slot = 0; slot < PipeLayout.HOLDER_SLOTS; slot++) {
            final int at = PipeLayout.holderOffset(end, slot);
            final long held = payload.getLongVolatile(at + PipeLayout.HOLDER_PID_OFFSET);
            if (held != 0L && !isAlive(payload, at, held)) {
                payload.putLongVolatile(at + PipeLayout.HOLDER_START_OFFSET, -1L);
                if (payload.compareAndSetLong(at + PipeLayout.HOLDER_PID_OFFSET, held, pid)) {
                    payload.putLongRelease(at + PipeLayout.HOLDER_START_OFFSET, start);
                    return slot;
                }
            }
        }
        throw new IllegalStateException("end " + end + " of pipe " + file + " already has " + PipeLayout.HOLDER_SLOTS
            + " live holders (handles and serialized copies); close handles you no longer use");
    }

    /**
     * Turns a copy's transit slot into the attaching process's slot, or takes a new slot when that one was
     * already adopted (the same serialized bytes read twice).
     */
    static int adopt(final AtomicBuffer payload, final Path file, final int end, final int slot, final long guardian,
                     final ProcessIdentity me) {
        if (slot >= 0 && slot < PipeLayout.HOLDER_SLOTS) {
            final int at = PipeLayout.holderOffset(end, slot);
            if (payload.compareAndSetLong(at + PipeLayout.HOLDER_PID_OFFSET, -guardian, me.pid())) {
                payload.putLongRelease(at + PipeLayout.HOLDER_START_OFFSET, me.startMillis());
                return slot;
            }
        }
        return claim(payload, file, end, me.pid(), me.startMillis());
    }

    /** Frees a slot this handle holds. */
    static void release(final AtomicBuffer payload, final int end, final int slot, final long pid) {
        final int at = PipeLayout.holderOffset(end, slot);
        if (payload.getLongVolatile(at + PipeLayout.HOLDER_PID_OFFSET) == pid) {
            payload.putLong(at + PipeLayout.HOLDER_START_OFFSET, -1L);
            // Frees the slot; a CAS, so a closer's following scan of the other slots is ordered after it.
            payload.compareAndSetLong(at + PipeLayout.HOLDER_PID_OFFSET, pid, 0L);
        }
    }

    /**
     * Whether any slot of an end other than {@code except} is taken (alive or not).
     *
     * @param except a slot to ignore, or -1
     */
    static boolean anyOtherTaken(final AtomicBuffer payload, final int end, final int except) {
        for (int slot = 0; slot < PipeLayout.HOLDER_SLOTS; slot++) {
            if (slot != except && payload.getLongVolatile(PipeLayout.holderOffset(end, slot)
                + PipeLayout.HOLDER_PID_OFFSET) != 0L) {
                return true;
            }
        }
        return false;
    }

    /**
     * A live holder of an end, or {@code null} when there is none; checks process liveness, so call it rarely.
     *
     * @return a description of a live holder
     */
    static String liveHolder(final AtomicBuffer payload, final int end) {
        for (int slot = 0; slot < PipeLayout.HOLDER_SLOTS; slot++) {
            final int at = PipeLayout.holderOffset(end, slot);
            final long pid = payload.getLongVolatile(at + PipeLayout.HOLDER_PID_OFFSET);
            if (pid != 0L && isAlive(payload, at, pid)) {
                return pid > 0 ? "pid " + pid : "a copy serialized by pid " + -pid;
            }
        }
        return null;
    }

    /** The pids of an end's taken slots, for messages. */
    static String describe(final AtomicBuffer payload, final int end) {
        final StringBuilder holders = new StringBuilder();
        for (int slot = 0; slot < PipeLayout.HOLDER_SLOTS; slot++) {
            final long pid = payload.getLongVolatile(PipeLayout.holderOffset(end, slot) + PipeLayout.HOLDER_PID_OFFSET);
            if (pid != 0L) {
                holders.append(holders.length() == 0 ? "" : ", ").append(pid > 0 ? "pid " + pid : "in transit from pid "
                    + -pid);
            }
        }
        return holders.length() == 0 ? "none" : holders.toString();
    }

    private static boolean isAlive(final AtomicBuffer payload, final int at, final long pid) {
        final long start = payload.getLongVolatile(at + PipeLayout.HOLDER_START_OFFSET);
        return new ProcessIdentity(Math.abs(pid), start).isAlive();
    }
}
