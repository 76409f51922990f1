package io.shmproc.memory;

/**
 * The layout of a sleeper table: one cache line inside a shared object's region where waiters that sleep in
 * the kernel publish themselves ({@link Sleepers}). Each kind's own layout class says where its tables sit;
 * this class declares the table's inside.
 *
 * <pre>
 *  table offset
 *  0              8              16                                                        64
 *  +--------------+--------------+--------------+-----+--------------+
 *  | COUNT (long) | SLOT 0 (long)| SLOT 1 (long)| ... | SLOT 6 (long)|
 *  | ids published| sleeper id,  |              |     |              |
 *  | (a hint)     | 0 = free     |              |     |              |
 *  +--------------+--------------+--------------+-----+--------------+
 * </pre>
 *
 * <p>A signaller reads only {@code COUNT}, which is zero while nobody sleeps: the line stays shared in every
 * cache and costs it one load. The table takes a whole line so that no hot word shares it.
 */
public final class SleepersLayout {
    /** Offset of the count of published sleeper ids (long). */
    public static final int COUNT_OFFSET = 0;
    /** Offset of the first slot (long: a sleeper id, 0 when free). */
    public static final int FIRST_SLOT_OFFSET = COUNT_OFFSET + Long.BYTES;
    /** Number of slots. */
    public static final int SLOTS = 7;
    /** Length of a table: one cache line. */
    public static final int LENGTH = 64;

    private SleepersLayout() {
    }

    /**
     * The offset of a slot within a table.
     *
     * @param slot 0 to {@link #SLOTS} - 1
     * @return its offset from the table's start
     */
    public static int slotOffset(final int slot) {
        return FIRST_SLOT_OFFSET + slot * Long.BYTES;
    }
}
