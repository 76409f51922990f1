package io.shmproc.channel;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Where a {@link Fragmenter} writes records: any ring offering claim, commit and abort of one record.
 *
 * <p>{@link #of(RingBuffer)} adapts Agrona's one-to-one and many-to-one rings; another ring (such as a
 * many-consumer ring) implements these four methods.
 */
public interface RecordSink {
    /** The value {@link #tryClaim} returns when the ring has no room now. */
    int INSUFFICIENT_CAPACITY = RingBuffer.INSUFFICIENT_CAPACITY;

    /**
     * Claims room for one record, or fails at once.
     *
     * @param typeId the record's type id ({@link MessageFraming#typeId})
     * @param length the record's payload length, at most {@link #maxRecordLength()}
     * @return the index in {@link #buffer()} where the payload goes, or a negative value when full
     */
    int tryClaim(int typeId, int length);

    /**
     * Publishes a claimed record to the reader.
     *
     * @param index the index {@link #tryClaim} returned
     */
    void commit(int index);

    /**
     * Abandons a claimed record; the reader skips it.
     *
     * @param index the index {@link #tryClaim} returned
     */
    void abort(int index);

    /**
     * The buffer that claimed indexes address.
     *
     * @return the ring's buffer
     */
    MutableDirectBuffer buffer();

    /**
     * The largest record payload.
     *
     * @return bytes
     */
    int maxRecordLength();

    /**
     * Adapts an Agrona ring.
     *
     * @param ring a one-to-one or many-to-one ring buffer
     * @return a sink writing into it
     */
    static RecordSink of(final RingBuffer ring) {
        return of(ring, () -> { });
    }

    /**
     * Adapts an Agrona ring, running {@code afterCommit} after each published record (to wake a sleeper).
     *
     * @param ring        a one-to-one or many-to-one ring buffer
     * @param afterCommit runs after every commit, on the committing thread
     * @return a sink writing into it
     */
    static RecordSink of(final RingBuffer ring, final Runnable afterCommit) {
        return new RecordSink() {
            @Override
            public int tryClaim(final int typeId, final int length) {
                return ring.tryClaim(typeId, length);
            }

            @Override
            public void commit(final int index) {
                ring.commit(index);
                afterCommit.run();
            }

            @Override
            public void abort(final int index) {
                ring.abort(index);
            }

            @Override
            public MutableDirectBuffer buffer() {
                return ring.buffer();
            }

            @Override
            public int maxRecordLength() {
                return ring.maxMsgLength();
            }
        };
    }
}
