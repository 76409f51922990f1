package io.shmproc.channel;

import static io.shmproc.channel.MpmcLayout.FLAGS_WHOLE;
import static io.shmproc.channel.MpmcLayout.HEADER_LENGTH;
import static io.shmproc.channel.MpmcLayout.PRODUCER_INTENT_TAIL_OFFSET;
import static io.shmproc.channel.MpmcLayout.PRODUCER_INTENT_WRITTEN_OFFSET;
import static io.shmproc.channel.MpmcLayout.RING_OFFSET;
import static io.shmproc.channel.MpmcLayout.TAIL_OFFSET;
import static io.shmproc.channel.MpmcLayout.WRITTEN_OFFSET;
import static io.shmproc.channel.MpmcLayout.recordLength;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The one open zero-copy claim of an {@link MpmcChannel} handle: a whole record laid out in the ring, to be
 * written in place by the caller and then published or abandoned. One instance per channel handle; every method
 * is called with the producer lock held, which the channel takes before {@link #open} and releases after
 * {@link #commit} or {@link #abort} (or when {@link #open} finds no room).
 *
 * <p><b>Across processes.</b> A claimed record is invisible until {@link #commit} publishes it, exactly as a
 * record written by {@code offer} is.
 *
 * <p><b>Crashes.</b> A process killed between claim and commit leaves its intents written and its record not
 * READY, so the next holder of the producer lock ({@link MpmcRecovery}) zeroes the span: nothing becomes visible.
 */
final class MpmcClaim {
    private final MpmcRing ring;
    private final AtomicBuffer buffer;
    private final int mask;
    private long claimTail;
    private long claimAt;
    private int claimRecordLength;
    private int claimIndex = -1;

    MpmcClaim(final MpmcRing ring, final AtomicBuffer buffer, final int capacity) {
        this.ring = ring;
        this.buffer = buffer;
        this.mask = capacity - 1;
    }

    /**
     * Lays out a record of {@code length} if it fits now.
     *
     * @return the offset in the buffer at which to write the message, or -1 when the ring is full (the caller
     *     then releases the producer lock)
     */
    int open(final int length) {
        final AtomicBuffer buf = buffer;
        final long tail = buf.getLong(TAIL_OFFSET);
        final int recordLength = recordLength(length);
        if (!ring.hasItemRoom() || !ring.ensureSpace(tail, recordLength)) {
            return -1;
        }
        final long at = ring.layOut(tail, length, recordLength, buf.getLong(WRITTEN_OFFSET) + 1);
        final int index = RING_OFFSET + (int) (at & mask);
        claimTail = tail;
        claimAt = at;
        claimRecordLength = recordLength;
        claimIndex = index;
        return index + HEADER_LENGTH;
    }

    /** Publishes the claim at {@code offset}; the caller then releases the producer lock. */
    void commit(final int offset) {
        checkClaim(offset);
        claimIndex = -1;
        ring.publish(claimTail, claimAt, FLAGS_WHOLE, claimRecordLength, buffer.getLong(WRITTEN_OFFSET) + 1);
    }

    /** Zeroes the claim at {@code offset} and resets the intents; the caller then releases the producer lock. */
    void abort(final int offset) {
        checkClaim(offset);
        claimIndex = -1;
        final AtomicBuffer buf = buffer;
        ring.zeroRange(claimTail, claimAt + claimRecordLength);
        buf.putLong(PRODUCER_INTENT_WRITTEN_OFFSET, buf.getLong(WRITTEN_OFFSET));
        buf.putLong(PRODUCER_INTENT_TAIL_OFFSET, claimTail);
    }

    private void checkClaim(final int offset) {
        if (claimIndex < 0 || claimIndex + HEADER_LENGTH != offset) {
            throw new IllegalStateException("no open claim at offset " + offset + " (open claim: "
                + (claimIndex < 0 ? "none" : String.valueOf(claimIndex + HEADER_LENGTH)) + ")");
        }
    }
}
