package io.shmproc.pipe;

import io.shmproc.channel.ChannelOptions;
import io.shmproc.channel.SpscChannel;
import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.RegionException;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.ProcessIdentity;
import io.shmproc.memory.RegionKind;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A pipe between processes: two {@link Connection} ends over one shared file, like Python's
 * {@code multiprocessing.Pipe(duplex)}.
 *
 * <pre>
 *   end 1 ──send──▶ [ channel 1: SPSC ring ] ──recv──▶ end 2        (duplex only)
 *   end 1 ◀──recv── [ channel 0: SPSC ring ] ◀──send── end 2
 * </pre>
 *
 * <p>A duplex pipe's ends both send and receive; a simplex pipe's {@link #first()} end only receives and its
 * {@link #second()} end only sends, as in Python. Both ends start in the creating process; pass one to another
 * process by serializing it (see {@link Connection}). The file is removed when both ends are closed, or by
 * {@link #unlink()}.
 *
 * <pre>{@code
 * try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"), PipeOptions.duplex())) {
 *     pipe.second().send("ping");
 *     Object got = pipe.first().recv();
 * }
 * }</pre>
 *
 * @param <T> the type of the messages
 */
public final class Pipe<T> implements AutoCloseable {
    private final Connection<T> first;
    private final Connection<T> second;
    private final Path file;

    private Pipe(final Path file, final Connection<T> first, final Connection<T> second) {
        this.file = file;
        this.first = first;
        this.second = second;
    }

    /**
     * Creates a duplex pipe with the default codec ({@link Codecs#object()}).
     *
     * @param file where to create the pipe's shared file (must not exist)
     * @return the pipe
     * @throws RegionException when the file cannot be created
     */
    public static Pipe<Object> open(final Path file) {
        return open(file, PipeOptions.duplex());
    }

    /**
     * Creates a pipe with the default codec ({@link Codecs#object()}).
     *
     * @param file    where to create the pipe's shared file (must not exist)
     * @param options duplex or simplex, sizes, waiting
     * @return the pipe
     * @throws RegionException when the file cannot be created
     */
    public static Pipe<Object> open(final Path file, final PipeOptions options) {
        return open(file, options, Codecs.object());
    }

    /**
     * Creates a pipe with a codec.
     *
     * @param file    where to create the pipe's shared file (must not exist)
     * @param options duplex or simplex, sizes, waiting
     * @param codec   encodes what {@link Connection#send} takes and decodes what {@link Connection#recv} returns
     * @param <T>     the type of the messages
     * @return the pipe
     * @throws RegionException when the file cannot be created
     */
    public static <T> Pipe<T> open(final Path file, final PipeOptions options, final Codec<T> codec) {
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
        final Connection<T> first = Connection.open(region, 1, codec, options);
        final Connection<T> second;
        try {
            second = Connection.open(MappedRegion.attach(file, RegionKind.PIPE, PipeLayout.VERSION), 2, codec,
                options);
        } catch (final RuntimeException e) {
            first.close();
            region.unlink();
            throw e;
        }
        return new Pipe<>(file, first, second);
    }

    /**
     * End 1 (Python's {@code conn1}); the receiving end of a simplex pipe.
     *
     * @return the first connection
     */
    public Connection<T> first() {
        return first;
    }

    /**
     * End 2 (Python's {@code conn2}); the sending end of a simplex pipe.
     *
     * @return the second connection
     */
    public Connection<T> second() {
        return second;
    }

    /**
     * The pipe's shared file.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Removes the pipe's file now; ends already attached keep working.
     *
     * @return {@code true} if this call removed it
     */
    public boolean unlink() {
        return unlinkFiles(file);
    }

    /** Removes a pipe's file and the shared channel files beside it; returns whether the pipe's file was removed. */
    static boolean unlinkFiles(final Path file) {
        PipeLayout.sharedChannelFile(file, 0).toFile().delete();
        PipeLayout.sharedChannelFile(file, 1).toFile().delete();
        return file.toFile().delete();
    }

    /**
     * Closes both ends' handles in this process (an end passed to another process is only released here).
     */
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
