package io.shmproc.sync;

import io.shmproc.memory.SleepersLayout;

/**
 * The payload layout shared by every synchronisation primitive's file ({@code RegionKind.SYNC}): the one
 * place its offsets are declared.
 *
 * <pre>
 *  0         4         8         12        16                                                 64
 *  +---------+---------+---------+---------+--------------------------------------------------+
 *  | type    | param   | waiters | attach  | reserved                                         |
 *  +---------+---------+---------+---------+--------------------------------------------------+
 *  64 lock line (own cache line)
 *  +-------------------+-------------------+----------------------------------------------------+
 *  | lock word         | hold count        |                                                    |
 *  +-------------------+-------------------+----------------------------------------------------+
 *  128 state line (own cache line)
 *  +-------------------+-------------------+-------------------+-------------------+------------+
 *  | state A           | state B           | state C           | state D           |            |
 *  +-------------------+-------------------+-------------------+-------------------+------------+
 *  192 condition line: ticket sequence (long)
 *  256 sleeper table (SleepersLayout, own cache line): waiters asleep in the kernel; every signaller
 *  +-------------------+-------------------------------------------------------------------------+
 *  | count (long)      | 7 sleeper ids (long, 0 = free)                                          |
 *  +-------------------+-------------------------------------------------------------------------+
 *      (unlock, release, set, signal, trip) reads the count after its change, one load when 0
 *  320 attach table: {@code attach} ints, the liveness tokens of the processes that opened the file
 *  320 + 4 * attach (rounded up to 64): waiter table, {@code waiters} entries of 16 bytes:
 *  +-------------------+-------------------+
 *  | entry word        | owner token       |   entry word: 0 free, ticket &lt;&lt; 2 | WAITING, ... | SIGNALLED
 *  +-------------------+-------------------+
 * </pre>
 *
 * <p>Lock word: 0 when free; otherwise bit 63 = the owner took the lock over from a dead owner, bits 32-62
 * the owner's liveness token, bits 0-31 the owning thread's id. State words by type: semaphore A = permits;
 * event A = 1 when set; barrier A = generation, B = parties arrived, C = last broken generation,
 * D = 1 while a reset waits for the broken generation's waiters to leave.
 */
public final class SyncLayout {
    /** Layout version written into the region header. */
    public static final int VERSION = 2;

    /** Offset of the {@link SyncType} code (int). */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the type's parameter (int): a barrier's parties, a bounded semaphore's bound. */
    public static final int PARAM_OFFSET = TYPE_OFFSET + Integer.BYTES;
    /** Offset of the number of waiter-table entries (int). */
    public static final int WAITER_CAPACITY_OFFSET = PARAM_OFFSET + Integer.BYTES;
    /** Offset of the number of attach-table entries (int). */
    public static final int ATTACH_CAPACITY_OFFSET = WAITER_CAPACITY_OFFSET + Integer.BYTES;

    /** Offset of the lock word (long): 0 free, else died bit, owner token and thread id. */
    public static final int LOCK_WORD_OFFSET = 64;
    /** Bit 63 of the lock word: the owner took the lock over from a dead owner. */
    public static final long OWNER_DIED_BIT = 1L << 63;
    /** Offset of the hold count of a reentrant lock (long). */
    public static final int HOLD_COUNT_OFFSET = LOCK_WORD_OFFSET + Long.BYTES;

    /** Offset of state word A (long): semaphore permits, event set flag, barrier generation. */
    public static final int STATE_A_OFFSET = 128;
    /** Offset of state word B (long): barrier parties arrived. */
    public static final int STATE_B_OFFSET = STATE_A_OFFSET + Long.BYTES;
    /** Offset of state word C (long): barrier's last broken generation. */
    public static final int STATE_C_OFFSET = STATE_B_OFFSET + Long.BYTES;
    /** Offset of state word D (long): barrier's reset pending until the broken generation's waiters left. */
    public static final int STATE_D_OFFSET = STATE_C_OFFSET + Long.BYTES;

    /** Offset of the condition's ticket sequence (long). */
    public static final int SEQUENCE_OFFSET = 192;

    /** Offset of the sleeper table ({@code SleepersLayout}): waiters asleep in the kernel. */
    public static final int SLEEPERS_OFFSET = 256;
    /** Offset of the attach table: liveness tokens (ints) of the processes that opened the file. */
    public static final int ATTACH_TABLE_OFFSET = SLEEPERS_OFFSET + SleepersLayout.LENGTH;
    /** The number of attach-table entries. */
    public static final int ATTACH_CAPACITY = 64;

    /** Length of one waiter-table entry. */
    public static final int WAITER_ENTRY_LENGTH = 16;
    /** Offset of the entry word (long) within a waiter entry. */
    public static final int WAITER_WORD_OFFSET = 0;
    /** Offset of the owner token (long) within a waiter entry. */
    public static final int WAITER_OWNER_OFFSET = Long.BYTES;

    /** The most waiters one condition or barrier can hold. */
    public static final int MAX_WAITERS = 1 << 16;

    private SyncLayout() {
    }

    /**
     * The offset of the waiter table.
     *
     * @return its payload offset
     */
    public static int waiterTableOffset() {
        return align64(ATTACH_TABLE_OFFSET + ATTACH_CAPACITY * Integer.BYTES);
    }

    /**
     * The offset of a waiter entry.
     *
     * @param index the entry index
     * @return its payload offset
     */
    public static int waiterOffset(final int index) {
        return waiterTableOffset() + index * WAITER_ENTRY_LENGTH;
    }

    /**
     * The offset of an attach-table entry.
     *
     * @param index the entry index
     * @return its payload offset
     */
    public static int attachOffset(final int index) {
        return ATTACH_TABLE_OFFSET + index * Integer.BYTES;
    }

    /**
     * The payload length of a file with a waiter table of {@code waiters} entries.
     *
     * @param waiters the number of waiter entries
     * @return bytes
     */
    public static long payloadLength(final int waiters) {
        return waiterTableOffset() + (long) waiters * WAITER_ENTRY_LENGTH;
    }

    private static int align64(final int value) {
        return (value + 63) & ~63;
    }
}
