package io.shmproc.pipe;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The layout of a {@code PIPE} region: the state of its two ends and one channel per direction. The only
 * place its offsets are declared.
 *
 * <pre>
 *  0          4          8                                                        64
 *  +----------+----------+---------------------------------------------------------+
 *  | duplex   | reserved | reserved, zero                                          |   constant
 *  +----------+----------+---------------------------------------------------------+
 *  64: end 1 (one cache line)           128: end 2 (one cache line)
 *  +-------------------+-------------------+-------------------+-------------------+
 *  | state             | owner pid         | owner start ms    | reserved          |
 *  +-------------------+-------------------+-------------------+-------------------+
 *     state: 0 OPEN (used by the owner process), 1 CLOSED, 2 IN_TRANSIT (serialized, not yet attached)
 *  192: channel block 0, end 2 -&gt; end 1 (ChannelLayout, SPSC)
 *  192 + block 0 length: channel block 1, end 1 -&gt; end 2 (duplex pipes only)
 * </pre>
 *
 * <p>End 1 reads channel 0 and writes channel 1; end 2 writes channel 0 and reads channel 1. A simplex pipe has
 * channel 0 only: end 1 can only receive and end 2 only send, as in Python.
 */
public final class PipeLayout {
    /** Layout version. */
    public static final int VERSION = 2;
    /** Offset of the duplex flag (int, 1 for duplex). */
    public static final int DUPLEX_OFFSET = 0;
    /** Offset of end 1's line. */
    public static final int END1_OFFSET = 64;
    /** Offset of end 2's line. */
    public static final int END2_OFFSET = 128;
    /** Offset of an end's state (long) within its line. */
    public static final int STATE_OFFSET = 0;
    /** Offset of an end's owner pid (long) within its line. */
    public static final int PID_OFFSET = 8;
    /** Offset of an end's owner start time (long) within its line. */
    public static final int START_OFFSET = 16;
    /** Offset of the first channel block. */
    public static final int CHANNELS_OFFSET = 192;

    /** End state: open, used by its owner. */
    public static final long OPEN = 0;
    /** End state: closed by its owner. */
    public static final long CLOSED = 1;
    /** End state: serialized for another process, not yet attached there. */
    public static final long IN_TRANSIT = 2;

    private PipeLayout() {
    }

    /**
     * The offset of an end's line.
     *
     * @param end 1 or 2
     * @return the offset
     */
    public static int endOffset(final int end) {
        return end == 1 ? END1_OFFSET : END2_OFFSET;
    }

    /**
     * The offset of a channel block.
     *
     * @param channel     0 or 1
     * @param blockLength the length of one channel block
     * @return the offset
     */
    public static int channelOffset(final int channel, final int blockLength) {
        return CHANNELS_OFFSET + channel * blockLength;
    }

    /**
     * The payload length of a pipe.
     *
     * @param duplex      whether the pipe has two channels
     * @param blockLength the length of one channel block
     * @return bytes
     */
    public static long length(final boolean duplex, final int blockLength) {
        return CHANNELS_OFFSET + (long) (duplex ? 2 : 1) * blockLength;
    }

    /**
     * Records an end's owner.
     *
     * @param buffer the payload
     * @param end    1 or 2
     * @param pid    the owner's pid
     * @param start  the owner's start time
     * @param state  the new state, written last with a release store
     */
    static void putEnd(final AtomicBuffer buffer, final int end, final long pid, final long start, final long state) {
        final int at = endOffset(end);
        buffer.putLong(at + PID_OFFSET, pid);
        buffer.putLong(at + START_OFFSET, start);
        // Publishes the owner written above together with the state.
        buffer.putLongRelease(at + STATE_OFFSET, state);
    }
}
