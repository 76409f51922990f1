package io.shmproc.channel;

import io.shmproc.exceptions.ShmprocTimeoutException;
import java.time.Duration;
import java.util.Objects;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * Writes a message longer than one record as {@link MessageFraming#BEGIN}, {@link MessageFraming#MIDDLE} and
 * {@link MessageFraming#END} records into a {@link RecordSink}, waiting for room between records.
 *
 * <p><b>Contract.</b> {@link #write} never waits for the first record longer than its timeout and then returns
 * {@code false} with nothing written. Once the first record is in, it writes the rest as the reader makes room;
 * if the reader takes nothing for the stall timeout, or the {@link WaitCheck} throws, the call fails and the
 * records already written form an unfinished message that readers never deliver (a {@link Reassembler} drops
 * it when the same slot begins its next message, or when the slot's owner is found dead).
 *
 * <p>One fragmenter serves one producer slot and one thread at a time; it allocates nothing.
 */
public final class Fragmenter {
    private final RecordSink sink;
    private final IdleStrategy idle;
    private final long stallTimeoutNanos;
    private WaitCheck waitCheck = WaitCheck.NONE;

    /**
     * Creates a fragmenter.
     *
     * @param sink         where records go
     * @param waitStrategy how to wait for room
     * @param stallTimeout how long to wait for room after the first record
     */
    public Fragmenter(final RecordSink sink, final WaitStrategy waitStrategy, final Duration stallTimeout) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.idle = waitStrategy.newIdleStrategy();
        this.stallTimeoutNanos = stallTimeout.toNanos();
    }

    /**
     * Sets the check run every {@link MessageChannel#WAIT_CHECK_INTERVAL_NANOS} while waiting for room.
     *
     * @param check the check; {@link WaitCheck#NONE} for none
     */
    public void waitCheck(final WaitCheck check) {
        this.waitCheck = Objects.requireNonNull(check, "check");
    }

    /**
     * Writes one fragmented message.
     *
     * @param producerSlot the writer's slot
     * @param src          the message's bytes
     * @param offset       where they start
     * @param length       how many, more than {@link RecordSink#maxRecordLength()}
     * @param timeoutNanos how long to wait for room for the first record; 0 for one attempt
     * @return {@code true} when the whole message was written, {@code false} when the first record found no room
     *     in time (nothing written)
     * @throws ShmprocTimeoutException when the reader made no room for the stall timeout mid-message
     * @throws InterruptedException    when interrupted while waiting (mid-message: the message is abandoned)
     */
    public boolean write(final int producerSlot, final DirectBuffer src, final int offset, final int length,
                         final long timeoutNanos) throws InterruptedException {
        final RecordSink sink = this.sink;
        final int max = sink.maxRecordLength();
        final MutableDirectBuffer buffer = sink.buffer();
        int index = claim(MessageFraming.typeId(MessageFraming.BEGIN, producerSlot), max, timeoutNanos, false);
        if (index < 0) {
            return false;
        }
        final int first = max - MessageFraming.BEGIN_HEADER_LENGTH;
        buffer.putInt(index + MessageFraming.BEGIN_TOTAL_LENGTH_OFFSET, length);
        buffer.putInt(index + MessageFraming.BEGIN_TOTAL_LENGTH_OFFSET + Integer.BYTES, 0);
        buffer.putBytes(index + MessageFraming.BEGIN_HEADER_LENGTH, src, offset, first);
        sink.commit(index);
        int written = first;
        while (written < length) {
            final int remaining = length - written;
            final int chunk = Math.min(max, remaining);
            final int frame = remaining <= max ? MessageFraming.END : MessageFraming.MIDDLE;
            index = claim(MessageFraming.typeId(frame, producerSlot), chunk, stallTimeoutNanos, true);
            buffer.putBytes(index, src, offset + written, chunk);
            sink.commit(index);
            written += chunk;
        }
        return true;
    }

    private int claim(final int typeId, final int length, final long timeoutNanos, final boolean started)
        throws InterruptedException {
        int index = sink.tryClaim(typeId, length);
        if (index >= 0) {
            return index;
        }
        if (timeoutNanos <= 0) {
            return -1;
        }
        final IdleStrategy idle = this.idle;
        final long start = System.nanoTime();
        long nextCheck = start + MessageChannel.WAIT_CHECK_INTERVAL_NANOS;
        idle.reset();
        while (true) {
            idle.idle();
            index = sink.tryClaim(typeId, length);
            if (index >= 0) {
                return index;
            }
            final long now = System.nanoTime();
            if (now - start >= timeoutNanos) {
                if (started) {
                    throw new ShmprocTimeoutException("the reader made no room for " + (timeoutNanos / 1_000_000)
                        + " ms in the middle of a fragmented message; the message is abandoned and will not be"
                        + " delivered (is the consumer alive and reading? see ChannelOptions.stallTimeout)");
                }
                return -1;
            }
            if (now >= nextCheck) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for room in a channel");
                }
                waitCheck.check();
                nextCheck = now + MessageChannel.WAIT_CHECK_INTERVAL_NANOS;
            }
        }
    }
}
