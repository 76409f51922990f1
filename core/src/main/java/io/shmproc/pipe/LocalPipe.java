package io.shmproc.pipe;

import io.shmproc.channel.ChannelOptions;
import io.shmproc.channel.SpscChannel;
import io.shmproc.codec.Codec;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.ProcessIdentity;
import io.shmproc.memory.RegionKind;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The mapped-file implementation of {@link Pipe}: two {@link LocalConnection} ends over one shared file; see there
 * for what it guarantees.
 *
 * @param <T> the type of the messages
 */
final class LocalPipe<T> implements Pipe<T> {
    private final LocalConnection<T> first;
    private final LocalConnection<T> second;
    private final Path file;

    private LocalPipe(final Path file, final LocalConnection<T> first, final LocalConnection<T> second) {
        this.file = file;
        this.first = first;
        this.second = second;
    }

    /** Creates the pipe's file and opens both ends in this process: see {@link Pipe#open(Path, PipeOptions, Codec)}. */
    static <T> LocalPipe<T> open(final Path file, final PipeOptions options, final Codec<T> codec) {
        Objects.requireNonNull(codec, "codec");
        final ChannelOptions channel = options.channelOptions();
        final int block = SpscChannel.blockLength(channel);
        final boolean duplex = options.isDuplex();
        final ProcessIdentity me = ProcessIdentity.current();
        final MappedRegion region = MappedRegion.create(file, RegionKind.PIPE, PipeLayout.VERSION,
            PipeLayout.length(duplex, block), payload -> {
                payload.putInt(PipeLayout.DUPLEX_OFFSET, duplex ? 1 : 0);
                PipeLayout.putEnd(payload, 1, me.pid(), me.startMillis(), PipeLayout.OPEN);
                PipeLayout.putEnd(payload, 2, me.pid(), me.startMillis(), PipeLayout.OPEN);
                EndHolders.initialize(payload);
                SpscChannel.initialize(payload, PipeLayout.channelOffset(0, block), channel);
                if (duplex) {
                    SpscChannel.initialize(payload, PipeLayout.channelOffset(1, block), channel);
                }
            });
        final LocalConnection<T> first = LocalConnection.open(region, 1, codec, options);
        final LocalConnection<T> second;
        try {
            second = LocalConnection.open(MappedRegion.attach(file, RegionKind.PIPE, PipeLayout.VERSION), 2, codec,
                options);
        } catch (final RuntimeException e) {
            first.close();
            region.unlink();
            throw e;
        }
        return new LocalPipe<>(file, first, second);
    }

    @Override
    public Connection<T> first() {
        return first;
    }

    @Override
    public Connection<T> second() {
        return second;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public boolean unlink() {
        return unlinkFiles(file);
    }

    /** Removes a pipe's file and the shared channel files beside it; returns whether the pipe's file was removed. */
    static boolean unlinkFiles(final Path file) {
        PipeLayout.sharedChannelFile(file, 0).toFile().delete();
        PipeLayout.sharedChannelFile(file, 1).toFile().delete();
        return file.toFile().delete();
    }

    @Override
    public void close() {
        try {
            first.close();
        } finally {
            second.close();
        }
    }

    @Override
    public String toString() {
        return "Pipe[" + file + ", " + first + ", " + second + "]";
    }
}
