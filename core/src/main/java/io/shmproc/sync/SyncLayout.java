package io.shmproc.sync;

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
 *  +-------------------+-------------------+-------------------+--------------------------------+
 *  | state A           | state B           | state C           |                                |
 *  +-------------------+-------------------+-------------------+--------------------------------+
 *  192 condition line: ticket sequence (long)
 *  256 attach table: {@code attach} ints, the liveness tokens of the processes that opened the file
 *  256 + 4 * attach (rounded up to 64): waiter table, {@code waiters} entries of 16 bytes:
 *  +-------------------+-------------------+
 *  | entry word        | owner token       |   entry word: 0 free, ticket &lt;&lt; 2 | WAITING, ... | SIGNALLED
 *  +-------------------+-------------------+
 * </pre>
 *
 * <p>Lock word: 0 when free; otherwise bit 63 = the owner took the lock over from a dead owner, bits 32-62
 * the owner's liveness token, bits 0-31 the owning thread's id. State words by type: semaphore A = permits;
 * event A = 1 when set; barrier A = generation, B = parties arrived, C = last broken generation.
 */
final class SyncLayout {
    /** Layout version written into the region header. */
    static final int VERSION = 1;

    static final int TYPE_OFFSET = 0;
    static final int PARAM_OFFSET = TYPE_OFFSET + Integer.BYTES;
    static final int WAITER_CAPACITY_OFFSET = PARAM_OFFSET + Integer.BYTES;
    static final int ATTACH_CAPACITY_OFFSET = WAITER_CAPACITY_OFFSET + Integer.BYTES;

    static final int LOCK_WORD_OFFSET = 64;
    static final int HOLD_COUNT_OFFSET = LOCK_WORD_OFFSET + Long.BYTES;

    static final int STATE_A_OFFSET = 128;
    static final int STATE_B_OFFSET = STATE_A_OFFSET + Long.BYTES;
    static final int STATE_C_OFFSET = STATE_B_OFFSET + Long.BYTES;

    static final int SEQUENCE_OFFSET = 192;

    static final int ATTACH_TABLE_OFFSET = 256;
    /** The number of attach-table entries. */
    static final int ATTACH_CAPACITY = 64;

    static final int WAITER_ENTRY_LENGTH = 16;
    static final int WAITER_WORD_OFFSET = 0;
    static final int WAITER_OWNER_OFFSET = Long.BYTES;

    /** The most waiters one condition or barrier can hold. */
    static final int MAX_WAITERS = 1 << 16;

    private SyncLayout() {
    }

    static int waiterTableOffset() {
        return align64(ATTACH_TABLE_OFFSET + ATTACH_CAPACITY * Integer.BYTES);
    }

    static int waiterOffset(final int index) {
        return waiterTableOffset() + index * WAITER_ENTRY_LENGTH;
    }

    static int attachOffset(final int index) {
        return ATTACH_TABLE_OFFSET + index * Integer.BYTES;
    }

    static long payloadLength(final int waiters) {
        return waiterTableOffset() + (long) waiters * WAITER_ENTRY_LENGTH;
    }

    private static int align64(final int value) {
        return (value + 63) & ~63;
    }
}
