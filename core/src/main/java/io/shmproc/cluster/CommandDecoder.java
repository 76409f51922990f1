package io.shmproc.cluster;

import static io.shmproc.cluster.ClusterProtocol.COMMAND_ARG0_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_ARG1_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_FIELD_COUNT_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_HEADER_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_LOW_WATER_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_OPCODE_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_PENDING_COUNT_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_SEQUENCE_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_THREAD_ID_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_TIMEOUT_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.FIELD_LENGTH_BYTES;
import static io.shmproc.cluster.ClusterProtocol.MAX_NAME_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.MAX_PENDING_LISTED;
import static io.shmproc.cluster.ClusterProtocol.NULL_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.ORDER;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * A reusable flyweight that reads one command (layout in {@link ClusterProtocol}) where the log delivered it,
 * without copying the header; fields are copied out only when asked for.
 */
final class CommandDecoder {
    /** The most fields a command may have. */
    static final int MAX_FIELDS = 8;

    private final int[] fieldOffsets = new int[MAX_FIELDS];
    private final int[] fieldLengths = new int[MAX_FIELDS];
    private DirectBuffer buffer;
    private int offset;
    private int fieldCount;
    private int pendingCount;
    private int pendingOffset;

    /**
     * Points the decoder at a command and checks its framing.
     *
     * @return {@code null} when the command is well formed, otherwise what is wrong with it
     */
    String wrap(final DirectBuffer buffer, final int offset, final int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.fieldCount = 0;
        if (length < COMMAND_HEADER_LENGTH) {
            return "command of " + length + " bytes is shorter than its " + COMMAND_HEADER_LENGTH + "-byte header";
        }
        pendingCount = buffer.getInt(offset + COMMAND_PENDING_COUNT_OFFSET, ORDER);
        if (pendingCount < -1 || pendingCount > MAX_PENDING_LISTED
            || COMMAND_HEADER_LENGTH + (long) Math.max(pendingCount, 0) * Long.BYTES > length) {
            final int listed = pendingCount;
            pendingCount = 0;
            return "command lists " + listed + " pending sequences; expected -1 to " + MAX_PENDING_LISTED
                + " within its " + length + " bytes";
        }
        final int fieldsEnd = length - Math.max(pendingCount, 0) * Long.BYTES;
        pendingOffset = offset + fieldsEnd;
        final int count = buffer.getInt(offset + COMMAND_FIELD_COUNT_OFFSET, ORDER);
        if (count < 0 || count > MAX_FIELDS) {
            return "command has " + count + " fields; at most " + MAX_FIELDS + " are allowed";
        }
        int cursor = COMMAND_HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            if (cursor + FIELD_LENGTH_BYTES > fieldsEnd) {
                return "field " + i + " starts past the command's end (" + fieldsEnd + " bytes)";
            }
            final int fieldLength = buffer.getInt(offset + cursor, ORDER);
            cursor += FIELD_LENGTH_BYTES;
            if (fieldLength < NULL_LENGTH || (fieldLength > 0 && cursor + fieldLength > fieldsEnd)) {
                return "field " + i + " has length " + fieldLength + ", past the command's end (" + fieldsEnd
                    + " bytes)";
            }
            fieldOffsets[i] = cursor;
            fieldLengths[i] = fieldLength;
            cursor += Math.max(fieldLength, 0);
        }
        fieldCount = count;
        return null;
    }

    long sequence() {
        return buffer.getLong(offset + COMMAND_SEQUENCE_OFFSET, ORDER);
    }

    long lowWater() {
        return buffer.getLong(offset + COMMAND_LOW_WATER_OFFSET, ORDER);
    }

    long threadId() {
        return buffer.getLong(offset + COMMAND_THREAD_ID_OFFSET, ORDER);
    }

    long timeoutNanos() {
        return buffer.getLong(offset + COMMAND_TIMEOUT_OFFSET, ORDER);
    }

    long arg0() {
        return buffer.getLong(offset + COMMAND_ARG0_OFFSET, ORDER);
    }

    long arg1() {
        return buffer.getLong(offset + COMMAND_ARG1_OFFSET, ORDER);
    }

    int opcode() {
        return buffer.getInt(offset + COMMAND_OPCODE_OFFSET, ORDER);
    }

    int fieldCount() {
        return fieldCount;
    }

    /** The number of listed pending sequences, or -1 when the client had too many to list. */
    int pendingCount() {
        return pendingCount;
    }

    /** Listed pending sequence {@code index} (ascending). */
    long pending(final int index) {
        return buffer.getLong(pendingOffset + index * Long.BYTES, ORDER);
    }

    /**
     * A copy of field {@code index}.
     *
     * @throws IllegalArgumentException when the command has no such field or it is {@code null}
     */
    byte[] bytes(final int index, final String what) {
        final byte[] bytes = bytesOrNull(index, what);
        if (bytes == null) {
            throw new IllegalArgumentException(what + " is missing (null)");
        }
        return bytes;
    }

    /** A copy of field {@code index}, or {@code null} when it is a null field. */
    byte[] bytesOrNull(final int index, final String what) {
        if (index >= fieldCount) {
            throw new IllegalArgumentException(what + " is missing: the command has " + fieldCount + " fields");
        }
        final int length = fieldLengths[index];
        if (length == NULL_LENGTH) {
            return null;
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset + fieldOffsets[index], bytes, 0, length);
        return bytes;
    }

    /** Field {@code index} as a name: UTF-8, 1 to {@link ClusterProtocol#MAX_NAME_LENGTH} bytes. */
    String name(final int index, final String what) {
        final byte[] bytes = bytes(index, what);
        if (bytes.length == 0 || bytes.length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(what + " has " + bytes.length + " bytes; a name has 1 to "
                + MAX_NAME_LENGTH);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
