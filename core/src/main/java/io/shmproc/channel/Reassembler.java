package io.shmproc.channel;

import io.shmproc.memory.ArrayBuffer;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/**
 * Turns framed records back into whole messages: {@link MessageFraming#WHOLE} records are handed over in
 * place, fragments are collected per producer slot and handed over only when complete.
 *
 * <p><b>Never a partial message.</b> A fragmented message is delivered only when its {@code END} record
 * completes exactly the length its {@code BEGIN} announced. A {@code BEGIN} from a slot that is still
 * assembling abandons the unfinished message (its producer died or gave up, and the slot was reused), as does
 * {@link #discard(int)}, which a channel calls when it finds the slot's producer dead while waiting.
 * {@code MIDDLE}/{@code END} records without a {@code BEGIN} and malformed records are dropped and counted.
 *
 * <p>One reassembler serves one reading thread at a time. It allocates only when a fragmented message is longer
 * than any before it on that slot; buffers above {@value #RETAINED_BUFFER_LENGTH} bytes are released after
 * delivery.
 */
public final class Reassembler {
    /** Reassembly buffers up to this length are kept for the next message of the slot. */
    public static final int RETAINED_BUFFER_LENGTH = 1 << 20;

    private static final byte[] EMPTY = new byte[0];

    private final int maxMessageLength;
    private final ArrayBuffer[] buffers;
    private final int[] expected;
    private final int[] filled;
    private int assembling;
    private long droppedRecords;

    /**
     * Creates a reassembler.
     *
     * @param producerSlots    the number of producer slots the records may name
     * @param maxMessageLength the largest total length a {@code BEGIN} may announce
     */
    public Reassembler(final int producerSlots, final int maxMessageLength) {
        if (producerSlots < 1 || producerSlots > MessageFraming.MAX_PRODUCERS) {
            throw new IllegalArgumentException("producerSlots=" + producerSlots + " is out of range; expected 1 to "
                + MessageFraming.MAX_PRODUCERS);
        }
        this.maxMessageLength = maxMessageLength;
        this.buffers = new ArrayBuffer[producerSlots];
        this.expected = new int[producerSlots];
        this.filled = new int[producerSlots];
        Arrays.fill(expected, -1);
    }

    /**
     * Takes one record; calls the handler when it completes a message.
     *
     * @param typeId  the record's type id
     * @param buffer  the buffer holding the record's payload
     * @param index   where the payload starts
     * @param length  the payload's length
     * @param handler receives a completed message
     * @return {@code true} when a message was handed to the handler
     */
    public boolean onRecord(final int typeId, final DirectBuffer buffer, final int index, final int length,
                            final MessageHandler handler) {
        final int frame = typeId & MessageFraming.FRAME_MASK;
        if (frame == MessageFraming.WHOLE) {
            handler.onMessage(buffer, index, length);
            return true;
        }
        final int slot = typeId >>> MessageFraming.FRAME_BITS;
        if (slot >= expected.length) {
            droppedRecords++;
            return false;
        }
        if (frame == MessageFraming.BEGIN) {
            if (expected[slot] >= 0) {
                abandon(slot);
            }
            if (length < MessageFraming.BEGIN_HEADER_LENGTH) {
                droppedRecords++;
                return false;
            }
            final int total = buffer.getInt(index + MessageFraming.BEGIN_TOTAL_LENGTH_OFFSET);
            final int data = length - MessageFraming.BEGIN_HEADER_LENGTH;
            if (total < data || total > maxMessageLength) {
                droppedRecords++;
                return false;
            }
            final ArrayBuffer into = bufferFor(slot, total);
            into.putBytes(0, buffer, index + MessageFraming.BEGIN_HEADER_LENGTH, data);
            expected[slot] = total;
            filled[slot] = data;
            assembling++;
            return false;
        }
        if (frame != MessageFraming.MIDDLE && frame != MessageFraming.END || expected[slot] < 0) {
            droppedRecords++;
            return false;
        }
        final int total = expected[slot];
        final int at = filled[slot];
        if (length > total - at) {
            abandon(slot);
            droppedRecords++;
            return false;
        }
        final ArrayBuffer into = buffers[slot];
        into.putBytes(at, buffer, index, length);
        filled[slot] = at + length;
        if (frame == MessageFraming.MIDDLE) {
            return false;
        }
        expected[slot] = -1;
        assembling--;
        if (at + length != total) {
            droppedRecords++;
            return false;
        }
        try {
            handler.onMessage(into, 0, total);
        } finally {
            if (into.capacity() > RETAINED_BUFFER_LENGTH) {
                buffers[slot] = null;
            }
        }
        return true;
    }

    private ArrayBuffer bufferFor(final int slot, final int length) {
        ArrayBuffer buffer = buffers[slot];
        if (buffer == null || buffer.capacity() < length) {
            buffer = ArrayBuffer.wrapping(length == 0 ? EMPTY : new byte[length]);
            buffers[slot] = buffer;
        }
        return buffer;
    }

    private void abandon(final int slot) {
        expected[slot] = -1;
        filled[slot] = 0;
        assembling--;
        if (buffers[slot] != null && buffers[slot].capacity() > RETAINED_BUFFER_LENGTH) {
            buffers[slot] = null;
        }
    }

    /**
     * Abandons the unfinished message of a slot, if any; it will never be delivered.
     *
     * @param slot the producer slot
     * @return {@code true} when a message was abandoned
     */
    public boolean discard(final int slot) {
        if (slot >= 0 && slot < expected.length && expected[slot] >= 0) {
            abandon(slot);
            return true;
        }
        return false;
    }

    /**
     * Whether a slot has an unfinished message.
     *
     * @param slot the producer slot
     * @return {@code true} while its fragments are being collected
     */
    public boolean isAssembling(final int slot) {
        return slot >= 0 && slot < expected.length && expected[slot] >= 0;
    }

    /**
     * How many slots have an unfinished message.
     *
     * @return the count
     */
    public int assemblingCount() {
        return assembling;
    }

    /**
     * The number of producer slots.
     *
     * @return the count
     */
    public int producerSlots() {
        return expected.length;
    }

    /**
     * Records dropped so far because they belonged to no message being assembled or were malformed.
     *
     * @return the count
     */
    public long droppedRecords() {
        return droppedRecords;
    }
}
