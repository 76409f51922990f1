package io.shmproc.cluster;

import io.aeron.BufferBuilder;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Publication;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The service's snapshot on the wire: the serialized state cut into messages, then an end marker. A message larger
 * than the publication's frame arrives in fragments, so the reader reassembles each message and reads until the
 * end marker (not until the image ends, which a snapshot image never announces in time).
 *
 * <pre>
 *  0       4                    4 + length
 *  +-------+--------------------+
 *  | type  | CHUNK: state bytes |      type = CHUNK (1) or END (2)
 *  +-------+--------------------+
 *  | END   | int64 total length |
 *  +-------+--------------------+
 * </pre>
 */
final class SnapshotChunks {
    /** State bytes per message (the snapshot channel's 64 KiB IPC term allows 8 KiB messages). */
    static final int CHUNK_LENGTH = 4096;
    static final int TYPE_OFFSET = 0;
    static final int PAYLOAD_OFFSET = TYPE_OFFSET + Integer.BYTES;
    static final int TYPE_CHUNK = 1;
    static final int TYPE_END = 2;

    private SnapshotChunks() {
    }

    static void write(final ExclusivePublication publication, final byte[] state, final IdleStrategy idle) {
        final MutableDirectBuffer buffer = new BufferBuilder(PAYLOAD_OFFSET + CHUNK_LENGTH + Long.BYTES).buffer();
        for (int position = 0; position < state.length; position += CHUNK_LENGTH) {
            final int length = Math.min(CHUNK_LENGTH, state.length - position);
            buffer.putInt(TYPE_OFFSET, TYPE_CHUNK, ClusterProtocol.ORDER);
            buffer.putBytes(PAYLOAD_OFFSET, state, position, length);
            offer(publication, buffer, PAYLOAD_OFFSET + length, idle);
        }
        buffer.putInt(TYPE_OFFSET, TYPE_END, ClusterProtocol.ORDER);
        buffer.putLong(PAYLOAD_OFFSET, state.length, ClusterProtocol.ORDER);
        offer(publication, buffer, PAYLOAD_OFFSET + Long.BYTES, idle);
    }

    private static void offer(final ExclusivePublication publication, final MutableDirectBuffer buffer,
                              final int length, final IdleStrategy idle) {
        idle.reset();
        while (true) {
            final long result = publication.offer(buffer, 0, length);
            if (result > 0) {
                return;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("snapshot publication refused a message: " + result);
            }
            idle.idle();
        }
    }

    /** Reads a snapshot up to its end marker. */
    static DataInputStream read(final Image image, final IdleStrategy idle) {
        final ByteArrayOutputStream state = new ByteArrayOutputStream();
        final long[] end = {-1};
        final FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, header) -> {
            if (end[0] >= 0) {
                return;
            }
            final int type = buffer.getInt(offset + TYPE_OFFSET, ClusterProtocol.ORDER);
            if (type == TYPE_CHUNK) {
                final byte[] chunk = new byte[length - PAYLOAD_OFFSET];
                buffer.getBytes(offset + PAYLOAD_OFFSET, chunk);
                state.write(chunk, 0, chunk.length);
            } else if (type == TYPE_END) {
                end[0] = buffer.getLong(offset + PAYLOAD_OFFSET, ClusterProtocol.ORDER);
            }
        });
        idle.reset();
        while (end[0] < 0) {
            final int fragments = image.poll(assembler, 16);
            if (fragments == 0) {
                if (image.isClosed() || image.isEndOfStream()) {
                    throw new IllegalStateException("the snapshot ended before its end marker");
                }
                idle.idle();
            } else {
                idle.reset();
            }
        }
        if (end[0] != state.size()) {
            throw new IllegalStateException("the snapshot holds " + state.size() + " bytes; its end marker says "
                + end[0]);
        }
        return new DataInputStream(new ByteArrayInputStream(state.toByteArray()));
    }
}
