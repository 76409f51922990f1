package io.shmproc.cluster;

import io.aeron.Aeron;
import io.aeron.BufferBuilder;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.ReservedValueSupplier;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.shmproc.channel.MessageHandler;
import io.shmproc.codec.Codec;
import io.shmproc.exceptions.BufferTooShortException;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.pipe.Connection;
import java.io.EOFException;
import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * One end of a pipe across hosts ({@link ClusterPipe}): messages go over Aeron UDP directly between the two ends'
 * processes, never through the cluster's leader; the cluster only tells each end where the other listens.
 *
 * <p><b>Wire.</b> Each end that receives listens on a UDP port of its host (an Aeron subscription on
 * {@code <egress host>:0}, the address the members reach its client at) and records {@code host:port} in the
 * cluster under the pipe's id and its end number; an end that sends reads the other end's record and publishes to
 * it. Every message is one Aeron message of the message's bytes alone; the header's reserved value says what it
 * is: {@link #DATA} for a message, {@link #CLOSE} for the last one a closing end sends. (A type byte in front of
 * the bytes made a 32-byte message a 96-byte frame instead of 64: Aeron aligns frames to 32 bytes.)
 *
 * <pre>
 *   end 1, a process on host A                      end 2, a process on host B
 *   publication to B:q      ---- UDP, direct ----&gt;  subscription on B:q   (recorded as "&lt;pipe id&gt;/2")
 *   subscription on A:p     &lt;--- UDP, direct -----  publication to A:p    (recorded as "&lt;pipe id&gt;/1")
 * </pre>
 *
 * <p><b>Ends and processes.</b> An end is set up in the first process that sends or receives on it, and belongs
 * to that process until it closes it: a second process using the same end is refused with an
 * {@link IllegalStateException} (across hosts an end has one holder, where a local pipe end may have several).
 *
 * <p><b>The other end.</b> {@code send} waits until the other end listens (up to the context's connect timeout,
 * then {@link ShmprocTimeoutException}); {@code recv} ends in {@link EOFException} once the other end closed (after
 * the messages it sent before closing) or died (its stream stops: within {@link ClusterClient#IMAGE_LIVENESS_NANOS}).
 * {@code send} to an end that was connected and is gone fails with {@link ClosedException}.
 *
 * <p>Per handle, one thread at a time may send and one may receive, as locally.
 *
 * @param <T> the type of the messages
 */
final class ClusterConnection<T> implements Connection<T> {
    private static final long serialVersionUID = 1L;
    /** The Aeron stream id of pipe traffic. */
    static final int STREAM_ID = 1_015;
    /** The header's reserved value of a message (Aeron's default). */
    static final long DATA = 0;
    /** The header's reserved value of the last frame a closing end sends. */
    static final long CLOSE = 2;
    private static final byte[] NOTHING = new byte[0];
    private static final ReservedValueSupplier CLOSING = (termBuffer, termOffset, frameLength) -> CLOSE;
    /** Term length of a pipe direction's stream: messages up to an eighth of it. */
    static final int TERM_LENGTH = 4 * 1024 * 1024;
    /** The longest message across hosts: an Aeron message of one term's eighth. */
    static final int MAX_MESSAGE_LENGTH = TERM_LENGTH / 8;
    private static final int FRAGMENTS_PER_POLL = 16;
    /** How long {@link #close()} tries to deliver its close frame. */
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final transient ClusterClient client;
    private final transient ClusterPipe<T> pipe;
    private final int end;
    private final boolean readable;
    private final boolean writable;
    private final transient Codec<T> codec;
    private final transient long connectTimeoutNanos;
    private final transient ArrayDeque<byte[]> received = new ArrayDeque<>();
    private final transient FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    /**
     * Frames handed to Aeron, made on the first send: an Aeron-made buffer of the longest frame, whose
     * {@code addressOffset()} is what Aeron's copies expect (a shmproc {@code ArrayBuffer} reports an array index
     * there; and core refers to no Agrona buffer class that needs a JVM flag).
     */
    private transient MutableDirectBuffer scratch;
    private final transient MutableDirectBuffer view = new BufferBuilder(0).buffer();
    /** Wraps the caller's array during a {@code sendBytes(byte[])}: Aeron copies from it into the stream. */
    private final transient MutableDirectBuffer sendView = new BufferBuilder(0).buffer();
    private final transient IdleStrategy sendIdle = idle();
    private final transient IdleStrategy receiveIdle = idle();
    private transient volatile Subscription subscription;
    private transient volatile ExclusivePublication publication;
    private transient boolean sendConnected;
    private transient boolean recvConnected;
    private transient boolean peerClosed;
    /** Where the message of the poll under way goes in place; {@code null}: into {@link #received}. */
    private transient MessageHandler target;
    private transient boolean taken;
    private transient T decoded;
    private final transient MessageHandler decoder = this::decode;
    private final transient Into into = new Into();
    private transient boolean published;
    private volatile boolean closed;

    ClusterConnection(final ClusterClient client, final ClusterPipe<T> pipe, final int end, final Codec<T> codec,
                      final long connectTimeoutNanos) {
        this.client = client;
        this.pipe = pipe;
        this.end = end;
        this.readable = pipe.isDuplex() || end == 1;
        this.writable = pipe.isDuplex() || end == 2;
        this.codec = codec;
        this.connectTimeoutNanos = connectTimeoutNanos;
    }

    // ---- sending ----

    @Override
    public void send(final T value) throws InterruptedException {
        checkWritable();
        final MutableDirectBuffer scratch = scratch();
        final int length;
        try {
            length = codec.encode(value, scratch, 0);
        } catch (final CodecException e) {
            throw e;
        } catch (final IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a " + value.getClass().getName() + " encodes to more than the "
                + MAX_MESSAGE_LENGTH + " bytes a pipe across hosts carries; nothing was sent", e);
        } catch (final RuntimeException e) {
            throw new CodecException("cannot encode a " + (value == null ? "null" : value.getClass().getName())
                + " with " + codec + ": " + e + "; nothing was sent", e);
        }
        offer(scratch, 0, length);
    }

    @Override
    public void sendBytes(final byte[] bytes, final int offset, final int length) throws InterruptedException {
        if (bytes == null || offset < 0 || length < 0 || (long) offset + length > bytes.length) {
            throw new IllegalArgumentException("offset=" + offset + ", length=" + length + " is outside an array of "
                + (bytes == null ? "null" : bytes.length + " bytes") + "; nothing was sent");
        }
        checkWritable();
        checkLength(length);
        final MutableDirectBuffer array = sendView;
        array.wrap(bytes);
        try {
            offer(array, offset, length);
        } finally {
            array.wrap(NOTHING); // keeps no reference to the caller's array
        }
    }

    @Override
    public void sendBytes(final byte[] bytes) throws InterruptedException {
        sendBytes(bytes, 0, bytes.length);
    }

    @Override
    public void sendBytes(final DirectBuffer buffer, final int offset, final int length)
        throws InterruptedException {
        if (buffer == null || offset < 0 || length < 0 || (long) offset + length > buffer.capacity()) {
            throw new IllegalArgumentException("offset=" + offset + ", length=" + length + " is outside a buffer of "
                + (buffer == null ? "null" : buffer.capacity() + " bytes") + "; nothing was sent");
        }
        checkWritable();
        checkLength(length);
        final MutableDirectBuffer scratch = scratch();
        buffer.getBytes(offset, scratch.byteArray(), 0, length); // the source's own copy, whatever its kind
        offer(scratch, 0, length);
    }

    private MutableDirectBuffer scratch() {
        if (scratch == null) {
            scratch = new BufferBuilder(MAX_MESSAGE_LENGTH).buffer();
        }
        return scratch;
    }

    private void checkLength(final int length) {
        if (length > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("a message of " + length + " bytes exceeds the " + MAX_MESSAGE_LENGTH
                + " bytes a pipe across hosts carries; nothing was sent (split it, or use a local pipe)");
        }
    }

    /** Offers one frame; its length was checked by the caller (or bounded by {@link #scratch()}). */
    private void offer(final DirectBuffer frame, final int offset, final int length) throws InterruptedException {
        final ExclusivePublication ready = publication;
        final ExclusivePublication out = ready != null ? ready : publication();
        final IdleStrategy idle = sendIdle;
        idle.reset();
        long deadline = 0; // taken when the other end is first found not listening, not on every send
        while (true) {
            checkOpen();
            final long result = out.offer(frame, offset, length);
            if (result > 0) {
                sendConnected = true;
                return;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                throw new ClosedException("end " + end + " of pipe " + pipe.id() + " can send no more ("
                    + (result == Publication.CLOSED ? "its stream is closed" : "its stream is full") + ")");
            }
            if (result == Publication.NOT_CONNECTED) {
                if (sendConnected) {
                    throw new ClosedException("the other end of pipe " + pipe.id() + " is closed or gone; nothing "
                        + "was sent");
                }
                final long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + connectTimeoutNanos;
                } else if (now - deadline > 0) {
                    throw new ShmprocTimeoutException("the other end of pipe " + pipe.id() + " did not listen within "
                        + TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos) + " ms; nothing was sent (is a process "
                        + "using it?)");
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while sending on pipe " + pipe.id()
                    + "; nothing was sent");
            }
            idle.idle();
        }
    }

    // ---- receiving ----

    @Override
    public T recv() throws EOFException, InterruptedException {
        take(decoder, Long.MAX_VALUE);
        return takeDecoded();
    }

    @Override
    public T recv(final long timeout, final TimeUnit unit) throws EOFException, InterruptedException {
        if (!take(decoder, unit.toNanos(timeout))) {
            throw new ShmprocTimeoutException("no message on pipe " + pipe.id() + " within " + timeout + " "
                + unit.toString().toLowerCase());
        }
        return takeDecoded();
    }

    private T takeDecoded() {
        final T value = decoded;
        decoded = null;
        return value;
    }

    private void decode(final DirectBuffer buffer, final int offset, final int length) {
        try {
            decoded = codec.decode(buffer, offset, length);
        } catch (final CodecException e) {
            throw e;
        } catch (final RuntimeException e) {
            throw new CodecException("cannot decode a message of " + length + " bytes on pipe " + pipe.id()
                + " with " + codec + ": " + e + " (it is consumed)", e);
        }
    }

    @Override
    public byte[] recvBytes() throws EOFException, InterruptedException {
        return recvBytes(Integer.MAX_VALUE);
    }

    @Override
    public byte[] recvBytes(final int maxLength) throws EOFException, InterruptedException {
        final byte[][] copy = {null};
        final int[] tooLong = {-1};
        take((buffer, offset, length) -> {
            if (length > maxLength) {
                tooLong[0] = length;
            } else {
                copy[0] = new byte[length];
                buffer.getBytes(offset, copy[0]);
            }
        }, Long.MAX_VALUE);
        if (copy[0] == null) {
            throw new ShmprocException("a message of " + tooLong[0] + " bytes on pipe " + pipe.id() + " was longer "
                + "than maxLength=" + maxLength + " bytes; it was dropped");
        }
        return copy[0];
    }

    @Override
    public int recvBytesInto(final MutableDirectBuffer buffer, final int offset) throws EOFException,
        InterruptedException {
        final Into into = this.into;
        into.buffer = buffer;
        return receiveInto(into, offset, buffer.capacity());
    }

    @Override
    public int recvBytesInto(final byte[] bytes, final int offset) throws EOFException, InterruptedException {
        final Into into = this.into;
        into.array = bytes;
        return receiveInto(into, offset, bytes.length);
    }

    private int receiveInto(final Into into, final int offset, final int capacity) throws EOFException,
        InterruptedException {
        into.offset = offset;
        into.copied = -1;
        into.tooLong = null;
        try {
            take(into, Long.MAX_VALUE);
        } finally {
            into.array = null;
            into.buffer = null;
        }
        final byte[] tooLong = into.tooLong;
        if (tooLong != null) {
            into.tooLong = null;
            throw new BufferTooShortException("a message of " + tooLong.length + " bytes does not fit a buffer of "
                + capacity + " bytes at offset " + offset + "; it is in this exception's received()", tooLong);
        }
        return into.copied;
    }

    /**
     * The handler of {@code recvBytesInto}, one per end and reused (one thread receives at a time): copies the
     * message into the caller's array or buffer, or keeps a copy for the exception when it does not fit.
     */
    private static final class Into implements MessageHandler {
        private byte[] array;
        private MutableDirectBuffer buffer;
        private int offset;
        private int copied;
        private byte[] tooLong;

        @Override
        public void onMessage(final DirectBuffer source, final int at, final int length) {
            final int capacity = array != null ? array.length : buffer.capacity();
            if (offset >= 0 && (long) offset + length <= capacity) {
                if (array != null) {
                    source.getBytes(at, array, offset, length);
                } else {
                    buffer.putBytes(offset, source, at, length); // the target's own copy: shmproc's buffers too
                }
                copied = length;
            } else {
                tooLong = new byte[length];
                source.getBytes(at, tooLong);
            }
        }
    }

    @Override
    public void recvBytes(final MessageHandler handler) throws EOFException, InterruptedException {
        take(handler, Long.MAX_VALUE);
    }

    @Override
    public int pollBytes(final MessageHandler handler, final int limit) {
        checkReadable();
        int delivered = 0;
        while (delivered < limit && (deliverQueued(handler) || pollInto(handler))) {
            delivered++;
        }
        return delivered;
    }

    @Override
    public boolean poll() {
        checkReadable();
        if (received.isEmpty() && !peerClosed) {
            pollInto(null);
        }
        return !received.isEmpty() || peerGone();
    }

    @Override
    public boolean poll(final long timeout, final TimeUnit unit) throws InterruptedException {
        checkReadable();
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        final IdleStrategy idle = receiveIdle;
        idle.reset();
        while (true) {
            if (poll()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while polling pipe " + pipe.id());
            }
            idle.idle();
        }
    }

    /**
     * Hands the next message to {@code handler}, in place in the stream when it arrives now (no copy), waiting up
     * to {@code timeoutNanos}; {@code false} on timeout. A handler that throws has consumed the message.
     */
    private boolean take(final MessageHandler handler, final long timeoutNanos) throws EOFException,
        InterruptedException {
        checkReadable();
        final long start = timeoutNanos == Long.MAX_VALUE ? 0 : System.nanoTime(); // no clock read per recv()
        final IdleStrategy idle = receiveIdle;
        idle.reset();
        while (true) {
            checkOpen();
            if (deliverQueued(handler) || !peerClosed && pollInto(handler)) {
                return true;
            }
            if (peerGone()) {
                throw new EOFException("the other end of pipe " + pipe.id() + " " + (peerClosed ? "was closed"
                    : "is gone (its process died or its host is unreachable)") + "; nothing is left to receive");
            }
            if (timeoutNanos != Long.MAX_VALUE && System.nanoTime() - start >= timeoutNanos) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while receiving on pipe " + pipe.id());
            }
            idle.idle();
        }
    }

    /** Hands a message queued by an earlier poll to {@code handler}; {@code false} when none is queued. */
    private boolean deliverQueued(final MessageHandler handler) {
        final byte[] queued = received.poll();
        if (queued == null) {
            return false;
        }
        view.wrap(queued);
        handler.onMessage(view, 0, queued.length);
        return true;
    }

    /**
     * Polls the stream once: the first message goes to {@code handler} in place (none when it is {@code null}),
     * any further complete one of this poll is copied into the queue; returns whether the handler got one.
     */
    private boolean pollInto(final MessageHandler handler) {
        final Subscription listening = subscription;
        final Subscription in = listening != null ? listening : subscription();
        target = handler;
        taken = false;
        try {
            in.poll(assembler, handler != null ? 1 : FRAGMENTS_PER_POLL);
        } finally {
            target = null;
        }
        if (!recvConnected && in.imageCount() > 0) {
            recvConnected = true;
        }
        return taken;
    }

    private boolean peerGone() {
        return received.isEmpty() && (peerClosed || recvConnected && subscription.imageCount() == 0);
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header) {
        if (header.reservedValue() == CLOSE) {
            peerClosed = true;
        } else if (!peerClosed) {
            if (target != null && !taken) {
                taken = true;
                target.onMessage(buffer, offset, length);
            } else {
                final byte[] message = new byte[length];
                buffer.getBytes(offset, message);
                received.add(message);
            }
        }
    }

    // ---- setting up ----

    private synchronized Subscription subscription() {
        if (subscription == null) {
            checkOpen();
            final Aeron aeron = client.aeron();
            final Subscription created = aeron.addSubscription("aeron:udp?endpoint=" + client.egressHost() + ":0",
                STREAM_ID);
            try {
                final String endpoint = resolvedEndpoint(created);
                pipe.registry().publish(end, endpoint);
                published = true;
            } catch (final RuntimeException e) {
                created.close();
                throw e;
            }
            subscription = created;
        }
        return subscription;
    }

    private String resolvedEndpoint(final Subscription created) {
        final long deadline = System.nanoTime() + connectTimeoutNanos;
        final IdleStrategy idle = idle();
        while (true) {
            for (final String address : created.localSocketAddresses()) {
                if (!address.endsWith(":0")) {
                    return address; // the port the driver bound; ":0" until it has
                }
            }
            if (System.nanoTime() > deadline) {
                throw new ShmprocTimeoutException("the media driver did not bind a UDP port for end " + end
                    + " of pipe " + pipe.id() + " within " + TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos)
                    + " ms");
            }
            idle.idle();
        }
    }

    private synchronized ExclusivePublication publication() throws InterruptedException {
        if (publication == null) {
            checkOpen();
            if (readable) {
                subscription(); // a duplex end listens before it sends, so the other end can answer at once
            }
            final String peer = pipe.registry().await(3 - end, connectTimeoutNanos);
            publication = client.aeron().addExclusivePublication("aeron:udp?endpoint=" + peer + "|term-length="
                + TERM_LENGTH, STREAM_ID);
        }
        return publication;
    }

    /**
     * The id of this end's pipe.
     *
     * @return the id
     */
    String pipeId() {
        return pipe.id();
    }

    /**
     * Waits until this end's stream to the other end is connected (the other end listens and its host answers):
     * how a pool checks that a worker that joined is still there before it sends it work.
     *
     * @param timeoutNanos how long to wait
     * @return whether it connected in time
     * @throws InterruptedException when interrupted
     */
    boolean awaitConnected(final long timeoutNanos) throws InterruptedException {
        final ExclusivePublication connecting = publication();
        final long deadline = System.nanoTime() + timeoutNanos;
        final IdleStrategy idle = idle();
        while (!connecting.isConnected()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while connecting end " + end + " of pipe " + pipe.id());
            }
            idle.idle();
        }
        return true;
    }

    private static IdleStrategy idle() {
        return new BackoffIdleStrategy(20, 50, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(500));
    }

    // ---- state ----

    private void checkOpen() {
        if (closed) {
            throw new ClosedException("end " + end + " of pipe " + pipe.id() + " is closed");
        }
    }

    private void checkReadable() {
        checkOpen();
        if (!readable) {
            throw new IllegalStateException("end " + end + " of the simplex pipe " + pipe.id() + " only sends");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (!writable) {
            throw new IllegalStateException("end " + end + " of the simplex pipe " + pipe.id() + " only receives");
        }
    }

    @Override
    public boolean isReadable() {
        return readable;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public int end() {
        return end;
    }

    /**
     * A pipe across hosts has no file.
     *
     * @return {@code null}
     */
    @Override
    public Path file() {
        return null;
    }

    /**
     * Closes this end: the other end receives what was sent before, then {@link EOFException}; this end's record
     * leaves the cluster. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (publication == null && writable) {
            publication = closingPublication();
        }
        if (publication != null) {
            final MutableDirectBuffer frame = new BufferBuilder(1).buffer();
            final long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
            while (publication.offer(frame, 0, 1, CLOSING) < 0 && (publication.isConnected() || !sendConnected)
                && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            publication.close();
        }
        if (subscription != null) {
            subscription.close();
        }
        if (published) {
            try {
                pipe.registry().withdraw(end);
            } catch (final RuntimeException e) {
                // the cluster is gone or the context closed: the record stays, harmless (the pipe id is unique)
            }
        }
        scratch = null;
        pipe.endClosed();
    }

    /**
     * For an end closed before it sent anything: a publication to the other end if it listens, so that the close
     * reaches a receiver blocked there; {@code null} when it does not listen or the cluster cannot say.
     */
    private ExclusivePublication closingPublication() {
        try {
            final String peer = pipe.registry().lookup(3 - end);
            return peer == null ? null : client.aeron().addExclusivePublication("aeron:udp?endpoint=" + peer
                + "|term-length=" + TERM_LENGTH, STREAM_ID);
        } catch (final RuntimeException e) {
            return null; // the context or the cluster is gone: nobody to tell
        }
    }

    @Override
    public String toString() {
        return "ClusterConnection[pipe " + pipe.id() + ", end " + end + (closed ? ", closed" : "") + "]";
    }

    private Object writeReplace() throws ObjectStreamException {
        if (published || publication != null) {
            throw new NotSerializableException("end " + end + " of pipe " + pipe.id() + " is in use in this process; "
                + "across hosts an end belongs to one process: send an end this process has not used");
        }
        final String id = pipe.id();
        final boolean duplex = pipe.isDuplex();
        final Codec<T> sent = codec;
        final int number = end;
        return ClusterRef.of(client, mp -> ((ClusterShmproc) mp).pipeEnd(id, duplex, sent, number));
    }
}
