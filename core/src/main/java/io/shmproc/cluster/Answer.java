package io.shmproc.cluster;

import static io.shmproc.cluster.ClusterProtocol.ANSWER_FIELD_COUNT_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.ANSWER_HEADER_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.ANSWER_SEQUENCE_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.ANSWER_STATUS_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.ANSWER_VALUE_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.FIELD_LENGTH_BYTES;
import static io.shmproc.cluster.ClusterProtocol.NULL_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.ORDER;
import static io.shmproc.cluster.ClusterProtocol.STATUS_ILLEGAL_ARGUMENT;
import static io.shmproc.cluster.ClusterProtocol.STATUS_ILLEGAL_MONITOR_STATE;
import static io.shmproc.cluster.ClusterProtocol.STATUS_ILLEGAL_STATE;
import static io.shmproc.cluster.ClusterProtocol.STATUS_INDEX_OUT_OF_BOUNDS;
import static io.shmproc.cluster.ClusterProtocol.STATUS_OK;

import io.shmproc.exceptions.RemoteFailureException;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * One answer as the client received it (layout in {@link ClusterProtocol}), copied out of the egress buffer so
 * that the calling thread can read it after the poller moved on.
 */
final class Answer {
    private final long value;
    private final int status;
    private final byte[][] fields;

    private Answer(final long value, final int status, final byte[][] fields) {
        this.value = value;
        this.status = status;
        this.fields = fields;
    }

    static long sequence(final DirectBuffer buffer, final int offset) {
        return buffer.getLong(offset + ANSWER_SEQUENCE_OFFSET, ORDER);
    }

    /** Copies an answer out of {@code buffer}; {@code null} when it is malformed. */
    static Answer read(final DirectBuffer buffer, final int offset, final int length) {
        if (length < ANSWER_HEADER_LENGTH) {
            return null;
        }
        final int count = buffer.getInt(offset + ANSWER_FIELD_COUNT_OFFSET, ORDER);
        if (count < 0 || (long) count * FIELD_LENGTH_BYTES > length) {
            return null;
        }
        final byte[][] fields = new byte[count][];
        int cursor = ANSWER_HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            if (cursor + FIELD_LENGTH_BYTES > length) {
                return null;
            }
            final int fieldLength = buffer.getInt(offset + cursor, ORDER);
            cursor += FIELD_LENGTH_BYTES;
            if (fieldLength == NULL_LENGTH) {
                continue;
            }
            if (fieldLength < 0 || cursor + fieldLength > length) {
                return null;
            }
            fields[i] = new byte[fieldLength];
            buffer.getBytes(offset + cursor, fields[i]);
            cursor += fieldLength;
        }
        return new Answer(buffer.getLong(offset + ANSWER_VALUE_OFFSET, ORDER),
            buffer.getInt(offset + ANSWER_STATUS_OFFSET, ORDER), fields);
    }

    /**
     * The numeric result, after throwing the exception an error status stands for.
     *
     * @param what the operation and object, for the message
     */
    long value(final String what) {
        if (status != STATUS_OK) {
            final String message = what + ": " + (fields.length > 0 && fields[0] != null
                ? new String(fields[0], StandardCharsets.UTF_8) : "status " + status);
            switch (status) {
                case STATUS_ILLEGAL_ARGUMENT:
                    throw new IllegalArgumentException(message);
                case STATUS_ILLEGAL_STATE:
                    throw new IllegalStateException(message);
                case STATUS_ILLEGAL_MONITOR_STATE:
                    throw new IllegalMonitorStateException(message);
                case STATUS_INDEX_OUT_OF_BOUNDS:
                    throw new IndexOutOfBoundsException(message);
                default:
                    throw new RemoteFailureException(-1, "the cluster service failed " + message, null);
            }
        }
        return value;
    }

    /** Field {@code index} of a successful answer ({@code null} when absent or null). */
    byte[] field(final String what, final int index) {
        value(what);
        return index < fields.length ? fields[index] : null;
    }

    /** All fields of a successful answer. */
    byte[][] fields(final String what) {
        value(what);
        return fields;
    }
}
