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
 *     state: 0 OPEN (some holder may use it), 1 CLOSED (every holder closed it); pid and start: the process
 *     that last opened or closed the end (for inspection)
 *  192: holders of end 1: HOLDER_SLOTS slots of 16 bytes      448: holders of end 2
 *  +-------------------+-------------------+
 *  | pid               | start ms          |   pid 0: free; pid &gt; 0: a handle in that process;
 *  +-------------------+-------------------+   pid &lt; 0: serialized by process -pid, not yet attached
 *  704: direction 0 (end 2 -&gt; end 1) line     768: direction 1 (end 1 -&gt; end 2) line
 *  +-------------------+-------------------+-------------------+-------------------+
 *  | mode              | ring sender       | ring receiver     | reserved          |
 *  +-------------------+-------------------+-------------------+-------------------+
 *     mode (int): 0 SPSC (one handle sends, one receives: the ring below), 2 SWITCHING, 1 SHARED (messages go
 *     through the MPMC channel file FILE.d0 / FILE.d1; the ring keeps only what was sent before)
 *     ring sender / receiver: 1 + the holder slot of the handle that uses the ring on that side, 0 for none
 *  832: channel block 0, end 2 -&gt; end 1 (ChannelLayout, SPSC)
 *  832 + block 0 length: channel block 1, end 1 -&gt; end 2 (duplex pipes only)
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
    /** The most holders an end can have at once (handles in processes, plus serialized copies in transit). */
    public static final int HOLDER_SLOTS = 16;
    /** Length of one holder slot. */
    public static final int HOLDER_LENGTH = 16;
    /** Offset of a holder's pid within its slot. */
    public static final int HOLDER_PID_OFFSET = 0;
    /** Offset of a holder's start time within its slot. */
    public static final int HOLDER_START_OFFSET = 8;
    /** Offset of end 1's holder slots. */
    public static final int HOLDERS1_OFFSET = END2_OFFSET + 64;
    /** Offset of end 2's holder slots. */
    public static final int HOLDERS2_OFFSET = HOLDERS1_OFFSET + HOLDER_SLOTS * HOLDER_LENGTH;
    /** Offset of direction 0's line. */
    public static final int DIRECTION0_OFFSET = HOLDERS2_OFFSET + HOLDER_SLOTS * HOLDER_LENGTH;
    /** Offset of direction 1's line. */
    public static final int DIRECTION1_OFFSET = DIRECTION0_OFFSET + 64;
    /** Offset of a direction's mode (int) within its line. */
    public static final int MODE_OFFSET = 0;
    /** Offset of a direction's ring sender (long: 1 + holder slot, 0 for none) within its line. */
    public static final int RING_SENDER_OFFSET = 8;
    /** Offset of a direction's ring receiver (long: 1 + holder slot, 0 for none) within its line. */
    public static final int RING_RECEIVER_OFFSET = 16;
    /** Offset of the first channel block. */
    public static final int CHANNELS_OFFSET = DIRECTION1_OFFSET + 64;

    /** Direction mode: one holder per end, messages in the SPSC ring. */
    public static final int MODE_SPSC = 0;
    /** Direction mode: shared, new messages in the direction's MPMC channel file. */
    public static final int MODE_SHARED = 1;
    /** Direction mode: a holder is creating the MPMC channel file. */
    public static final int MODE_SWITCHING = 2;

    /** End state: open, some holder may use it. */
    public static final long OPEN = 0;
    /** End state: closed by every holder. */
    public static final long CLOSED = 1;
    /** End state of layout version 1 (serialized, not yet attached); no longer written. */
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
     * The offset of an end's holder slot.
     *
     * @param end  1 or 2
     * @param slot 0 to {@link #HOLDER_SLOTS} - 1
     * @return the offset
     */
    public static int holderOffset(final int end, final int slot) {
        return (end == 1 ? HOLDERS1_OFFSET : HOLDERS2_OFFSET) + slot * HOLDER_LENGTH;
    }

    /**
     * The offset of a direction's line.
     *
     * @param channel 0 (end 2 to end 1) or 1 (end 1 to end 2)
     * @return the offset
     */
    public static int directionOffset(final int channel) {
        return channel == 0 ? DIRECTION0_OFFSET : DIRECTION1_OFFSET;
    }

    /**
     * The MPMC channel file a shared direction uses, beside the pipe's file.
     *
     * @param pipeFile the pipe's file
     * @param channel  0 or 1
     * @return the path
     */
    public static java.nio.file.Path sharedChannelFile(final java.nio.file.Path pipeFile, final int channel) {
        return pipeFile.resolveSibling(pipeFile.getFileName() + ".d" + channel);
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
