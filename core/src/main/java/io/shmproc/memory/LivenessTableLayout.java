package io.shmproc.memory;

/**
 * The layout of a {@link LivenessTable} file's payload: a slot count, then one cache line per process slot.
 *
 * <pre>
 *  payload
 *  0         4                                                                    64
 *  +---------+--------------------------------------------------------------------+
 *  | slots   | reserved, zero                                                     |
 *  +---------+--------------------------------------------------------------------+
 *  64 + 64 * i: slot i (one cache line)
 *  0                   8                   16                  24                 64
 *  +-------------------+-------------------+-------------------+------------------+
 *  | generation        | pid               | start millis      | reserved         |
 *  +-------------------+-------------------+-------------------+------------------+
 * </pre>
 *
 * <p>A process owns slot {@code i} while it holds the operating system's file lock on one byte of the file:
 * the first byte of the slot's generation word ({@link #lockPosition(int)}). The generation is incremented by
 * every process that claims the slot, written before its pid and start time; a token names a slot and the
 * low 16 bits of its generation.
 */
public final class LivenessTableLayout {
    /** Layout version written into the region header. */
    public static final int VERSION = 1;
    /** The number of slots in a table. */
    public static final int SLOT_COUNT = 1024;
    /** Offset of the slot count (int). */
    public static final int SLOT_COUNT_OFFSET = 0;
    /** Offset of slot 0. */
    public static final int SLOTS_OFFSET = 64;
    /** Length of one slot: a cache line. */
    public static final int SLOT_LENGTH = 64;
    /** Offset of the generation (long) within a slot. */
    public static final int GENERATION_OFFSET = 0;
    /** Offset of the owner's pid (long) within a slot. */
    public static final int PID_OFFSET = GENERATION_OFFSET + Long.BYTES;
    /** Offset of the owner's start time in epoch milliseconds (long) within a slot. */
    public static final int START_OFFSET = PID_OFFSET + Long.BYTES;
    /** The payload's length. */
    public static final int PAYLOAD_LENGTH = SLOTS_OFFSET + SLOT_COUNT * SLOT_LENGTH;

    private LivenessTableLayout() {
    }

    /**
     * The payload offset of a slot.
     *
     * @param slot the slot index, 0 to {@link #SLOT_COUNT} - 1
     * @return its offset
     */
    public static int slotOffset(final int slot) {
        return SLOTS_OFFSET + slot * SLOT_LENGTH;
    }

    /**
     * The file position of the byte whose file lock marks a slot as owned by a live process.
     *
     * @param slot the slot index
     * @return a position in the file (after the region header)
     */
    public static long lockPosition(final int slot) {
        return RegionHeaderLayout.LENGTH + (long) slotOffset(slot) + GENERATION_OFFSET;
    }
}
