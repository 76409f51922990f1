package io.shmproc.pipe;

import io.shmproc.channel.ChannelLayout;
import io.shmproc.channel.ChannelOptions;
import io.shmproc.channel.MessageHandler;
import io.shmproc.channel.SpscChannel;
import io.shmproc.channel.WaitCheck;
import io.shmproc.codec.Codec;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.ProcessIdentity;
import io.shmproc.memory.RegionKind;
import java.io.EOFException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

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
 * <p><b>The other end.</b> {@code recv} throws {@link EOFException} once the other end is closed or its
 * process is dead and every message it sent has been received — also a {@code recv} already blocked then
 * (a blocked call checks the other end's state every 20 ms and its process every 50 ms). {@code send} to a
 * closed end fails at once with a {@link ClosedException}; {@code send} to a dead process's end fails with a
 * {@link PeerDiedException} when the ring fills (it never hangs), and a send into free room may succeed
 * unnoticed, as with a socket.
 *
 * <p><b>Passing an end to another process.</b> A connection is a serializable handle: serialize it (for example
 * as an argument of a child process) and the copy deserialized in the other process attaches to the same pipe
 * and becomes that end's owner; the original handle can then no longer be used. Until the copy attaches, the
 * end counts as alive.
 *
 * <p><b>Threads.</b> One thread at a time may send and one may receive.
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
public final class Connection<T> implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];
    private static final long LIVENESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** A waiting call checks the other end's state word every 20 ms and its process every 50 ms. */
    private static final long PEER_LIVENESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Path file;
    private final int end;
    private final Codec<T> codec;
    private final PipeOptions options;
    private final transient MappedRegion region;
    private final transient AtomicBuffer payload;
    private final transient SpscChannel in;
    private final transient SpscChannel out;
    private final transient ArrayBuffer scratch = ArrayBuffer.growable(256);
    private final transient ArrayBuffer bytesView = ArrayBuffer.wrapping(new byte[0]);
    private final transient IdleStrategy pollIdle;
    private final transient MessageHandler decoder = this::decode;
    private final transient MessageHandler copier = this::copy;
    private transient T decoded;
    private transient byte[] copied;
    private transient int copyMax;
    private transient boolean handedOver;
    private transient long nextLivenessCheck;
    private transient long nextPeerCheck;
    private transient volatile boolean closed;

    private Connection(final MappedRegion region, final int end, final Codec<T> codec, final PipeOptions options) {
        this.region = region;
        this.file = region.file();
        this.end = end;
        this.codec = codec;
        this.options = options;
        this.payload = region.payload();
        final ChannelOptions channelOptions = options.channelOptions();
        final int block = ChannelLayout.length(payload.getInt(PipeLayout.CHANNELS_OFFSET
            + ChannelLayout.CAPACITY_OFFSET), 1);
        final boolean duplex = payload.getInt(PipeLayout.DUPLEX_OFFSET) == 1;
        final int inChannel = end == 1 ? 0 : 1;
        final int outChannel = end == 1 ? 1 : 0;
        this.in = duplex || inChannel == 0 ? SpscChannel.wrap(payload, PipeLayout.channelOffset(inChannel, block),
            file, channelOptions) : null;
        this.out = duplex || outChannel == 0 ? SpscChannel.wrap(payload, PipeLayout.channelOffset(outChannel, block),
            file, channelOptions) : null;
        final WaitCheck check = this::checkPeer;
        if (in != null) {
            in.waitCheck(check);
        }
        if (out != null) {
            out.waitCheck(check);
        }
        this.pollIdle = channelOptions.waitStrategy().newIdleStrategy();
    }

    static <T> Connection<T> open(final MappedRegion region, final int end, final Codec<T> codec,
                                  final PipeOptions options) {
        try {
            return new Connection<>(region, end, codec, options);
        } catch (final RuntimeException e) {
            region.close();
            throw e;
        }
    }

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
    public void send(final T value) throws InterruptedException {
        final SpscChannel out = writable();
        final int length;
        try {
            length = codec.encode(value, scratch, 0);
        } catch (final CodecException e) {
            throw e;
        } catch (final RuntimeException e) {
            throw new CodecException("cannot encode a " + (value == null ? "null" : value.getClass().getName())
                + " with " + codec + ": " + e + "; nothing was sent", e);
        }
        write(out, scratch, 0, length);
    }

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
    public void sendBytes(final byte[] bytes, final int offset, final int length) throws InterruptedException {
        final SpscChannel out = writable();
        bytesView.wrap(bytes);
        try {
            write(out, bytesView, offset, length);
        } finally {
            bytesView.wrap(EMPTY);
        }
    }

    /**
     * Sends all of {@code bytes} as one message.
     *
     * @param bytes the message
     * @throws ClosedException      when this end or the other end is closed
     * @throws PeerDiedException    when the other end's process died while the ring was full
     * @throws InterruptedException when interrupted while waiting for room
     */
    public void sendBytes(final byte[] bytes) throws InterruptedException {
        sendBytes(bytes, 0, bytes.length);
    }

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
    public void sendBytes(final DirectBuffer buffer, final int offset, final int length) throws InterruptedException {
        write(writable(), buffer, offset, length);
    }

    private void write(final SpscChannel out, final DirectBuffer buffer, final int offset, final int length)
        throws InterruptedException {
        if (peerClosed()) {
            throw new ClosedException("the other end of pipe " + file + " is closed; nothing was sent");
        }
        if (!out.offer(buffer, offset, length)) {
            out.offer(buffer, offset, length, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Receives the next value, waiting for it.
     *
     * @return the decoded value
     * @throws EOFException         when the other end is closed or dead and nothing is left to receive
     * @throws CodecException       when the message cannot be decoded (it is consumed)
     * @throws ClosedException      when this end is closed
     * @throws InterruptedException when interrupted while waiting
     */
    public T recv() throws EOFException, InterruptedException {
        return recv(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

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
    public T recv(final long timeout, final TimeUnit unit) throws EOFException, InterruptedException {
        decoded = null;
        try {
            if (!receive(decoder, unit.toNanos(timeout))) {
                throw new ShmprocTimeoutException("no message on pipe " + file + " within " + timeout + " "
                    + unit.toString().toLowerCase());
            }
            return decoded;
        } finally {
            decoded = null;
        }
    }

    /**
     * Receives the next message as bytes, waiting for it (Python's {@code recv_bytes()}).
     *
     * @return a new array holding the message
     * @throws EOFException         when the other end is closed or dead and nothing is left to receive
     * @throws InterruptedException when interrupted while waiting
     */
    public byte[] recvBytes() throws EOFException, InterruptedException {
        return recvBytes(Integer.MAX_VALUE);
    }

    /**
     * Receives the next message as bytes, refusing one longer than {@code maxLength}.
     *
     * @param maxLength the longest message accepted
     * @return a new array holding the message
     * @throws ShmprocException     when the message is longer than {@code maxLength} (it is consumed and dropped)
     * @throws EOFException         when the other end is closed or dead and nothing is left to receive
     * @throws InterruptedException when interrupted while waiting
     */
    public byte[] recvBytes(final int maxLength) throws EOFException, InterruptedException {
        copyMax = maxLength;
        copied = null;
        try {
            receive(copier, Long.MAX_VALUE);
            if (copied == null) {
                throw new ShmprocException("a message on pipe " + file + " was longer than maxLength=" + maxLength
                    + " bytes; it was dropped");
            }
            return copied;
        } finally {
            copied = null;
        }
    }

    /**
     * Receives the next message into a buffer (Python's {@code recv_bytes_into}).
     *
     * @param buffer where to copy it
     * @param offset where in {@code buffer}
     * @return the message's length
     * @throws ShmprocException     when the message does not fit (it is consumed and dropped)
     * @throws EOFException         when the other end is closed or dead and nothing is left to receive
     * @throws InterruptedException when interrupted while waiting
     */
    public int recvBytesInto(final MutableDirectBuffer buffer, final int offset) throws EOFException,
        InterruptedException {
        final int[] length = {-1};
        receive((b, o, l) -> {
            if (offset >= 0 && (long) offset + l <= buffer.capacity()) {
                buffer.putBytes(offset, b, o, l);
                length[0] = l;
            } else {
                length[0] = -1 - l;
            }
        }, Long.MAX_VALUE);
        if (length[0] < 0) {
            throw new ShmprocException("a message of " + (-1 - length[0]) + " bytes does not fit a buffer of "
                + buffer.capacity() + " bytes at offset " + offset + "; it was dropped");
        }
        return length[0];
    }

    /**
     * Receives the next message into a byte array.
     *
     * @param bytes  where to copy it
     * @param offset where in {@code bytes}
     * @return the message's length
     * @throws ShmprocException     when the message does not fit (it is consumed and dropped)
     * @throws EOFException         when the other end is closed or dead and nothing is left to receive
     * @throws InterruptedException when interrupted while waiting
     */
    public int recvBytesInto(final byte[] bytes, final int offset) throws EOFException, InterruptedException {
        return recvBytesInto(ArrayBuffer.wrapping(bytes), offset);
    }

    /**
     * Receives the next message in place, without copying or allocating: the handler sees the bytes in shared
     * memory (or in the reassembly buffer of a fragmented message) and must copy what it keeps.
     *
     * @param handler receives the message
     * @throws EOFException         when the other end is closed or dead and nothing is left to receive
     * @throws InterruptedException when interrupted while waiting
     */
    public void recvBytes(final MessageHandler handler) throws EOFException, InterruptedException {
        receive(handler, Long.MAX_VALUE);
    }

    /**
     * Receives the messages waiting now, up to a limit, in place and without waiting: the batch form of
     * {@link #recvBytes(MessageHandler)} for the fastest byte path. Never reports end of file: use
     * {@link #poll()} or {@link #recvBytes(MessageHandler)} for that.
     *
     * @param handler receives each message in place
     * @param limit   the most ring records to read (a fragmented message takes several)
     * @return the number of messages received, 0 when none was waiting
     */
    public int pollBytes(final MessageHandler handler, final int limit) {
        return readable().poll(handler, limit);
    }

    private boolean receive(final MessageHandler handler, final long timeoutNanos) throws EOFException,
        InterruptedException {
        final SpscChannel in = readable();
        if (in.poll(handler, 1) > 0) {
            return true;
        }
        if (peerClosed()) {
            return drainOrEof(in, handler);
        }
        try {
            return in.poll(handler, 1, timeoutNanos, TimeUnit.NANOSECONDS) > 0;
        } catch (final PeerDiedException | ClosedException e) {
            if (closed) {
                throw e;
            }
            return drainOrEof(in, handler);
        }
    }

    private boolean drainOrEof(final SpscChannel in, final MessageHandler handler) throws EOFException {
        final int bound = in.capacity() / 8 + 2;
        for (int i = 0; i < bound && !in.isEmpty(); i++) {
            if (in.poll(handler, 1) > 0) {
                return true;
            }
        }
        throw new EOFException("the other end of pipe " + file + " " + peerGone() + "; nothing is left to receive");
    }

    /**
     * Whether a message (or end of file) is waiting, without waiting.
     *
     * @return {@code true} when {@code recv} would not block
     */
    public boolean poll() {
        final SpscChannel in = readable();
        if (!in.isEmpty() || peerClosed()) {
            return true;
        }
        final long now = System.nanoTime();
        if (now - nextLivenessCheck >= 0) {
            nextLivenessCheck = now + LIVENESS_INTERVAL_NANOS;
            return peerGone() != null;
        }
        return false;
    }

    /**
     * Waits up to a timeout until a message (or end of file) is waiting (Python's {@code poll(timeout)}).
     *
     * @param timeout how long to wait
     * @param unit    its unit
     * @return {@code true} when {@code recv} would not block
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean poll(final long timeout, final TimeUnit unit) throws InterruptedException {
        return !waitAny(List.of(this), timeout, unit).isEmpty();
    }

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
    public static List<Connection<?>> waitAny(final Collection<? extends Connection<?>> connections,
                                              final long timeout, final TimeUnit unit) throws InterruptedException {
        if (connections == null || connections.isEmpty()) {
            throw new IllegalArgumentException("connections=" + connections + "; give at least one connection");
        }
        final long start = System.nanoTime();
        final long timeoutNanos = unit.toNanos(timeout);
        IdleStrategy idle = null;
        long nextCheck = start;
        while (true) {
            final List<Connection<?>> ready = new ArrayList<>();
            final long now = System.nanoTime();
            final boolean checkPeers = now - nextCheck >= 0;
            for (final Connection<?> connection : connections) {
                final SpscChannel in = connection.readable();
                if (!in.isEmpty() || connection.peerClosed() || (checkPeers && connection.peerGone() != null)) {
                    ready.add(connection);
                }
            }
            if (!ready.isEmpty() || now - start >= timeoutNanos) {
                return ready;
            }
            if (checkPeers) {
                nextCheck = now + LIVENESS_INTERVAL_NANOS;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted in waitAny");
            }
            if (idle == null) {
                idle = idleOf(connections.iterator().next());
                idle.reset();
            }
            idle.idle();
        }
    }

    private static IdleStrategy idleOf(final Connection<?> connection) {
        return connection.pollIdle;
    }

    private void checkPeer() {
        if (peerClosed()) {
            throw new ClosedException("the other end of pipe " + file + " was closed");
        }
        final long now = System.nanoTime();
        if (now - nextPeerCheck < 0) {
            return;
        }
        nextPeerCheck = now + PEER_LIVENESS_INTERVAL_NANOS;
        final String gone = peerGone();
        if (gone == null) {
            return;
        }
        if (gone.startsWith("was closed")) {
            throw new ClosedException("the other end of pipe " + file + " " + gone);
        }
        throw new PeerDiedException("the other end of pipe " + file + " " + gone);
    }

    private boolean peerClosed() {
        return payload.getLongVolatile(PipeLayout.endOffset(3 - end) + PipeLayout.STATE_OFFSET) == PipeLayout.CLOSED;
    }

    /**
     * Why the other end is gone, or {@code null} while it is open (or on its way to another process).
     *
     * @return a phrase such as "was closed" or "died (pid 123)"
     */
    private String peerGone() {
        final int at = PipeLayout.endOffset(3 - end);
        final long state = payload.getLongVolatile(at + PipeLayout.STATE_OFFSET);
        if (state == PipeLayout.CLOSED) {
            return "was closed";
        }
        if (state == PipeLayout.IN_TRANSIT) {
            return null;
        }
        final ProcessIdentity owner = new ProcessIdentity(payload.getLong(at + PipeLayout.PID_OFFSET),
            payload.getLong(at + PipeLayout.START_OFFSET));
        return owner.isAlive() ? null : "died (its process, pid " + owner.pid() + ", is gone)";
    }

    private SpscChannel readable() {
        ensureUsable();
        if (in == null) {
            throw new IllegalStateException("end " + end + " of simplex pipe " + file + " only sends");
        }
        return in;
    }

    private SpscChannel writable() {
        ensureUsable();
        if (out == null) {
            throw new IllegalStateException("end " + end + " of simplex pipe " + file + " only receives");
        }
        return out;
    }

    private void ensureUsable() {
        if (closed) {
            throw new ClosedException("end " + end + " of pipe " + file + " is closed");
        }
        if (handedOver) {
            throw new IllegalStateException("end " + end + " of pipe " + file + " was passed to another process;"
                + " use it there");
        }
    }

    private void decode(final DirectBuffer buffer, final int offset, final int length) {
        decoded = codec.decode(buffer, offset, length);
    }

    private void copy(final DirectBuffer buffer, final int offset, final int length) {
        if (length <= copyMax) {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            copied = bytes;
        }
    }

    /**
     * Whether this end can receive.
     *
     * @return {@code false} for the sending end of a simplex pipe
     */
    public boolean isReadable() {
        return in != null;
    }

    /**
     * Whether this end can send.
     *
     * @return {@code false} for the receiving end of a simplex pipe
     */
    public boolean isWritable() {
        return out != null;
    }

    /**
     * Whether this handle is closed.
     *
     * @return {@code true} after {@link #close()}
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Which end this is.
     *
     * @return 1 or 2
     */
    public int end() {
        return end;
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
     * Closes this end: the other end's {@code recv} then reaches end of file after the messages already sent,
     * and its {@code send} fails. Once both ends are closed (or the other end's process is dead) the pipe's
     * file is removed. Idempotent; closing a handle that was passed to another process only releases it here.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        final boolean owner = !handedOver && ownedByMe();
        if (in != null) {
            in.close();
        }
        if (out != null) {
            out.close();
        }
        if (owner) {
            final ProcessIdentity me = ProcessIdentity.current();
            PipeLayout.putEnd(payload, end, me.pid(), me.startMillis(), PipeLayout.CLOSED);
            if (peerGone() != null) {
                region.unlink();
            }
        }
        region.close();
    }

    private boolean ownedByMe() {
        final int at = PipeLayout.endOffset(end);
        return payload.getLongVolatile(at + PipeLayout.STATE_OFFSET) == PipeLayout.OPEN
            && payload.getLong(at + PipeLayout.PID_OFFSET) == ProcessIdentity.current().pid();
    }

    private synchronized Object writeReplace() {
        ensureUsable();
        if (in != null) {
            in.close();
        }
        if (out != null) {
            out.close();
        }
        PipeLayout.putEnd(payload, end, 0, -1, PipeLayout.IN_TRANSIT);
        handedOver = true;
        return new Ref<>(file, end, codec, options);
    }

    private void readObject(final ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("Connection travels as a Ref");
    }

    @Override
    public String toString() {
        final String peer = closed || handedOver ? "?" : String.valueOf(peerGone() == null ? "open" : peerGone());
        return "Connection[end " + end + " of " + file + (in != null && out != null ? ", duplex" : in != null
            ? ", receive-only" : ", send-only") + (closed ? ", closed" : handedOver ? ", passed on" : "")
            + ", other end " + peer + "]";
    }

    /** The serialized form: re-attaches to the pipe and takes ownership of the end. */
    private static final class Ref<T> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String file;
        private final int end;
        private final Codec<T> codec;
        private final PipeOptions options;

        Ref(final Path file, final int end, final Codec<T> codec, final PipeOptions options) {
            this.file = file.toString();
            this.end = end;
            this.codec = codec;
            this.options = options;
        }

        private Object readResolve() {
            final MappedRegion region = MappedRegion.attach(Path.of(file), RegionKind.PIPE, PipeLayout.VERSION);
            final ProcessIdentity me = ProcessIdentity.current();
            PipeLayout.putEnd(region.payload(), end, me.pid(), me.startMillis(), PipeLayout.OPEN);
            return open(region, end, codec, options);
        }
    }
}
