package io.shmproc.queue;

import io.shmproc.channel.DurableChannel;
import io.shmproc.channel.DurableCursor;
import io.shmproc.channel.DurableMessageHandler;
import io.shmproc.codec.Codec;
import io.shmproc.exceptions.ClosedException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * A named consumer of a {@link DurableQueue}: takes elements in log order and acknowledges them, so that the
 * name resumes right after its last acknowledgement when it is reopened in any process, after any crash.
 *
 * <pre>{@code
 * try (DurableConsumer<Event> audit = queue.consumer("audit", AckMode.EXPLICIT)) {
 *     for (int i = 0; i < 100; i++) {
 *         record(audit.take());
 *     }
 *     audit.ack();                  // the 100 are done; a crash before this delivers them again
 * }
 * }</pre>
 *
 * <p><b>At least once.</b> In {@link AckMode#EXPLICIT} every element taken since the last {@link #ack()} is
 * delivered again after a crash; in {@link AckMode#AUTO} at most the last element taken is. Nothing is ever
 * skipped. An element the codec cannot decode throws from {@code take}/{@code poll} with the read position
 * already past it; acknowledge to skip it for good.
 *
 * <p><b>Replay.</b> {@link #rewind()}, {@link #seek(long)} and {@link #seek(Instant)} move the read position;
 * the persisted acknowledgement follows the next {@link #ack()}.
 *
 * <p>Waiting spins briefly, then backs off to 1 ms parks. Meant for one thread; the methods are
 * synchronised.
 *
 * @param <E> the element type
 */
public final class DurableConsumer<E> implements AutoCloseable {
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final DurableCursor cursor;
    private final Codec<E> codec;
    private final AckMode ackMode;
    private final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, MAX_PARK_NANOS);
    private final DurableMessageHandler decoder = this::decode;
    private E received;
    private boolean unacknowledged;

    DurableConsumer(final DurableCursor cursor, final Codec<E> codec, final AckMode ackMode) {
        this.cursor = cursor;
        this.codec = codec;
        this.ackMode = ackMode;
    }

    /**
     * Takes the next element, waiting until one is appended.
     *
     * @return the element
     * @throws InterruptedException when interrupted while waiting (nothing is consumed)
     * @throws ClosedException      when closed
     */
    public synchronized E take() throws InterruptedException {
        idle.reset();
        while (true) {
            final E element = poll();
            if (element != null) {
                return element;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while taking from consumer '" + cursor.name() + "'");
            }
            idle.idle();
        }
    }

    /**
     * Takes the next element if there is one now.
     *
     * @return the element, or {@code null} when none is available
     * @throws ClosedException when closed
     */
    public synchronized E poll() {
        if (ackMode == AckMode.AUTO && unacknowledged) {
            cursor.ack();
            unacknowledged = false;
        }
        if (cursor.poll(decoder) == DurableChannel.NO_INDEX) {
            return null;
        }
        unacknowledged = true;
        final E element = received;
        received = null;
        return element;
    }

    /**
     * Takes the next element, waiting up to a timeout.
     *
     * @param timeout how long to wait
     * @param unit    its unit
     * @return the element, or {@code null} when none came in time (nothing is consumed)
     * @throws InterruptedException when interrupted while waiting
     * @throws ClosedException      when closed
     */
    public synchronized E poll(final long timeout, final TimeUnit unit) throws InterruptedException {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        idle.reset();
        while (true) {
            final E element = poll();
            if (element != null) {
                return element;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while polling consumer '" + cursor.name() + "'");
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
            idle.idle();
        }
    }

    /**
     * Acknowledges every element taken so far: a consumer reopened under this name resumes after the last
     * one. One ordered store into a mapped file; cheap enough to call per element.
     *
     * @throws IllegalStateException when nothing has been taken since this consumer opened
     * @throws ClosedException       when closed
     */
    public synchronized void ack() {
        cursor.ack();
        unacknowledged = false;
    }

    /**
     * The index of the last element taken.
     *
     * @return the index, or {@link DurableChannel#NO_INDEX} before the first
     */
    public synchronized long lastIndex() {
        return cursor.lastReadIndex();
    }

    /**
     * The persisted acknowledgement of this name.
     *
     * @return the index of the last acknowledged element, or {@link DurableChannel#NO_INDEX}
     */
    public synchronized long acknowledgedIndex() {
        return cursor.acknowledgedIndex();
    }

    /** Replays from the oldest element still in the log. */
    public synchronized void rewind() {
        cursor.rewind();
    }

    /**
     * Replays from an index.
     *
     * @param index an element's index ({@link DurableQueue#append}, {@link #lastIndex()})
     * @return {@code true} when the log holds it; {@code false} (position unchanged) otherwise
     */
    public synchronized boolean seek(final long index) {
        return cursor.seek(index);
    }

    /**
     * Replays from the first element appended at or after a point in time (producers' wall clocks).
     *
     * @param time the point in time
     * @throws IllegalArgumentException when {@code time} is null
     */
    public synchronized void seek(final Instant time) {
        if (time == null) {
            throw new IllegalArgumentException("time is null; expected an Instant");
        }
        cursor.seekTime(time.toEpochMilli());
    }

    /**
     * The consumer's name.
     *
     * @return the name
     */
    public String name() {
        return cursor.name();
    }

    /**
     * The acknowledgement mode.
     *
     * @return the mode
     */
    public AckMode ackMode() {
        return ackMode;
    }

    /**
     * Releases the name; in {@link AckMode#AUTO} first acknowledges the last element taken. Idempotent.
     */
    @Override
    public synchronized void close() {
        try {
            if (ackMode == AckMode.AUTO && unacknowledged) {
                cursor.ack();
                unacknowledged = false;
            }
        } catch (final ClosedException alreadyClosed) {
            // the queue closed first; nothing to acknowledge through it
        } finally {
            cursor.close();
        }
    }

    @Override
    public synchronized String toString() {
        return "DurableConsumer['" + cursor.name() + "', " + ackMode + ", last " + Long.toHexString(
            cursor.lastReadIndex()) + "]";
    }

    private void decode(final org.agrona.DirectBuffer buffer, final int offset, final int length, final long index,
                        final long timestampMillis) {
        received = codec.decode(buffer, offset, length);
    }
}
