package io.shmproc.pipe;

import io.shmproc.channel.MessageHandler;
import io.shmproc.exceptions.BufferTooShortException;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import java.io.EOFException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One end of a {@link Pipe}: sends messages to the other end and receives the messages it sends, like
 * Python's {@code multiprocessing.connection.Connection}.
 *
 * <p><b>Messages.</b> {@link #send(Object)} encodes a value with the pipe's codec and {@link #recv()} decodes
 * it; {@link #sendBytes(byte[], int, int)} and {@link #recvBytes()} move raw bytes, and
 * {@link #sendBytes(DirectBuffer, int, int)} with {@link #recvBytes(MessageHandler)} move them without copying
 * or allocating. Messages arrive whole, exactly once, in the order sent; up to the pipe's maximum message
 * length (64 MiB by default), longer ones fragmented transparently. {@code send} returns once the message is
 * in shared memory.
 *
 * <p><b>The other end.</b> {@code recv} throws {@link EOFException} once every holder of the other end has
 * closed it or died and every message sent has been received — also a {@code recv} already blocked then (a
 * blocked call checks the other end's state every 20 ms and its holders' processes every 50 ms). {@code send} to
 * a closed end fails at once with a {@link ClosedException}; {@code send} to a dead end fails with a
 * {@link PeerDiedException} when the ring fills (it never hangs), and a send into free room may succeed
 * unnoticed, as with a socket.
 *
 * <p><b>Sharing an end.</b> A connection is a serializable handle: serialize it (for example as an argument of a
 * child process) and the copy deserialized in the other process attaches to the same end as one more
 * <em>holder</em>; the original stays usable, as in Python. Any number of processes (up to
 * {@link PipeLayout#HOLDER_SLOTS} holders per end) may then send and receive on one end: several senders
 * interleave whole messages (no lock needed), several receivers each take distinct whole messages, and each
 * sender's messages arrive in its order. A copy counts as a holder from serialization on, while the serializing
 * process lives, so close the copies you do not use: end of file comes only when every holder is gone. While
 * each side of a direction is used by one handle, the direction stays on its SPSC ring; a second handle using a
 * side switches it for good to an MPMC channel file beside the pipe (see {@code docs/design/channels.md}).
 *
 * <p>Implemented by the mapped-file connection of the pipes of {@code Shmproc.open()} contexts (and of
 * {@link Pipe#open}), and by other backends, such as pipes across hosts; the guarantees above are those of the
 * mapped-file connection, which every backend keeps as far as its transport allows.
 *
 * <p><b>Threads.</b> Per handle, one thread at a time may send and one may receive (use one handle per thread,
 * or a lock, to share an end between threads).
 *
 * <pre>{@code
 * try (Pipe<Object> pipe = Pipe.open(file)) {
 *     Connection<Object> parent = pipe.first();
 *     // pass pipe.second() to a child, which does child.send(List.of(42, null, "hello")); child.close();
 *     System.out.println(parent.recv());   // [42, null, hello]
 * }
 * }</pre>
 *
 * @param <T> the type of the messages
 */
public interface Connection<T> extends AutoCloseable, Serializable {
    /**
     * Sends a value, encoded with the pipe's codec; waits while the ring is full.
     *
     * @param value the value
     * @throws CodecException           when the codec cannot encode it (nothing is written)
     * @throws IllegalArgumentException when its encoding exceeds the maximum message length (nothing is written)
     * @throws ClosedException          when this end or the other end is closed
     * @throws PeerDiedException        when the other end's process died while the ring was full
     * @throws InterruptedException     when interrupted while waiting for room
     */
    void send(T value) throws InterruptedException;

    /**
     * Sends bytes as one message; waits while the ring is full. Allocates nothing.
     *
     * @param bytes  the source
     * @param offset where the message starts
     * @param length its length
     * @throws IllegalArgumentException when the range is outside {@code bytes} or exceeds the maximum length
     * @throws ClosedException          when this end or the other end is closed
     * @throws PeerDiedException        when the other end's process died while the ring was full
     * @throws InterruptedException     when interrupted while waiting for room
     */
    void sendBytes(byte[] bytes, int offset, int length) throws InterruptedException;

    /**
     * Sends all of {@code bytes} as one message.
     *
     * @param bytes the message
     * @throws ClosedException      when this end or the other end is closed
     * @throws PeerDiedException    when the other end's process died while the ring was full
     * @throws InterruptedException when interrupted while waiting for room
     */
    void sendBytes(byte[] bytes) throws InterruptedException;

    /**
     * Sends bytes from any Agrona buffer as one message, copied once straight into shared memory.
     *
     * @param buffer the source
     * @param offset where the message starts
     * @param length its length
     * @throws IllegalArgumentException when the range is outside {@code buffer} or exceeds the maximum length
     * @throws ClosedException          when this end or the other end is closed
     * @throws PeerDiedException        when the other end's process died while the ring was full
     * @throws InterruptedException     when interrupted while waiting for room
     */
    void sendBytes(DirectBuffer buffer, int offset, int length) throws InterruptedException;

    /**
     * Receives the next value, waiting for it.
     *
     * @return the decoded value
     * @throws EOFException         when the other end is closed or dead and nothing is left to receive
     * @throws CodecException       when the message cannot be decoded (it is consumed)
     * @throws ClosedException      when this end is closed
     * @throws InterruptedException when interrupted while waiting
     */
    T recv() throws EOFException, InterruptedException;

    /**
     * Receives the next value, waiting up to a timeout.
     *
     * @param timeout how long to wait
     * @param unit    its unit
     * @return the decoded value
     * @throws ShmprocTimeoutException when no message came in time (nothing is consumed)
     * @throws EOFException            when the other end is closed or dead and nothing is left to receive
     * @throws CodecException          when the message cannot be decoded (it is consumed)
     * @throws InterruptedException    when interrupted while waiting
     */
    T recv(long timeout, TimeUnit unit) throws EOFException, InterruptedException;

    /**
     * Receives the next message as bytes, waiting for it (Python's {@code recv_bytes()}).
     *
     * @return a new array holding the message
     * @throws EOFException         when the other end is closed or dead and nothing is left to receive
     * @throws InterruptedException when interrupted while waiting
     */
    byte[] recvBytes() throws EOFException, InterruptedException;

    /**
     * Receives the next message as bytes, refusing one longer than {@code maxLength}.
     *
     * @param maxLength the longest message accepted
     * @return a new array holding the message
     * @throws ShmprocException     when the message is longer than {@code maxLength} (it is consumed and dropped)
     * @throws EOFException         when the other end is closed or dead and nothing is left to receive
     * @throws InterruptedException when interrupted while waiting
     */
    byte[] recvBytes(int maxLength) throws EOFException, InterruptedException;

    /**
     * Receives the next message into a buffer (Python's {@code recv_bytes_into}).
     *
     * @param buffer where to copy it
     * @param offset where in {@code buffer}
     * @return the message's length
     * @throws BufferTooShortException when the message does not fit: it was consumed and is carried whole by the
     *     exception ({@link BufferTooShortException#received()}), as Python's {@code BufferTooShort}
     * @throws EOFException         when the other end is closed or dead and nothing is left to receive
     * @throws InterruptedException when interrupted while waiting
     */
    int recvBytesInto(MutableDirectBuffer buffer, int offset) throws EOFException, InterruptedException;

    /**
     * Receives the next message into a byte array.
     *
     * @param bytes  where to copy it
     * @param offset where in {@code bytes}
     * @return the message's length
     * @throws BufferTooShortException when the message does not fit: it was consumed and is carried whole by the
     *     exception ({@link BufferTooShortException#received()}), as Python's {@code BufferTooShort}
     * @throws EOFException         when the other end is closed or dead and nothing is left to receive
     * @throws InterruptedException when interrupted while waiting
     */
    int recvBytesInto(byte[] bytes, int offset) throws EOFException, InterruptedException;

    /**
     * Receives the next message in place, without copying or allocating: the handler sees the bytes in shared
     * memory (or in the reassembly buffer of a fragmented message) and must copy what it keeps.
     *
     * @param handler receives the message
     * @throws EOFException         when the other end is closed or dead and nothing is left to receive
     * @throws InterruptedException when interrupted while waiting
     */
    void recvBytes(MessageHandler handler) throws EOFException, InterruptedException;

    /**
     * Receives the messages waiting now, up to a limit, in place and without waiting: the batch form of
     * {@link #recvBytes(MessageHandler)} for the fastest byte path. Never reports end of file: use
     * {@link #poll()} or {@link #recvBytes(MessageHandler)} for that.
     *
     * @param handler receives each message in place
     * @param limit   the most ring records to read (a fragmented message takes several)
     * @return the number of messages received, 0 when none was waiting
     */
    int pollBytes(MessageHandler handler, int limit);

    /**
     * Whether a message (or end of file) is waiting, without waiting.
     *
     * @return {@code true} when {@code recv} would not block
     */
    boolean poll();

    /**
     * Waits up to a timeout until a message (or end of file) is waiting (Python's {@code poll(timeout)}).
     *
     * @param timeout how long to wait
     * @param unit    its unit
     * @return {@code true} when {@code recv} would not block
     * @throws InterruptedException when interrupted while waiting
     */
    boolean poll(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Waits until at least one of the connections has a message (or end of file) waiting, like Python's
     * {@code multiprocessing.connection.wait}.
     *
     * @param connections the connections to watch, each readable
     * @param timeout     how long to wait; 0 to only look
     * @param unit        its unit
     * @return the ready connections, in the given order; empty on timeout
     * @throws InterruptedException when interrupted while waiting
     */
    static List<Connection<?>> waitAny(Collection<? extends Connection<?>> connections, long timeout,
                                       TimeUnit unit) throws InterruptedException {
        return WaitAny.waitAny(connections, timeout, unit);
    }

    /**
     * Whether this end can receive.
     *
     * @return {@code false} for the sending end of a simplex pipe
     */
    boolean isReadable();

    /**
     * Whether this end can send.
     *
     * @return {@code false} for the receiving end of a simplex pipe
     */
    boolean isWritable();

    /**
     * Whether this handle is closed.
     *
     * @return {@code true} after {@link #close()}
     */
    boolean isClosed();

    /**
     * Which end this is.
     *
     * @return 1 or 2
     */
    int end();

    /**
     * The pipe's shared file.
     *
     * @return the pipe's file, or {@code null} for a connection that does not go through a file on this host
     *     (a pipe across hosts)
     */
    Path file();

    /**
     * Closes this end: the other end's {@code recv} then reaches end of file after the messages already sent,
     * and its {@code send} fails. Once both ends are closed (or the other end's process is dead) the pipe's
     * file is removed. Idempotent; closing a handle that was passed to another process only releases it here.
     */
    void close();
}
