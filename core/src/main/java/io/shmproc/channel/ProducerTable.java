package io.shmproc.channel;

import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.ProcessIdentity;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The producer slots of a channel block: which process writes under which slot, so that a reader can tell a
 * dead producer's unfinished message from a live one's.
 *
 * <p>A slot is claimed with a compare-and-set of its pid word from 0 (or from a dead owner's pid) to this
 * process's pid, after which the start time is written; a slot whose start time is still -1 is judged by its
 * pid alone. Several handles in one process may share a slot's pid but each claims its own slot.
 */
final class ProducerTable {
    private final AtomicBuffer buffer;
    private final int base;
    private final int slots;

    ProducerTable(final AtomicBuffer buffer, final int blockOffset, final int slots) {
        this.buffer = buffer;
        this.base = blockOffset;
        this.slots = slots;
    }

    int slots() {
        return slots;
    }

    /**
     * Claims a free slot, or else the slot of a dead producer.
     *
     * @param me the claiming process
     * @return the slot index
     * @throws ShmprocException when every slot belongs to a live producer
     */
    int claim(final ProcessIdentity me) {
        for (int slot = 0; slot < slots; slot++) {
            final int at = base + ChannelLayout.slotOffset(slot);
            if (buffer.getLongVolatile(at + ChannelLayout.SLOT_PID_OFFSET) == 0L
                && buffer.compareAndSetLong(at + ChannelLayout.SLOT_PID_OFFSET, 0L, me.pid())) {
                // Publishes the owner's start time after its pid; readers treat -1 as "judge by pid".
                buffer.putLongRelease(at + ChannelLayout.SLOT_START_OFFSET, me.startMillis());
                return slot;
            }
        }
        for (int slot = 0; slot < slots; slot++) {
            final int at = base + ChannelLayout.slotOffset(slot);
            final long pid = buffer.getLongVolatile(at + ChannelLayout.SLOT_PID_OFFSET);
            if (pid != 0L && !owner(slot, pid).isAlive()) {
                final long start = buffer.getLongVolatile(at + ChannelLayout.SLOT_START_OFFSET);
                if (buffer.compareAndSetLong(at + ChannelLayout.SLOT_START_OFFSET, start, -1L)
                    && buffer.compareAndSetLong(at + ChannelLayout.SLOT_PID_OFFSET, pid, me.pid())) {
                    buffer.putLongRelease(at + ChannelLayout.SLOT_START_OFFSET, me.startMillis());
                    return slot;
                }
            }
        }
        throw new ShmprocException("all " + slots + " producer slots of the channel belong to live producers;"
            + " close unused producer handles or create the channel with more producers (ChannelOptions.producers)");
    }

    /**
     * Frees a slot this process owns.
     *
     * @param slot the slot
     */
    void release(final int slot) {
        final int at = base + ChannelLayout.slotOffset(slot);
        buffer.putLong(at + ChannelLayout.SLOT_START_OFFSET, -1L);
        // Frees the slot: a claimer that sees pid 0 also sees the start time reset above.
        buffer.putLongRelease(at + ChannelLayout.SLOT_PID_OFFSET, 0L);
    }

    /**
     * The owner of a slot.
     *
     * @param slot the slot
     * @return its owner, or {@code null} when the slot is free or out of range
     */
    ProcessIdentity owner(final int slot) {
        if (slot < 0 || slot >= slots) {
            return null;
        }
        final long pid = buffer.getLongVolatile(base + ChannelLayout.slotOffset(slot) + ChannelLayout.SLOT_PID_OFFSET);
        return pid == 0L ? null : owner(slot, pid);
    }

    private ProcessIdentity owner(final int slot, final long pid) {
        final long start = buffer.getLongVolatile(base + ChannelLayout.slotOffset(slot)
            + ChannelLayout.SLOT_START_OFFSET);
        return new ProcessIdentity(pid, start);
    }

    /**
     * Whether a slot has no live owner (free, or its owner died).
     *
     * @param slot the slot
     * @return {@code true} when nobody alive writes under it
     */
    boolean isAbandoned(final int slot) {
        final ProcessIdentity owner = owner(slot);
        return owner == null || !owner.isAlive();
    }

    /**
     * Frees every slot whose owner has died, so that a dead producer is reported once.
     *
     * @return the number of slots freed
     */
    int releaseDead() {
        int released = 0;
        for (int slot = 0; slot < slots; slot++) {
            final int at = base + ChannelLayout.slotOffset(slot);
            final long pid = buffer.getLongVolatile(at + ChannelLayout.SLOT_PID_OFFSET);
            if (pid != 0L && !owner(slot, pid).isAlive()
                && buffer.compareAndSetLong(at + ChannelLayout.SLOT_PID_OFFSET, pid, 0L)) {
                buffer.putLongRelease(at + ChannelLayout.SLOT_START_OFFSET, -1L);
                released++;
            }
        }
        return released;
    }

    /**
     * Whether any claimed slot's owner has died.
     *
     * @return {@code true} when some slot holds a dead owner
     */
    boolean anyOwnerDead() {
        for (int slot = 0; slot < slots; slot++) {
            final ProcessIdentity owner = owner(slot);
            if (owner != null && !owner.isAlive()) {
                return true;
            }
        }
        return false;
    }
}
