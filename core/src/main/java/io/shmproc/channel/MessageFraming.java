package io.shmproc.channel;

/**
 * The framing of messages over ring records: how a message is split into records and how each record says
 * which producer wrote it and which part of a message it holds. Shared by every channel kind.
 *
 * <p>Each ring record carries a positive 32-bit <em>type id</em> (Agrona's {@code msgTypeId}):
 * <pre>
 *   31                                   3 2     0
 *  +--------------------------------------+-------+
 *  | producer slot (0 .. MAX_PRODUCERS-1) | frame |    frame: 1 WHOLE, 2 BEGIN, 3 MIDDLE, 4 END
 *  +--------------------------------------+-------+
 * </pre>
 * A message of at most one record's payload is one {@link #WHOLE} record holding exactly the message's bytes
 * (no extra header). A longer message is a {@link #BEGIN} record, zero or more {@link #MIDDLE} records and an
 * {@link #END} record, written in order by one producer (other producers' records may interleave):
 * <pre>
 *  BEGIN  +--------------+--------------+---------------------------------------+
 *         | total length | reserved (0) | first (maxRecordLength - 8) bytes ... |
 *         +--------------+--------------+---------------------------------------+
 *         0              4              8
 *  MIDDLE +-----------------------------------------+
 *         | next maxRecordLength bytes of the message |
 *         +-----------------------------------------+
 *  END    +-----------------------------------------+
 *         | the last bytes (length = what remains)    |
 *         +-----------------------------------------+
 * </pre>
 * A reader ({@link Reassembler}) delivers a fragmented message only when its {@code END} completes exactly
 * the announced total length. A new {@code BEGIN} from a slot abandons that slot's unfinished message, and
 * {@code MIDDLE}/{@code END} records without a {@code BEGIN} are dropped: so a producer that dies (or gives up)
 * mid-message never causes a partial delivery, and its slot can be reused.
 */
public final class MessageFraming {
    /** Frame type of a record holding one whole message. */
    public static final int WHOLE = 1;
    /** Frame type of the first record of a fragmented message. */
    public static final int BEGIN = 2;
    /** Frame type of an inner record of a fragmented message. */
    public static final int MIDDLE = 3;
    /** Frame type of the last record of a fragmented message. */
    public static final int END = 4;
    /** Bits of the type id holding the frame type. */
    public static final int FRAME_BITS = 3;
    /** Mask of the frame type in a type id. */
    public static final int FRAME_MASK = (1 << FRAME_BITS) - 1;
    /** The most producer slots a channel can have. */
    public static final int MAX_PRODUCERS = 4096;
    /** Offset of the total message length (int) in a {@link #BEGIN} record. */
    public static final int BEGIN_TOTAL_LENGTH_OFFSET = 0;
    /** Length of the header of a {@link #BEGIN} record; the message's bytes follow it. */
    public static final int BEGIN_HEADER_LENGTH = 8;

    private MessageFraming() {
    }

    /**
     * The type id of a record.
     *
     * @param frame        {@link #WHOLE}, {@link #BEGIN}, {@link #MIDDLE} or {@link #END}
     * @param producerSlot the writing producer's slot, 0 to {@link #MAX_PRODUCERS} - 1
     * @return a positive type id
     */
    public static int typeId(final int frame, final int producerSlot) {
        return (producerSlot << FRAME_BITS) | frame;
    }

    /**
     * The frame type of a record.
     *
     * @param typeId a record's type id
     * @return its frame type
     */
    public static int frame(final int typeId) {
        return typeId & FRAME_MASK;
    }

    /**
     * The producer slot that wrote a record.
     *
     * @param typeId a record's type id
     * @return the slot
     */
    public static int producerSlot(final int typeId) {
        return typeId >>> FRAME_BITS;
    }

    /**
     * Whether a message of this length needs more than one record.
     *
     * @param messageLength   the message's length
     * @param maxRecordLength the largest record payload of the ring
     * @return {@code true} when the message is fragmented
     */
    public static boolean isFragmented(final int messageLength, final int maxRecordLength) {
        return messageLength > maxRecordLength;
    }

    /**
     * The number of records a message takes.
     *
     * @param messageLength   the message's length
     * @param maxRecordLength the largest record payload of the ring (more than {@link #BEGIN_HEADER_LENGTH})
     * @return 1 for a whole message, else 2 or more
     */
    public static int recordCount(final int messageLength, final int maxRecordLength) {
        if (messageLength <= maxRecordLength) {
            return 1;
        }
        final long rest = (long) messageLength - (maxRecordLength - BEGIN_HEADER_LENGTH);
        return (int) (1 + (rest + maxRecordLength - 1) / maxRecordLength);
    }

    /**
     * A readable name of a frame type, for diagnostics.
     *
     * @param frame a frame type
     * @return its name
     */
    public static String frameName(final int frame) {
        switch (frame) {
            case WHOLE:
                return "WHOLE";
            case BEGIN:
                return "BEGIN";
            case MIDDLE:
                return "MIDDLE";
            case END:
                return "END";
            default:
                return "frame " + frame;
        }
    }
}
