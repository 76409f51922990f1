package io.shmproc.cluster;

import static io.shmproc.cluster.ClusterProtocol.COMMAND_ARG0_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_ARG1_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_FIELD_COUNT_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_HEADER_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_LOW_WATER_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_OPCODE_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_SEQUENCE_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_THREAD_ID_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.COMMAND_TIMEOUT_OFFSET;
import static io.shmproc.cluster.ClusterProtocol.FIELD_LENGTH_BYTES;
import static io.shmproc.cluster.ClusterProtocol.MAX_COMMAND_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.MAX_NAME_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.NULL_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.ORDER;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes one command (layout in {@link ClusterProtocol}) into a new array of exactly its length; the client keeps
 * the array until the answer came, to re-send it after a leader change. The sequence and low-water mark are
 * filled in at sending time ({@link #stamp}).
 */
final class CommandEncoder {
    private CommandEncoder() {
    }

    /**
     * Encodes a command whose field 0 is {@code name}.
     *
     * @throws IllegalArgumentException when the name is empty or too long, or the command exceeds
     *                                  {@link ClusterProtocol#MAX_COMMAND_LENGTH}
     */
    static byte[] encode(final int opcode, final String name, final long threadId, final long timeoutNanos,
                         final long arg0, final long arg1, final byte[]... fields) {
        final byte[] nameBytes = nameBytes(name);
        long length = COMMAND_HEADER_LENGTH + FIELD_LENGTH_BYTES + nameBytes.length;
        for (final byte[] field : fields) {
            length += FIELD_LENGTH_BYTES + (field == null ? 0 : field.length);
        }
        if (length > MAX_COMMAND_LENGTH) {
            throw new IllegalArgumentException("the command for '" + name + "' would be " + length
                + " bytes; a cluster command carries at most " + MAX_COMMAND_LENGTH + " bytes (header, name, keys "
                + "and values together): store smaller items, or split them");
        }
        final byte[] command = new byte[(int) length];
        final ByteBuffer buffer = ByteBuffer.wrap(command).order(ORDER);
        buffer.putLong(COMMAND_THREAD_ID_OFFSET, threadId);
        buffer.putLong(COMMAND_TIMEOUT_OFFSET, timeoutNanos);
        buffer.putLong(COMMAND_ARG0_OFFSET, arg0);
        buffer.putLong(COMMAND_ARG1_OFFSET, arg1);
        buffer.putInt(COMMAND_OPCODE_OFFSET, opcode);
        buffer.putInt(COMMAND_FIELD_COUNT_OFFSET, 1 + fields.length);
        buffer.position(COMMAND_HEADER_LENGTH);
        buffer.putInt(nameBytes.length).put(nameBytes);
        for (final byte[] field : fields) {
            if (field == null) {
                buffer.putInt(NULL_LENGTH);
            } else {
                buffer.putInt(field.length).put(field);
            }
        }
        return command;
    }

    /** Writes the sequence number and the low-water mark (the oldest sequence still awaited) into a command. */
    static void stamp(final byte[] command, final long sequence, final long lowWater) {
        final ByteBuffer buffer = ByteBuffer.wrap(command).order(ORDER);
        buffer.putLong(COMMAND_SEQUENCE_OFFSET, sequence);
        buffer.putLong(COMMAND_LOW_WATER_OFFSET, lowWater);
    }

    static long sequence(final byte[] command) {
        return ByteBuffer.wrap(command).order(ORDER).getLong(COMMAND_SEQUENCE_OFFSET);
    }

    static byte[] nameBytes(final String name) {
        if (name == null) {
            throw new IllegalArgumentException("name is null; give every cluster object a name");
        }
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name '" + name + "' has " + bytes.length
                + " UTF-8 bytes; a cluster object's name has 1 to " + MAX_NAME_LENGTH);
        }
        return bytes;
    }
}
