package io.shmproc.memory;

/**
 * The common header at the start of every shmproc file: the one place its offsets are declared.
 *
 * <pre>
 *  0                   8         12        16                  24        28        32
 *  +-------------------+---------+---------+-------------------+---------+---------+
 *  | magic "SHMPROC1"  | kind    | version | file length       | hdr len | flags   |
 *  +-------------------+---------+---------+-------------------+---------+---------+
 *  32                  40                  48                  56                  64
 *  +-------------------+-------------------+-------------------+-------------------+
 *  | creator pid       | creator start ms  | payload length    | ready word        |
 *  +-------------------+-------------------+-------------------+-------------------+
 *  64 ............................................................................ 128
 *  | reserved, zero                                                                |
 *  +-------------------------------------------------------------------------------+
 *  128: payload (cache-line aligned), addressed from 0 by the region kind's own layout
 * </pre>
 *
 * <p>All fields are little-endian. The ready word is {@link #readyWord(int)} of the layout version, written
 * last by the creator with a release store; an attacher reads it before trusting any other field.
 */
public final class RegionHeaderLayout {
    /** The magic number: the ASCII bytes {@code SHMPROC1} read as a little-endian long. */
    public static final long MAGIC = 0x31434F52504D4853L;

    /** Offset of the magic number (long). */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the {@link RegionKind} code (int). */
    public static final int KIND_OFFSET = MAGIC_OFFSET + Long.BYTES;
    /** Offset of the layout version of the kind (int). */
    public static final int VERSION_OFFSET = KIND_OFFSET + Integer.BYTES;
    /** Offset of the whole file's length in bytes (long). */
    public static final int FILE_LENGTH_OFFSET = VERSION_OFFSET + Integer.BYTES;
    /** Offset of this header's length in bytes (int). */
    public static final int HEADER_LENGTH_OFFSET = FILE_LENGTH_OFFSET + Long.BYTES;
    /** Offset of the flags word (int), reserved. */
    public static final int FLAGS_OFFSET = HEADER_LENGTH_OFFSET + Integer.BYTES;
    /** Offset of the creator's pid (long). */
    public static final int CREATOR_PID_OFFSET = FLAGS_OFFSET + Integer.BYTES;
    /** Offset of the creator's start time in epoch milliseconds (long). */
    public static final int CREATOR_START_OFFSET = CREATOR_PID_OFFSET + Long.BYTES;
    /** Offset of the payload length in bytes (long). */
    public static final int PAYLOAD_LENGTH_OFFSET = CREATOR_START_OFFSET + Long.BYTES;
    /** Offset of the ready word (long), published last. */
    public static final int READY_OFFSET = PAYLOAD_LENGTH_OFFSET + Long.BYTES;
    /** The header's length: two cache lines, so the payload starts cache-line aligned. */
    public static final int LENGTH = 128;

    private static final long READY_TAG = 0x52454459L << 32;

    private RegionHeaderLayout() {
    }

    /**
     * The ready word for a layout version: a tag in the high half, the version in the low half.
     *
     * @param layoutVersion the layout version of the region's kind
     * @return the value the ready word holds once the region is initialised
     */
    public static long readyWord(final int layoutVersion) {
        return READY_TAG | (layoutVersion & 0xFFFF_FFFFL);
    }
}
