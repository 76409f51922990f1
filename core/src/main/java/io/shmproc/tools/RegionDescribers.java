package io.shmproc.tools;

import io.shmproc.memory.RegionHeader;
import io.shmproc.memory.RegionHeaderLayout;
import io.shmproc.memory.RegionKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The live state of each kind of shared file, read with plain reads of its layout fields.
 */
final class RegionDescribers {
    /** Describes one kind: reads its fields once into a one-line summary and a list of dumped fields. */
    interface Describer {
        Report read(PayloadReader payload, Liveness liveness) throws IOException;
    }

    private static final Map<RegionKind, Describer> DESCRIBERS = new EnumMap<>(RegionKind.class);

    static {
        DESCRIBERS.put(RegionKind.QUEUE, ChannelDescribers::mpmc);
        DESCRIBERS.put(RegionKind.MPMC_CHANNEL, ChannelDescribers::mpmc);
        DESCRIBERS.put(RegionKind.SPSC_CHANNEL, ChannelDescribers::channel);
        DESCRIBERS.put(RegionKind.MPSC_CHANNEL, ChannelDescribers::channel);
        DESCRIBERS.put(RegionKind.PIPE, ChannelDescribers::pipe);
        DESCRIBERS.put(RegionKind.POOL, ChannelDescribers::pool);
        DESCRIBERS.put(RegionKind.SYNC, SyncDescriber::read);
        DESCRIBERS.put(RegionKind.VALUE, StateDescribers::value);
        DESCRIBERS.put(RegionKind.DICT, StateDescribers::storeFile);
        DESCRIBERS.put(RegionKind.LIST, StateDescribers::storeFile);
        DESCRIBERS.put(RegionKind.RAW, RegionDescribers::raw);
        DESCRIBERS.put(RegionKind.LIVENESS_TABLE, Liveness::read);
    }

    private RegionDescribers() {
    }

    static String describe(final Path file, final RegionHeader header, final Liveness liveness) throws IOException {
        return read(file, header, liveness).summary();
    }

    static List<String> dumpFields(final Path file, final RegionHeader header, final Liveness liveness)
        throws IOException {
        return read(file, header, liveness).fields();
    }

    private static Report read(final Path file, final RegionHeader header, final Liveness liveness)
        throws IOException {
        final Describer describer = DESCRIBERS.get(header.kind());
        if (describer == null) {
            return new Report.Builder().summary("-");
        }
        try (PayloadReader reader = new PayloadReader(file, header)) {
            return describer.read(reader, liveness);
        }
    }

    private static Report raw(final PayloadReader payload, final Liveness liveness) throws IOException {
        final Report.Builder report = new Report.Builder();
        report.field("size", payload.payloadLength() + " bytes");
        final int shown = (int) Math.min(32, payload.payloadLength());
        final StringBuilder hex = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            hex.append(String.format("%02x", payload.getByte(i))).append(i % 8 == 7 ? "  " : " ");
        }
        report.field("first bytes", hex.toString().trim());
        return report.summary("size " + payload.payloadLength() + " bytes");
    }

    /** A summary line and dumped fields, label then value. */
    record Report(String summary, List<String> fields) {
        /** Collects dumped fields in order. */
        static final class Builder {
            private final List<String> fields = new ArrayList<>();

            Builder field(final String label, final Object value) {
                fields.add(String.format("%-16s %s", label, value));
                return this;
            }

            Report summary(final String summary) {
                return new Report(summary, List.copyOf(fields));
            }
        }
    }

    /** Reads little-endian fields of a payload with positional reads; never maps, never writes. */
    static final class PayloadReader implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final long payloadLength;
        private final io.shmproc.memory.RegionKind kind;
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        PayloadReader(final Path file, final RegionHeader header) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            this.payloadLength = header.payloadLength();
            this.kind = header.kind();
        }

        Path file() {
            return file;
        }

        io.shmproc.memory.RegionKind kind() {
            return kind;
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

        byte getByte(final long offset) throws IOException {
            read(offset, 1);
            return scratch.get(0);
        }

        /**
         * Whether another process holds a file lock on a byte of the file: probes with a shared lock, released
         * at once (a shared lock needs only read access).
         */
        boolean isLockedByAnother(final long filePosition) throws IOException {
            try (FileLock probe = channel.tryLock(filePosition, 1, true)) {
                return probe == null;
            } catch (final OverlappingFileLockException e) {
                return true; // this JVM holds it
            }
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
