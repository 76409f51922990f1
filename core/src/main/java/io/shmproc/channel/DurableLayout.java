package io.shmproc.channel;

/**
 * The layout of one message of a {@link DurableChannel} inside its Chronicle document.
 *
 * <pre>
 *  Chronicle header │ stamp            │ checksum (only when the stamp's bit 63 is set) │ payload
 *  4 B (Chronicle's) │ 8 B              │ 4 B: CRC32C of the payload                      │ 0..maxMessageLength
 *                    0                  8                                                 8 or 12
 *
 *  stamp: bit 63 = CHECKSUM_FLAG, bits 0..62 = the producer's wall-clock time in milliseconds since the epoch
 * </pre>
 *
 * <p>Each message says itself whether it carries a checksum, so producers with and without
 * {@link DurableChannelOptions#checksum(boolean)} may share one log, and a log written before checksums
 * existed (bit 63 always clear) reads unchanged.
 */
public final class DurableLayout {
    /** Offset of the stamp (time and flags) from the start of the document's content. */
    public static final int STAMP_OFFSET = 0;
    /** Length of the stamp. */
    public static final int STAMP_LENGTH = Long.BYTES;
    /** Offset of the checksum, present only when {@link #CHECKSUM_FLAG} is set in the stamp. */
    public static final int CHECKSUM_OFFSET = STAMP_OFFSET + STAMP_LENGTH;
    /** Length of the checksum. */
    public static final int CHECKSUM_LENGTH = Integer.BYTES;
    /** Offset of the payload in a message without a checksum. */
    public static final int PAYLOAD_OFFSET = CHECKSUM_OFFSET;
    /** Offset of the payload in a message with a checksum. */
    public static final int CHECKSUMMED_PAYLOAD_OFFSET = CHECKSUM_OFFSET + CHECKSUM_LENGTH;
    /** The stamp's bit saying that a CRC32C of the payload follows it. */
    public static final long CHECKSUM_FLAG = Long.MIN_VALUE;

    private DurableLayout() {
    }

    /**
     * The stamp of a message appended now.
     *
     * @param epochMillis the append time
     * @param checksum    whether a checksum follows
     * @return the stamp
     */
    public static long stamp(final long epochMillis, final boolean checksum) {
        return checksum ? epochMillis | CHECKSUM_FLAG : epochMillis;
    }

    /**
     * The append time in a stamp.
     *
     * @param stamp a stamp
     * @return milliseconds since the epoch
     */
    public static long timeOf(final long stamp) {
        return stamp & ~CHECKSUM_FLAG;
    }

    /**
     * Whether a checksum follows a stamp.
     *
     * @param stamp a stamp
     * @return {@code true} when the message carries a CRC32C of its payload
     */
    public static boolean hasChecksum(final long stamp) {
        return (stamp & CHECKSUM_FLAG) != 0;
    }
}
