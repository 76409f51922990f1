package io.shmproc.tools;

import io.shmproc.memory.RegionHeader;
import io.shmproc.memory.RegionHeaderLayout;
import io.shmproc.memory.RegionKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The live state of each kind of shared file, read with plain reads of its layout fields.
 */
final class RegionDescribers {
    /** Describes one kind: a one-line state and a list of dumped fields. */
    interface Describer {
        String describe(PayloadReader payload) throws IOException;

        List<String> dump(PayloadReader payload) throws IOException;
    }

    private static final Map<RegionKind, Describer> DESCRIBERS = new EnumMap<>(RegionKind.class);

    private RegionDescribers() {
    }

    static String describe(final Path file, final RegionHeader header) throws IOException {
        final Describer describer = DESCRIBERS.get(header.kind());
        if (describer == null) {
            return "-";
        }
        try (PayloadReader reader = new PayloadReader(file, header)) {
            return describer.describe(reader);
        }
    }

    static List<String> dumpFields(final Path file, final RegionHeader header) throws IOException {
        final Describer describer = DESCRIBERS.get(header.kind());
        if (describer == null) {
            return List.of();
        }
        try (PayloadReader reader = new PayloadReader(file, header)) {
            return describer.dump(reader);
        }
    }

    /** Reads little-endian fields of a payload with positional reads; never maps. */
    static final class PayloadReader implements AutoCloseable {
        private final FileChannel channel;
        private final long payloadLength;
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        PayloadReader(final Path file, final RegionHeader header) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            this.payloadLength = header.payloadLength();
        }

        long payloadLength() {
            return payloadLength;
        }

        long getLong(final long offset) throws IOException {
            read(offset, 8);
            return scratch.getLong(0);
        }

        int getInt(final long offset) throws IOException {
            read(offset, 4);
            return scratch.getInt(0);
        }

        private void read(final long offset, final int length) throws IOException {
            if (offset < 0 || offset + length > payloadLength) {
                throw new IOException("field at payload offset " + offset + " is outside the payload (" + payloadLength
                    + " bytes)");
            }
            scratch.clear().limit(length);
            while (scratch.hasRemaining()) {
                if (channel.read(scratch, RegionHeaderLayout.LENGTH + offset + scratch.position()) < 0) {
                    throw new IOException("file ends before payload offset " + offset);
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
