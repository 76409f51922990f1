package io.shmproc.state;

/**
 * The layouts of the files of a shared dict or list (a <i>store</i>): the one place their offsets are declared.
 *
 * <p>A store is a directory holding one control file and, per generation {@code g}, one index file and one or
 * more data segments. Only the generation named by the control file is live; files of any other generation are
 * garbage (half built by a writer that died, or superseded) and are removed by the next writer.
 * <pre>
 *  &lt;name&gt;/control        lock word + generation word (never replaced)
 *  &lt;name&gt;/index.&lt;g&gt;       cursor, counters, slots (the dict's hash table or the list's positions)
 *  &lt;name&gt;/data.&lt;g&gt;.&lt;s&gt;    append-only immutable entries of generation g, segment s = 0, 1, 2, ...
 * </pre>
 *
 * <b>control</b> (payload):
 * <pre>
 *  0                 64                128               136               144     192
 *  +-----------------+-----------------+-----------------+-----------------+-------+
 *  | lock owner word | generation word | max entry bytes | first segment   | 0     |
 *  +-----------------+-----------------+-----------------+-----------------+-------+
 *    own cache line    own cache line    constants written by the creator
 * </pre>
 *
 * <b>index.&lt;g&gt;</b> (payload):
 * <pre>
 *  0        4        8                 16                64
 *  +--------+--------+-----------------+-----------------+
 *  | role=2 | 0      | generation      | capacity (slots)|   constants
 *  +--------+--------+-----------------+-----------------+
 *  64                128: cursor = segment &lt;&lt; 40 | next free offset   (writers only)
 *  128               136               144               152               160               168     192
 *  +-----------------+-----------------+-----------------+-----------------+-----------------+-------+
 *  | count / state   | used slots      | live bytes      | dead bytes      | order count     | 0     |
 *  +-----------------+-----------------+-----------------+-----------------+-----------------+-------+
 *    dict: count = live entries; order count = insertion positions handed out (dict only)
 *    list: state = seq &lt;&lt; 33 | half &lt;&lt; 32 | count   (one word publishes size, live half and structure)
 * </pre>
 * The rest of a <b>dict</b> index (capacity {@code c}):
 * <pre>
 *  192                       192 + 8c                  192 + 12c                 192 + 16c
 *  +-------------------------+-------------------------+-------------------------+
 *  | c x 8-byte hash slots   | c x int: position of    | c x int: slot of the    |
 *  |                         | each slot's key in the  | key inserted at each    |
 *  |                         | insertion order         | position (the order)    |
 *  +-------------------------+-------------------------+-------------------------+
 *   hash slot: tag (12 bits of the hash) &lt;&lt; 52 | segment &lt;&lt; 32 | entry offset / 8
 *              (0 = empty, TOMBSTONE = removed)
 *   position p (below order count) is live when slot s = order[p] holds an entry and position[s] == p
 * </pre>
 * The rest of a <b>list</b> index: two halves of {@code c} positions each; the state word names the live half.
 * A structural change (insert or remove before the end) writes the shifted positions into the other half,
 * then publishes it with one store of the state word.
 * <pre>
 *  192                       192 + 8c                  192 + 16c
 *  +-------------------------+-------------------------+
 *  | half 0: c x 8-byte refs | half 1: c x 8-byte refs |   ref = segment &lt;&lt; 32 | entry offset / 8
 *  +-------------------------+-------------------------+   valid below count in the live half
 * </pre>
 *
 * <b>data.&lt;g&gt;.&lt;s&gt;</b> (payload): role=3 (int), 0, generation (long), segment (long) in the first cache
 * line, then 8-aligned entries from offset 64:
 * <pre>
 *  +-----------+-------------+-------------------+-----------+-------------+-----+
 *  | key len   | value len   | hash of key bytes | key bytes | value bytes | pad |
 *  +-----------+-------------+-------------------+-----------+-------------+-----+
 *    int         int           long                             to 8 bytes
 * </pre>
 * A value length of {@link #NULL_LENGTH} stores {@code null} (Python's {@code None}) with no value bytes.
 * An entry is written before the one store that references it and never changes afterwards.
 */
public final class StoreLayout {
    /** The layout version of all three files. */
    public static final int VERSION = 2;

    /** Control: the lock owner word. */
    public static final int CONTROL_LOCK_OFFSET = 0;
    /** Control: the live generation (long), read by every operation. */
    public static final int CONTROL_GENERATION_OFFSET = 64;
    /** Control: the largest entry in bytes (long). */
    public static final int CONTROL_MAX_ENTRY_OFFSET = 128;
    /** Control: the size of a generation's first segment (long). */
    public static final int CONTROL_FIRST_SEGMENT_OFFSET = CONTROL_MAX_ENTRY_OFFSET + Long.BYTES;
    /** Control: payload length. */
    public static final int CONTROL_LENGTH = 192;

    /** Role code of an index file. */
    public static final int ROLE_INDEX = 2;
    /** Role code of a data segment. */
    public static final int ROLE_SEGMENT = 3;
    /** Index and segment: the role code (int). */
    public static final int ROLE_OFFSET = 0;
    /** Index and segment: the generation (long). */
    public static final int GENERATION_OFFSET = 8;
    /** Index: the number of slots (long); segment: the segment number (long). */
    public static final int CAPACITY_OFFSET = 16;
    /** Segment: the segment number (long). */
    public static final int SEGMENT_NUMBER_OFFSET = 16;
    /** Index: the append cursor (long), written by the lock holder only. */
    public static final int CURSOR_OFFSET = 64;
    /** Index: the number of entries (long). */
    public static final int COUNT_OFFSET = 128;
    /** Index: slots in use, live or tombstone (long). */
    public static final int USED_OFFSET = COUNT_OFFSET + Long.BYTES;
    /** Index: bytes of live entries (long). */
    public static final int LIVE_BYTES_OFFSET = USED_OFFSET + Long.BYTES;
    /** Index: bytes of entries no slot references any more (long). */
    public static final int DEAD_BYTES_OFFSET = LIVE_BYTES_OFFSET + Long.BYTES;
    /** Index: dict insertion positions handed out (long). */
    public static final int ORDER_COUNT_OFFSET = DEAD_BYTES_OFFSET + Long.BYTES;
    /** Index: the first slot. */
    public static final int SLOTS_OFFSET = 192;
    /** The value length of an entry that stores {@code null}. */
    public static final int NULL_LENGTH = -1;
    /** The largest number of slots of one index file. */
    public static final long MAX_CAPACITY = 1L << 27;

    /** Segment: offset of the first entry. */
    public static final int FIRST_ENTRY_OFFSET = 64;
    /** Entry: key length (int). */
    public static final int ENTRY_KEY_LENGTH_OFFSET = 0;
    /** Entry: value length (int). */
    public static final int ENTRY_VALUE_LENGTH_OFFSET = 4;
    /** Entry: hash of the key bytes (long). */
    public static final int ENTRY_HASH_OFFSET = 8;
    /** Entry: the header length; the key bytes follow. */
    public static final int ENTRY_HEADER = 16;
    /** The largest segment. */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    /** An empty slot. */
    public static final long EMPTY = 0L;
    /** A removed dict slot: no entry has offset 0. */
    public static final long TOMBSTONE = 1L << 32;
    /** The largest segment number a slot can name. */
    public static final int MAX_SEGMENTS = 1 << 20;

    private StoreLayout() {
    }

    /**
     * The payload length of an index file.
     *
     * @param capacity its number of slots
     * @return bytes
     */
    public static long indexPayloadLength(final long capacity) {
        return SLOTS_OFFSET + capacity * 2 * Long.BYTES;
    }

    /**
     * The offset of a dict slot's insertion position (int).
     *
     * @param capacity the index's slots
     * @param slot     the slot index
     * @return its payload offset
     */
    public static int positionOffset(final int capacity, final int slot) {
        return SLOTS_OFFSET + capacity * Long.BYTES + slot * Integer.BYTES;
    }

    /**
     * The offset of a dict order entry (int): the slot of the key inserted at that position.
     *
     * @param capacity the index's slots
     * @param position the insertion position
     * @return its payload offset
     */
    public static int orderOffset(final int capacity, final int position) {
        return SLOTS_OFFSET + capacity * (Long.BYTES + Integer.BYTES) + position * Integer.BYTES;
    }

    /**
     * The offset of a list position in one half of the index.
     *
     * @param capacity the index's positions per half
     * @param half     0 or 1
     * @param index    the list index
     * @return its payload offset
     */
    public static int listSlotOffset(final int capacity, final int half, final int index) {
        return SLOTS_OFFSET + (half * capacity + index) * Long.BYTES;
    }

    /**
     * Composes a list state word.
     *
     * @param sequence the structural change counter (31 bits kept)
     * @param half     the live half, 0 or 1
     * @param count    the number of elements
     * @return the state word
     */
    public static long listState(final long sequence, final int half, final long count) {
        return (sequence & 0x7FFF_FFFFL) << 33 | (long) half << 32 | count;
    }

    /**
     * The element count of a list state word.
     *
     * @param state a state word
     * @return the count
     */
    public static int listCount(final long state) {
        return (int) (state & 0xFFFF_FFFFL);
    }

    /**
     * The live half of a list state word.
     *
     * @param state a state word
     * @return 0 or 1
     */
    public static int listHalf(final long state) {
        return (int) (state >>> 32) & 1;
    }

    /**
     * The structural change counter of a list state word.
     *
     * @param state a state word
     * @return the counter
     */
    public static long listSequence(final long state) {
        return state >>> 33;
    }

    /**
     * The offset of an index slot.
     *
     * @param slot the slot index
     * @return its payload offset
     */
    public static int slotOffset(final int slot) {
        return SLOTS_OFFSET + slot * Long.BYTES;
    }

    /**
     * The aligned length of an entry.
     *
     * @param keyLength key bytes
     * @param valueLength value bytes, or {@link #NULL_LENGTH}
     * @return bytes, a multiple of 8
     */
    public static int entryLength(final int keyLength, final int valueLength) {
        return (ENTRY_HEADER + keyLength + Math.max(0, valueLength) + 7) & ~7;
    }

    /**
     * Composes an append cursor.
     *
     * @param segment the segment number
     * @param offset the next free offset in it
     * @return the cursor
     */
    public static long cursor(final int segment, final int offset) {
        return (long) segment << 40 | offset;
    }

    /**
     * The segment of a cursor.
     *
     * @param cursor a cursor
     * @return the segment number
     */
    public static int cursorSegment(final long cursor) {
        return (int) (cursor >>> 40);
    }

    /**
     * The offset of a cursor.
     *
     * @param cursor a cursor
     * @return the next free offset
     */
    public static int cursorOffset(final long cursor) {
        return (int) (cursor & 0xFF_FFFF_FFFFL);
    }

    /** A reference to an entry (no tag). */
    public static long ref(final int segment, final int offset) {
        return (long) segment << 32 | (offset >>> 3);
    }

    /**
     * The segment a slot references.
     *
     * @param slot a slot value
     * @return the segment number
     */
    public static int refSegment(final long slot) {
        return (int) ((slot >>> 32) & (MAX_SEGMENTS - 1));
    }

    /**
     * The entry offset a slot references.
     *
     * @param slot a slot value
     * @return the offset in the segment
     */
    public static int refOffset(final long slot) {
        return (int) (slot & 0xFFFF_FFFFL) << 3;
    }

    /**
     * The tag bits of a hash.
     *
     * @param hash a key hash
     * @return its top 12 bits in place
     */
    public static long tag(final long hash) {
        return (hash >>> 52) << 52;
    }

    /**
     * The tag bits of a slot.
     *
     * @param slot a slot value
     * @return its top 12 bits in place
     */
    public static long tagOf(final long slot) {
        return slot & 0xFFF0_0000_0000_0000L;
    }

    /**
     * The file name of a generation's index.
     *
     * @param generation the generation
     * @return the name
     */
    public static String indexName(final long generation) {
        return "index." + generation;
    }

    /**
     * The file name of a data segment.
     *
     * @param generation the generation
     * @param segment the segment number
     * @return the name
     */
    public static String segmentName(final long generation, final int segment) {
        return "data." + generation + "." + segment;
    }

    /**
     * The file name of the control file.
     *
     * @return the name
     */
    public static String controlName() {
        return "control";
    }
}
