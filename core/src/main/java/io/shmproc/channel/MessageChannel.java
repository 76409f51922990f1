package io.shmproc.channel;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A channel of framed byte messages in shared memory: producers offer messages, one consumer polls them, in
 * FIFO order per producer, each message delivered exactly once and whole.
 *
 * <p><b>Return codes, not exceptions.</b> "Full" and "empty" are results: {@link #offer} returns {@code false}
 * and {@link #poll} returns 0. Exceptions mean errors: bad arguments, a closed handle, a stalled or dead peer.
 *
 * <p><b>Zero copy, no allocation.</b> Write from any {@link DirectBuffer} range, or claim a record and fill it
 * in place ({@link #tryClaim}, {@link #commit}, {@link #abort}); read through a {@link MessageHandler} that sees
 * the bytes in place. Messages longer than {@link #maxRecordLength()} and up to {@link #maxMessageLength()} are
 * fragmented and reassembled transparently ({@link MessageFraming}); a longer one is rejected with an
 * {@link IllegalArgumentException} before any byte is written.
 *
 * <p><b>Crashes.</b> A producer killed at any instruction never causes a partial delivery; the consumer keeps
 * receiving the other producers' messages. The consumer learns about dead producers only while it waits (in
 * the blocking {@link #poll(MessageHandler, int, long, TimeUnit)} or {@link #housekeep()}), never per message.
 *
 * <pre>{@code
 * try (SpscChannel channel = SpscChannel.create(path, ChannelOptions.defaults())) {
 *     channel.offer(buffer, 0, length);                       // producer: false when full
 *     channel.poll((buf, offset, len) -> use(buf, offset, len), 16); // consumer: 0 when empty
 * }
 * }</pre>
 */
public interface MessageChannel extends AutoCloseable {
    /** The value {@link #tryClaim(int)} returns when the ring is full. */
    int INSUFFICIENT_CAPACITY = RecordSink.INSUFFICIENT_CAPACITY;
    /** How often a waiting call checks peers ({@link WaitCheck}, producer liveness), in nanoseconds: 20 ms. */
    long WAIT_CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * Offers a message without waiting for room for it (a fragmented message waits for room for its later
     * records, see {@link Fragmenter}).
     *
     * @param src    the message's bytes
     * @param offset where they start
     * @param length how many, 0 to {@link #maxMessageLength()}
     * @return {@code true} when written, {@code false} when the ring is full (nothing written)
     * @throws IllegalArgumentException when {@code length} exceeds {@link #maxMessageLength()} or the range is
     *     outside {@code src}
     * @throws io.shmproc.exceptions.ShmprocTimeoutException when a fragmented message stalled mid-way
     */
    boolean offer(DirectBuffer src, int offset, int length);

    /**
     * Offers a message, waiting up to a timeout for room.
     *
     * @param src     the message's bytes
     * @param offset  where they start
     * @param length  how many, 0 to {@link #maxMessageLength()}
     * @param timeout how long to wait; 0 for no wait, {@link Long#MAX_VALUE} for ever
     * @param unit    the timeout's unit
     * @return {@code true} when written, {@code false} when no room came in time (nothing written)
     * @throws IllegalArgumentException when {@code length} exceeds {@link #maxMessageLength()}
     * @throws InterruptedException     when interrupted while waiting
     * @throws io.shmproc.exceptions.ShmprocTimeoutException when a fragmented message stalled mid-way
     */
    boolean offer(DirectBuffer src, int offset, int length, long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Claims room for one whole message of at most {@link #maxRecordLength()} bytes, to be written in place at
     * the returned index of {@link #buffer()} and then {@linkplain #commit committed} or {@linkplain #abort
     * aborted}. Commit promptly: a claim held longer than a second blocks the consumer and, on a many-producer
     * channel, may be taken for the claim of a dead producer and skipped.
     *
     * @param length the message's length
     * @return the index of the message's first byte, or {@link #INSUFFICIENT_CAPACITY} when full
     * @throws IllegalArgumentException when {@code length} exceeds {@link #maxRecordLength()}
     */
    int tryClaim(int length);

    /**
     * Publishes a claimed message.
     *
     * @param index the index {@link #tryClaim} returned
     */
    void commit(int index);

    /**
     * Abandons a claimed message; the consumer skips it.
     *
     * @param index the index {@link #tryClaim} returned
     */
    void abort(int index);

    /**
     * The buffer that claimed indexes address (the shared ring).
     *
     * @return the ring's buffer
     */
    MutableDirectBuffer buffer();

    /**
     * Delivers up to {@code limit} ring records' worth of messages without waiting.
     *
     * @param handler receives each whole message
     * @param limit   the most records to read (a fragmented message takes several)
     * @return the number of messages delivered, 0 when none was complete
     */
    int poll(MessageHandler handler, int limit);

    /**
     * Delivers messages, waiting up to a timeout for at least one.
     *
     * @param handler receives each whole message
     * @param limit   the most records to read per attempt
     * @param timeout how long to wait; {@link Long#MAX_VALUE} for ever
     * @param unit    the timeout's unit
     * @return the number of messages delivered, 0 on timeout
     * @throws InterruptedException when interrupted while waiting
     */
    int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Housekeeping a consumer does while it waits in its own loop: frees the ring from a dead producer's
     * unfinished claim and drops dead producers' unfinished messages. The blocking poll calls it itself.
     * Cheap when there is nothing to do; checks process liveness at most every 50 ms.
     */
    void housekeep();

    /**
     * Whether the ring holds no record now.
     *
     * @return {@code true} when empty
     */
    boolean isEmpty();

    /**
     * The largest message.
     *
     * @return bytes
     */
    int maxMessageLength();

    /**
     * The largest message that fits one record (and so is never fragmented).
     *
     * @return bytes
     */
    int maxRecordLength();

    /**
     * The ring's capacity.
     *
     * @return bytes
     */
    int capacity();

    /**
     * Sets the check that this handle's blocking calls run while they wait.
     *
     * @param check the check, {@link WaitCheck#NONE} for none
     */
    void waitCheck(WaitCheck check);

    /**
     * The shared file, or {@code null} for a channel embedded in another object's region.
     *
     * @return the path
     */
    Path file();

    /**
     * Releases this handle (its producer slot and, for a standalone channel, its mapping); idempotent.
     */
    @Override
    void close();
}
