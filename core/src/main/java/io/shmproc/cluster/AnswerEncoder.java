package io.shmproc.cluster;

import static io.shmproc.cluster.ClusterProtocol.ANSWER_FIELD_COUNT_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.ANSWER_HEADER_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.ANSWER_SEQUENCE_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.ANSWER_STATUS_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.ANSWER_VALUE_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.FIELD_LENGTH_BYTES;
import static io.shmproc.cluster.ClusterProtocol.MAX_ANSWER_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.NULL_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.ORDER;
import static io.shmproc.cluster.ClusterProtocol.STATUS_ERROR;

import java.nio.charset.StandardCharsets;
import org.agrona.MutableDirectBuffer;

/**
 * Writes one answer (layout in {@link ClusterProtocol}) into a buffer of {@link ClusterProtocol#MAX_ANSWER_LENGTH}
 * bytes, reused for every answer. An answer that would not fit becomes an error answer that says so.
 */
final class AnswerEncoder {
    private final MutableDirectBuffer buffer;
    private int length;
    private int fieldCount;
    private boolean overflow;
    private long sequence;

    AnswerEncoder(final MutableDirectBuffer buffer) {
        if (buffer.capacity() < MAX_ANSWER_LENGTH) {
            throw new IllegalArgumentException("answer buffer of " + buffer.capacity() + " bytes; need "
                + MAX_ANSWER_LENGTH);
        }
        this.buffer = buffer;
    }

    AnswerEncoder begin(final long sequence, final int status, final long value) {
        this.sequence = sequence;
        buffer.putLong(ANSWER_SEQUENCE_OFFSET, sequence, ORDER);
        buffer.putLong(ANSWER_VALUE_OFFSET, value, ORDER);
        buffer.putInt(ANSWER_STATUS_OFFSET, status, ORDER);
        buffer.putInt(ANSWER_FIELD_COUNT_OFFSET, 0, ORDER);
        length = ANSWER_HEADER_LENGTH;
        fieldCount = 0;
        overflow = false;
        return this;
    }

    AnswerEncoder value(final long value) {
        buffer.putLong(ANSWER_VALUE_OFFSET, value, ORDER);
        return this;
    }

    AnswerEncoder field(final byte[] bytes) {
        if (overflow) {
            return this;
        }
        final int needed = FIELD_LENGTH_BYTES + (bytes == null ? 0 : bytes.length);
        if (length + needed > MAX_ANSWER_LENGTH) {
            overflow = true;
            return this;
        }
        buffer.putInt(length, bytes == null ? NULL_LENGTH : bytes.length, ORDER);
        length += FIELD_LENGTH_BYTES;
        if (bytes != null) {
            buffer.putBytes(length, bytes);
            length += bytes.length;
        }
        fieldCount++;
        buffer.putInt(ANSWER_FIELD_COUNT_OFFSET, fieldCount, ORDER);
        return this;
    }

    AnswerEncoder error(final long sequence, final int status, final String message) {
        begin(sequence, status, 0);
        return field(String.valueOf(message).getBytes(StandardCharsets.UTF_8));
    }

    /** The answer's length; an answer that overflowed is first rewritten as an error answer. */
    int finish() {
        if (overflow) {
            error(sequence, STATUS_ERROR, "the answer exceeds the " + MAX_ANSWER_LENGTH
                + " bytes an answer may carry; read the object in smaller parts");
        }
        return length;
    }

    MutableDirectBuffer buffer() {
        return buffer;
    }

    /** A copy of the finished answer, kept to answer a re-sent command. */
    byte[] copy() {
        final int answerLength = finish();
        final byte[] bytes = new byte[answerLength];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
