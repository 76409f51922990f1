package io.shmproc.channel;

import io.shmproc.memory.SleepersLayout;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The layout of one channel block: the only place its offsets are declared. A block is the whole payload of
 * an {@code SPSC_CHANNEL} or {@code MPSC_CHANNEL} region, or a part of a larger region (a pipe holds two).
 *
 * <pre>
 *  block offset
 *  0        4                   8                  12        16                                  64
 *  +--------+-------------------+------------------+---------+-----------------------------------+
 *  |capacity| max message length| producer slots n | reserved| reserved, zero                    |  constant
 *  +--------+-------------------+------------------+---------+-----------------------------------+
 *  64   DATA_SLEEPERS: consumers asleep in the kernel waiting for a message (SleepersLayout, one line)
 *  +--------------+-------------------------------------------------------------------------------+
 *  | count (long) | 7 sleeper ids (long, 0 = free): producers read the count after each record    |
 *  +--------------+-------------------------------------------------------------------------------+
 *  128  SPACE_SLEEPERS: producers asleep in the kernel waiting for room (SleepersLayout, one line)
 *  +--------------+-------------------------------------------------------------------------------+
 *  | count (long) | 7 sleeper ids: the consumer reads the count after each batch it frees        |
 *  +--------------+-------------------------------------------------------------------------------+
 *  192 + 64*i, one cache line per producer slot i (0 &lt;= i &lt; n)
 *  +-------------------+-------------------+---------------------------------------------------+
 *  | pid (0 = free)    | start ms (-1 unk.)| reserved                                          |
 *  +-------------------+-------------------+---------------------------------------------------+
 *  RING = 192 + 64*n
 *  +---------------------------------------------------------------+-----------------------------+
 *  | Agrona ring records, capacity bytes (power of two)            | Agrona trailer: tail, head  |
 *  |  [len|type|payload...][len|type|payload...]...                | cache, head, correlation,   |
 *  |                                                               | heartbeat, each on its line |
 *  +---------------------------------------------------------------+-----------------------------+
 *  LENGTH = RING + capacity + RingBufferDescriptor.TRAILER_LENGTH
 * </pre>
 *
 * <p>An SPSC block uses Agrona's {@code OneToOneRingBuffer} record format and has one producer slot; an MPSC
 * block uses {@code ManyToOneRingBuffer} and {@code n} slots. The ring's records are framed by
 * {@link MessageFraming}. The constant line is written once, before the region is published. The two sleeper
 * lines ({@link io.shmproc.memory.Sleepers}) are written only by waiters going to sleep or waking and by the
 * wakers that take them out, so a signaller's check of them is one load of a line in the shared state.
 */
public final class ChannelLayout {
    /** Layout version of standalone channel regions. */
    public static final int VERSION = 2;
    /** Offset of the ring capacity (int). */
    public static final int CAPACITY_OFFSET = 0;
    /** Offset of the maximum message length (int). */
    public static final int MAX_MESSAGE_LENGTH_OFFSET = CAPACITY_OFFSET + Integer.BYTES;
    /** Offset of the number of producer slots (int). */
    public static final int PRODUCERS_OFFSET = MAX_MESSAGE_LENGTH_OFFSET + Integer.BYTES;
    /** Offset of the sleeper table of consumers waiting for a message (a {@code SleepersLayout} line). */
    public static final int DATA_SLEEPERS_OFFSET = 64;
    /** Offset of the sleeper table of producers waiting for room (a {@code SleepersLayout} line). */
    public static final int SPACE_SLEEPERS_OFFSET = DATA_SLEEPERS_OFFSET + SleepersLayout.LENGTH;
    /** Offset of the first producer slot. */
    public static final int SLOTS_OFFSET = SPACE_SLEEPERS_OFFSET + SleepersLayout.LENGTH;
    /** Length of one producer slot: a cache line. */
    public static final int SLOT_LENGTH = 64;
    /** Offset of the owner's pid (long, 0 when free) within a slot. */
    public static final int SLOT_PID_OFFSET = 0;
    /** Offset of the owner's start time (long, -1 while unknown) within a slot. */
    public static final int SLOT_START_OFFSET = SLOT_PID_OFFSET + Long.BYTES;
    /** Alignment of a block's start within its region payload. */
    public static final int ALIGNMENT = 64;

    private ChannelLayout() {
    }

    /**
     * The offset of a producer slot.
     *
     * @param slot the slot index
     * @return its offset from the block's start
     */
    public static int slotOffset(final int slot) {
        return SLOTS_OFFSET + slot * SLOT_LENGTH;
    }

    /**
     * The offset of the ring within a block.
     *
     * @param producers the number of producer slots
     * @return the ring's offset from the block's start
     */
    public static int ringOffset(final int producers) {
        return SLOTS_OFFSET + producers * SLOT_LENGTH;
    }

    /**
     * The ring's length, records plus Agrona's trailer.
     *
     * @param capacity the ring capacity
     * @return bytes
     */
    public static int ringLength(final int capacity) {
        return capacity + RingBufferDescriptor.TRAILER_LENGTH;
    }

    /**
     * The length of a whole block.
     *
     * @param capacity  the ring capacity (a power of two)
     * @param producers the number of producer slots
     * @return bytes, a multiple of {@link #ALIGNMENT}
     */
    public static int length(final int capacity, final int producers) {
        return ringOffset(producers) + ringLength(capacity);
    }

    /**
     * Writes a new block's constant line and marks every producer slot free; the ring itself must be zero.
     *
     * @param buffer    the zero-filled region payload
     * @param offset    the block's offset in it, a multiple of {@link #ALIGNMENT}
     * @param capacity  the ring capacity
     * @param maxMessageLength the largest message
     * @param producers the number of producer slots
     */
    public static void initialize(final AtomicBuffer buffer, final int offset, final int capacity,
                                  final int maxMessageLength, final int producers) {
        buffer.putInt(offset + CAPACITY_OFFSET, capacity);
        buffer.putInt(offset + MAX_MESSAGE_LENGTH_OFFSET, maxMessageLength);
        buffer.putInt(offset + PRODUCERS_OFFSET, producers);
        for (int slot = 0; slot < producers; slot++) {
            buffer.putLong(offset + slotOffset(slot) + SLOT_PID_OFFSET, 0L);
            buffer.putLong(offset + slotOffset(slot) + SLOT_START_OFFSET, -1L);
        }
    }
}
