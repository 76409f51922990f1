package io.shmproc.state;

/**
 * The layout of a shared value or typed array region ({@code RegionKind.VALUE}): the one place its offsets are
 * declared.
 *
 * <pre>
 *  0                                                               64
 *  +---------------------------------------------------------------+
 *  | lock owner word (long): 0 = free, else pid&lt;&lt;32 | start ms    |  own cache line
 *  +---------------------------------------------------------------+
 *  64        68        72                  80                      128
 *  +---------+---------+-------------------+-----------------------+
 *  | type    | shape   | length (long)     | reserved              |  written once by the creator
 *  +---------+---------+-------------------+-----------------------+
 *  128: element 0, element 1, ... (length x element size), padded to a cache line;
 *       a scalar value is element 0 alone on its cache line; a scalar SHORT or BYTE is held sign-extended
 *       in the 32-bit word at 128 (so it is updated by a 32-bit CAS)
 * </pre>
 */
public final class ValueLayout {
    /** The layout version. */
    public static final int VERSION = 1;
    /** Offset of the lock owner word, alone on its cache line. */
    public static final int LOCK_OFFSET = 0;
    /** Offset of the element type code (int). */
    public static final int TYPE_OFFSET = 64;
    /** Offset of the shape code (int): 1 scalar, 2 array. */
    public static final int SHAPE_OFFSET = TYPE_OFFSET + Integer.BYTES;
    /** Offset of the number of elements (long). */
    public static final int LENGTH_OFFSET = SHAPE_OFFSET + Integer.BYTES;
    /** Offset of the first element, cache-line aligned. */
    public static final int ELEMENTS_OFFSET = 128;
    /** Shape code of a scalar value. */
    public static final int SCALAR = 1;
    /** Shape code of an array. */
    public static final int ARRAY = 2;
    /** The largest number of bytes of elements one region holds. */
    public static final long MAX_ELEMENT_BYTES = (1L << 31) - 4096;

    private ValueLayout() {
    }

    /**
     * The payload length for a number of elements.
     *
     * @param length      the number of elements
     * @param elementSize the bytes per element
     * @return the payload length, padded to a cache line
     */
    public static long payloadLength(final long length, final int elementSize) {
        final long bytes = Math.max(64, length * elementSize);
        return ELEMENTS_OFFSET + ((bytes + 63) & ~63L);
    }

    /**
     * The offset of an element.
     *
     * @param index       the element index
     * @param elementSize the bytes per element
     * @return its offset in the payload
     */
    public static int elementOffset(final int index, final int elementSize) {
        return ELEMENTS_OFFSET + index * elementSize;
    }
}
