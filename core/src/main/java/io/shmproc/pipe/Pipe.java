package io.shmproc.pipe;

import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.RegionException;
import java.nio.file.Path;

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
 * <p>The static {@code open} factories create a pipe over a mapped file; {@code Shmproc.pipe()} gives the pipe
 * of its context's backend (a mapped file for {@code Shmproc.open()} contexts, other transports elsewhere).
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
public interface Pipe<T> extends AutoCloseable {
    /**
     * Creates a duplex pipe with the default codec ({@link Codecs#object()}).
     *
     * @param file where to create the pipe's shared file (must not exist)
     * @return the pipe
     * @throws RegionException when the file cannot be created
     */
    static Pipe<Object> open(final Path file) {
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
    static Pipe<Object> open(final Path file, final PipeOptions options) {
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
    static <T> Pipe<T> open(final Path file, final PipeOptions options, final Codec<T> codec) {
        return LocalPipe.open(file, options, codec);
    }

    /**
     * End 1 (Python's {@code conn1}); the receiving end of a simplex pipe.
     *
     * @return the first connection
     */
    Connection<T> first();

    /**
     * End 2 (Python's {@code conn2}); the sending end of a simplex pipe.
     *
     * @return the second connection
     */
    Connection<T> second();

    /**
     * The pipe's shared file.
     *
     * @return the path, or {@code null} for a pipe that has no file on this host (a pipe across hosts)
     */
    Path file();

    /**
     * Removes the pipe's file now; ends already attached keep working.
     *
     * @return {@code true} if this call removed it
     */
    boolean unlink();

    /**
     * Closes both ends' handles in this process (an end passed to another process is only released here).
     */
    void close();
}
