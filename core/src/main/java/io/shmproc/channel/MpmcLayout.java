package io.shmproc.channel;

/**
 * The layout of a many-producer many-consumer channel region ({@link MpmcChannel}): control lines followed
 * by a ring of 8-byte-aligned records. No other file contains a numeric offset of this region.
 *
 * <pre>
 * payload offset  0          8          16         24            32              40         48         56..128
 *                 +----------+----------+----------+-------------+---------------+----------+----------+
 *   line 0     0  | P_LOCK   | P_PID    | P_START  | P_INTENT_   | P_INTENT_     | TAIL     | WRITTEN  |
 *   (producers)   | seq|pid  | holder   | holder's | TAIL        | WRITTEN       | bytes    | messages |
 *                 |          | pid      | start ms | to publish  | to publish    |          |          |
 *                 +----------+----------+----------+-------------+---------------+----------+----------+
 *   line 1   128  | C_LOCK   | C_PID    | C_START  | C_INTENT_   | C_INTENT_READ | HEAD     | READ     |
 *   (consumers)   |          |          |          | HEAD        |               | bytes    | messages |
 *                 +----------+----------+----------+-------------+---------------+----------+----------+
 *   line 2   256  | CAPACITY (int) | MAX_FRAGMENT (int) | MAX_ITEMS (long) | MAX_MESSAGE (int)      (read-only)
 *   line 3   384  | USER words: 16 longs for the layer above (JoinableQueue: word 0 tasks done, words 8-15
 *                 | the sleeper table of its join())
 *   line 4   512  | DATA_SLEEPERS (SleepersLayout, 64 bytes): consumers asleep in the kernel waiting for a
 *                 | message; producers read its count after each message
 *   line 5   640  | SPACE_SLEEPERS (SleepersLayout, 64 bytes): producers asleep waiting for room; consumers read
 *                 | its count after each batch
 *   ring     768  | record | record | ... | padding |            CAPACITY bytes, a power of two
 *
 * record (8-byte aligned, never straddles the ring's end):
 *   0               4               8
 *   +---------------+---------------+-------------------------+
 *   | length (int)  | flags (int)   | payload (length bytes)  | zero padding to 8
 *   +---------------+---------------+-------------------------+
 *   flags: BEGIN (first fragment), END (last fragment), PADDING (skip to the ring's end),
 *          READY (published: written last with a release store; consumers zero what they consume)
 * </pre>
 *
 * <p>Lines are 128 bytes apart so that the producers' words, the consumers' words and the configuration
 * never share a cache line (nor an adjacent-line prefetch pair). Each side's lock, intents, position and
 * count share one line: a producer touches one control line per message, as does a consumer per batch.
 * Positions ({@code TAIL}, {@code HEAD}) are byte counts that only grow; a position's place in the ring is
 * {@code position & (CAPACITY - 1)}.
 */
public final class MpmcLayout {
    /** Layout version written into the region header. */
    public static final int VERSION = 3;

    /** Distance between control lines. */
    public static final int LINE = 128;

    /** Producer lock word: upper 32 bits an acquisition sequence, lower 32 bits the holder's pid (0 = free). */
    public static final int PRODUCER_LOCK_OFFSET = 0;
    /** The pid whose start time {@link #PRODUCER_START_OFFSET} holds (written by the holder after acquiring). */
    public static final int PRODUCER_PID_OFFSET = PRODUCER_LOCK_OFFSET + 8;
    /** Start time (epoch ms) of the process named by {@link #PRODUCER_PID_OFFSET}. */
    public static final int PRODUCER_START_OFFSET = PRODUCER_PID_OFFSET + 8;
    /** The tail the producer-lock holder is about to publish. */
    public static final int PRODUCER_INTENT_TAIL_OFFSET = PRODUCER_START_OFFSET + 8;
    /** The message count the producer-lock holder publishes with {@link #PRODUCER_INTENT_TAIL_OFFSET}. */
    public static final int PRODUCER_INTENT_WRITTEN_OFFSET = PRODUCER_INTENT_TAIL_OFFSET + 8;

    /** Tail: bytes ever published into the ring. */
    public static final int TAIL_OFFSET = PRODUCER_INTENT_WRITTEN_OFFSET + 8;
    /** Complete messages ever published. */
    public static final int WRITTEN_OFFSET = TAIL_OFFSET + 8;

    /** Consumer lock word, same encoding as the producer lock. */
    public static final int CONSUMER_LOCK_OFFSET = PRODUCER_LOCK_OFFSET + LINE;
    /** The pid whose start time {@link #CONSUMER_START_OFFSET} holds. */
    public static final int CONSUMER_PID_OFFSET = CONSUMER_LOCK_OFFSET + 8;
    /** Start time of the process named by {@link #CONSUMER_PID_OFFSET}. */
    public static final int CONSUMER_START_OFFSET = CONSUMER_PID_OFFSET + 8;
    /** The head the consumer-lock holder is about to publish. */
    public static final int CONSUMER_INTENT_HEAD_OFFSET = CONSUMER_START_OFFSET + 8;
    /** The read count the consumer-lock holder publishes with {@link #CONSUMER_INTENT_HEAD_OFFSET}. */
    public static final int CONSUMER_INTENT_READ_OFFSET = CONSUMER_INTENT_HEAD_OFFSET + 8;

    /** Head: bytes ever consumed (or skipped) from the ring. */
    public static final int HEAD_OFFSET = CONSUMER_INTENT_READ_OFFSET + 8;
    /** Complete messages ever consumed or discarded. */
    public static final int READ_OFFSET = HEAD_OFFSET + 8;

    /** Ring capacity in bytes (int). */
    public static final int CAPACITY_OFFSET = CONSUMER_LOCK_OFFSET + LINE;
    /** Largest fragment payload (int). */
    public static final int MAX_FRAGMENT_OFFSET = CAPACITY_OFFSET + 4;
    /** Item bound, 0 = none (long). */
    public static final int MAX_ITEMS_OFFSET = MAX_FRAGMENT_OFFSET + 4;
    /** Largest message (int). */
    public static final int MAX_MESSAGE_OFFSET = MAX_ITEMS_OFFSET + 8;

    /** Start of the 16 longs reserved for the layer above. */
    public static final int USER_WORDS_OFFSET = CAPACITY_OFFSET + LINE;
    /** Number of user words. */
    public static final int USER_WORDS = 16;

    /** The sleeper table of consumers waiting for a message ({@code SleepersLayout}), on a line of its own. */
    public static final int DATA_SLEEPERS_OFFSET = USER_WORDS_OFFSET + LINE;
    /** The sleeper table of producers waiting for room ({@code SleepersLayout}), on a line of its own. */
    public static final int SPACE_SLEEPERS_OFFSET = DATA_SLEEPERS_OFFSET + LINE;

    /** Start of the ring. */
    public static final int RING_OFFSET = SPACE_SLEEPERS_OFFSET + LINE;

    /** Record header length. */
    public static final int HEADER_LENGTH = 8;
    /** Offset of the payload length within a record. */
    public static final int RECORD_LENGTH_OFFSET = 0;
    /** Offset of the flags within a record. */
    public static final int RECORD_FLAGS_OFFSET = 4;
    /** Alignment of records. */
    public static final int ALIGNMENT = 8;

    /** Flag: first fragment of a message. */
    public static final int FLAG_BEGIN = 1;
    /** Flag: last fragment of a message. */
    public static final int FLAG_END = 2;
    /** Flags of an unfragmented message. */
    public static final int FLAGS_WHOLE = FLAG_BEGIN | FLAG_END;
    /** Flag: padding up to the ring's end; carries no payload. */
    public static final int FLAG_PADDING = 4;
    /**
     * Flag: the record is published. The flags word is written last, with a release store; consumers zero
     * every byte they consume, so a position without READY holds no record yet.
     */
    public static final int FLAG_READY = 8;

    /** Smallest ring capacity. */
    public static final int MIN_CAPACITY = 1024;
    /** Largest ring capacity. */
    public static final int MAX_CAPACITY = 1 << 30;

    private MpmcLayout() {
    }

    /**
     * The payload length of a region with a ring of {@code capacity} bytes.
     *
     * @param capacity the ring capacity, already validated
     * @return control lines plus ring
     */
    public static long payloadLength(final int capacity) {
        return (long) RING_OFFSET + capacity;
    }

    /**
     * The largest fragment payload for a ring: an eighth of the ring less a header, so that a fragmented
     * message streams through the ring in several steps.
     *
     * @param capacity the ring capacity
     * @return the largest payload one record carries
     */
    public static int maxFragment(final int capacity) {
        return capacity / 8 - HEADER_LENGTH;
    }

    /**
     * The aligned length of a record carrying {@code payload} bytes.
     *
     * @param payload the payload length
     * @return header plus payload rounded up to {@link #ALIGNMENT}
     */
    public static int recordLength(final int payload) {
        return (HEADER_LENGTH + payload + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * The offset of the user word {@code index} (0 to {@link #USER_WORDS} - 1).
     *
     * @param index the word's index
     * @return its payload offset
     * @throws IllegalArgumentException when the index is out of range
     */
    public static int userWordOffset(final int index) {
        if (index < 0 || index >= USER_WORDS) {
            throw new IllegalArgumentException("user word index=" + index + " is out of range; expected 0 to "
                + (USER_WORDS - 1));
        }
        return USER_WORDS_OFFSET + index * 8;
    }
}
