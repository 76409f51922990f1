package io.shmproc.pipe;

import io.shmproc.channel.ChannelLayout;
import io.shmproc.channel.ChannelOptions;
import io.shmproc.channel.MessageHandler;
import io.shmproc.channel.SpscChannel;
import io.shmproc.channel.WaitStrategy;
import io.shmproc.channel.WaitCheck;
import io.shmproc.codec.Codec;
import io.shmproc.exceptions.BufferTooShortException;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.ProcessIdentity;
import io.shmproc.memory.RegionKind;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
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
 * The mapped-file implementation of {@link Connection}: one end of a pipe's shared file, attached in this process
 * as one holder of the end; see there for what it guarantees. Serialized as a {@code Ref} that re-attaches in
 * the receiving process.
 *
 * @param <T> the type of the messages
 */
final class LocalConnection<T> implements Connection<T> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];
    private static final long LIVENESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** A waiting call checks the other end's state word every 20 ms and its process every 50 ms. */
    private static final long PEER_LIVENESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Idle rounds of {@link #waitAnyLocal} before it sleeps in the kernel (as a channel's consumer does). */
    private static final int SLEEP_AFTER_ROUNDS = 110;
    /** Re-checks of {@link #waitAnyLocal} after publishing itself and before sleeping. */
    private static final int RECHECK_ROUNDS = 8;

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
    /** Whether {@link #waitAnyLocal} may sleep in the kernel on this end's readable ring (BACKOFF, wake-up on). */
    private final transient boolean sleepy;
    private final transient MessageHandler decoder = this::decode;
    private final transient MessageHandler copier = this::copy;
    private final transient int slot;
    private final transient SharedDirection inSide;
    private final transient SharedDirection outSide;
    private final transient Runnable sendCheck = this::checkPeer;
    private transient T decoded;
    private transient byte[] copied;
    private transient int copyMax;
    private transient long nextSharedCheck;
    private transient long nextLivenessCheck;
    private transient long nextPeerCheck;
    private transient volatile boolean closed;

    private LocalConnection(final MappedRegion region, final int end, final Codec<T> codec,
                            final PipeOptions options, final int slot) {
        this.region = region;
        this.slot = slot;
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
        final WaitCheck receiving = this::checkPeerReceiving;
        if (in != null) {
            in.waitCheck(receiving);
        }
        if (out != null) {
            out.waitCheck(check);
        }
        this.pollIdle = channelOptions.waitStrategy().newIdleStrategy();
        this.sleepy = in != null && channelOptions.waitStrategy() == WaitStrategy.BACKOFF
            && in.dataSleepers().usable();
        this.inSide = in == null ? null : new SharedDirection(file, payload, inChannel, in, pollIdle, false, end, slot);
        this.outSide = out == null ? null : new SharedDirection(file, payload, outChannel, out,
            channelOptions.waitStrategy().newIdleStrategy(), true, end, slot);
    }

    /** Opens a new handle of an end in this process, as one more holder of it. */
    static <T> LocalConnection<T> open(final MappedRegion region, final int end, final Codec<T> codec,
                                       final PipeOptions options) {
        final int slot;
        try {
            final ProcessIdentity me = ProcessIdentity.current();
            slot = EndHolders.claim(region.payload(), region.file(), end, me.pid(), me.startMillis());
        } catch (final RuntimeException e) {
            region.close();
            throw e;
        }
        return open(region, end, codec, options, slot);
    }

    private static <T> LocalConnection<T> open(final MappedRegion region, final int end, final Codec<T> codec,
                                               final PipeOptions options, final int slot) {
        try {
            final ProcessIdentity me = ProcessIdentity.current();
            PipeLayout.putEnd(region.payload(), end, me.pid(), me.startMillis(), PipeLayout.OPEN);
            return new LocalConnection<>(region, end, codec, options, slot);
        } catch (final RuntimeException e) {
            EndHolders.release(region.payload(), end, slot, ProcessIdentity.current().pid());
            region.close();
            throw e;
        }
    }

    @Override
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

    @Override
    public void sendBytes(final byte[] bytes, final int offset, final int length) throws InterruptedException {
        final SpscChannel out = writable();
        bytesView.wrap(bytes);
        try {
            write(out, bytesView, offset, length);
        } finally {
            bytesView.wrap(EMPTY);
        }
    }

    @Override
    public void sendBytes(final byte[] bytes) throws InterruptedException {
        sendBytes(bytes, 0, bytes.length);
    }

    @Override
    public void sendBytes(final DirectBuffer buffer, final int offset, final int length) throws InterruptedException {
        write(writable(), buffer, offset, length);
    }

    private void write(final SpscChannel out, final DirectBuffer buffer, final int offset, final int length)
        throws InterruptedException {
        if (peerClosed()) {
            throw new ClosedException("the other end of pipe " + file + " is closed; nothing was sent");
        }
        if ((outSide.isShared() || !outSide.isRingUser() && !outSide.claimRing())
            && outSide.send(buffer, offset, length, sendCheck)) {
            return;
        }
        if (!out.offer(buffer, offset, length)) {
            out.offer(buffer, offset, length, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public T recv() throws EOFException, InterruptedException {
        return recv(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    @Override
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

    @Override
    public byte[] recvBytes() throws EOFException, InterruptedException {
        return recvBytes(Integer.MAX_VALUE);
    }

    @Override
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

    @Override
    public int recvBytesInto(final MutableDirectBuffer buffer, final int offset) throws EOFException,
        InterruptedException {
        final int[] length = {-1};
        final byte[][] tooLong = {null};
        receive((b, o, l) -> {
            if (offset >= 0 && (long) offset + l <= buffer.capacity()) {
                buffer.putBytes(offset, b, o, l);
                length[0] = l;
            } else {
                tooLong[0] = new byte[l];
                b.getBytes(o, tooLong[0]);
            }
        }, Long.MAX_VALUE);
        if (tooLong[0] != null) {
            throw new BufferTooShortException("a message of " + tooLong[0].length + " bytes does not fit a buffer of "
                + buffer.capacity() + " bytes at offset " + offset + "; it is in this exception's received()",
                tooLong[0]);
        }
        return length[0];
    }

    @Override
    public int recvBytesInto(final byte[] bytes, final int offset) throws EOFException, InterruptedException {
        return recvBytesInto(ArrayBuffer.wrapping(bytes), offset);
    }

    @Override
    public void recvBytes(final MessageHandler handler) throws EOFException, InterruptedException {
        receive(handler, Long.MAX_VALUE);
    }

    @Override
    public int pollBytes(final MessageHandler handler, final int limit) {
        final SpscChannel in = readable();
        if (!inSide.isShared() && (inSide.isRingUser() || inSide.claimRing())) {
            return in.poll(handler, limit);
        }
        int received = 0;
        while (received < limit && inSide.receiveNow(handler)) {
            received++;
        }
        return received;
    }

    private boolean receive(final MessageHandler handler, final long timeoutNanos) throws EOFException,
        InterruptedException {
        final SpscChannel in = readable();
        if (inSide.isShared() || !inSide.isRingUser() && !inSide.claimRing()) {
            return receiveShared(handler, System.nanoTime(), timeoutNanos);
        }
        if (in.poll(handler, 1) > 0) {
            return true;
        }
        if (peerClosed()) {
            return drainOrEof(in, handler);
        }
        final long start = System.nanoTime();
        try {
            return in.poll(handler, 1, timeoutNanos, TimeUnit.NANOSECONDS) > 0;
        } catch (final ModeChanged e) {
            return receiveShared(handler, start, timeoutNanos);
        } catch (final PeerDiedException | ClosedException e) {
            if (closed) {
                throw e;
            }
            return drainOrEof(in, handler);
        }
    }

    /** Receives in shared mode: polls the ring (when this handle reads it) and the shared channel until a message. */
    private boolean receiveShared(final MessageHandler handler, final long start, final long timeoutNanos)
        throws EOFException, InterruptedException {
        final IdleStrategy idle = pollIdle;
        idle.reset();
        while (true) {
            if (inSide.receiveNow(handler)) {
                return true;
            }
            final long now = System.nanoTime();
            boolean gone = peerClosed();
            if (!gone && now - nextSharedCheck >= 0) {
                nextSharedCheck = now + PEER_LIVENESS_INTERVAL_NANOS;
                gone = peerGone() != null;
            }
            if (gone) {
                if (inSide.receiveNow(handler)) {
                    return true;
                }
                throw new EOFException("the other end of pipe " + file + " " + peerGone()
                    + "; nothing is left to receive");
            }
            if (now - start >= timeoutNanos) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while receiving on pipe " + file);
            }
            if (closed) {
                throw new ClosedException("end " + end + " of pipe " + file + " was closed while receiving");
            }
            idle.idle();
        }
    }

    /** Thrown out of a ring wait when the direction became shared: the receive goes on in shared mode. */
    private static final class ModeChanged extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final ModeChanged INSTANCE = new ModeChanged();

        private ModeChanged() {
            super("the direction became shared", null, false, false);
        }
    }

    private void checkPeerReceiving() {
        if (inSide.isShared()) {
            throw ModeChanged.INSTANCE;
        }
        checkPeer();
    }

    private boolean hasMessage() {
        final SpscChannel in = readable();
        return inSide.isShared() ? inSide.hasMessage() : !in.isEmpty();
    }

    private boolean isShared() {
        return inSide != null && inSide.isShared() || outSide != null && outSide.isShared();
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

    @Override
    public boolean poll() {
        if (hasMessage() || peerClosed()) {
            return true;
        }
        final long now = System.nanoTime();
        if (now - nextLivenessCheck >= 0) {
            nextLivenessCheck = now + LIVENESS_INTERVAL_NANOS;
            return peerGone() != null;
        }
        return false;
    }

    @Override
    public boolean poll(final long timeout, final TimeUnit unit) throws InterruptedException {
        return !waitAnyLocal(List.of(this), timeout, unit).isEmpty();
    }

    /**
     * {@link Connection#waitAny} when every connection is a local one: polls their rings, checks their other ends'
     * liveness every 20 ms, idles with the first one's wait strategy and, after a while, sleeps in the kernel
     * until a send or close on any of them.
     */
    static List<Connection<?>> waitAnyLocal(final Collection<? extends LocalConnection<?>> connections,
                                            final long timeout, final TimeUnit unit) throws InterruptedException {
        final long start = System.nanoTime();
        final long timeoutNanos = unit.toNanos(timeout);
        IdleStrategy idle = null;
        int idleRounds = 0;
        long nextCheck = start;
        while (true) {
            final List<Connection<?>> ready = new ArrayList<>();
            final long now = System.nanoTime();
            final boolean checkPeers = now - nextCheck >= 0;
            for (final LocalConnection<?> connection : connections) {
                if (connection.hasMessage() || connection.peerClosed()
                    || (checkPeers && connection.peerGone() != null)) {
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
            if (idleRounds < SLEEP_AFTER_ROUNDS || !sleepInKernel(connections, timeoutNanos - (now - start))) {
                idleRounds++;
                idle.idle();
            }
        }
    }

    /**
     * Publishes this thread as a sleeper in the data sleepers' table of every connection's readable ring (one
     * socket: they must share a directory), checks a few times more, sleeps in the kernel until a send or close
     * on any of them wakes it (or the deadline or the wake-up period), withdraws. Does nothing and returns
     * {@code false} when any connection cannot (shared mode, another wait strategy, another directory, full table).
     */
    private static boolean sleepInKernel(final Collection<? extends LocalConnection<?>> connections,
                                         final long sleepNanos) {
        if (sleepNanos <= 0) {
            return false;
        }
        Path dir = null;
        for (final LocalConnection<?> connection : connections) {
            final Path parent = connection.file.toAbsolutePath().getParent();
            if (!connection.sleepy || connection.inSide.isShared() || dir != null && !dir.equals(parent)) {
                return false;
            }
            dir = parent;
        }
        final LocalConnection<?>[] published = new LocalConnection<?>[connections.size()];
        final int[] slots = new int[published.length];
        int count = 0;
        try {
            for (final LocalConnection<?> connection : connections) {
                final int slot = connection.in.dataSleepers().publish();
                if (slot < 0) {
                    return false;
                }
                published[count] = connection;
                slots[count++] = slot;
            }
            for (int i = 0; i < RECHECK_ROUNDS; i++) {
                for (final LocalConnection<?> connection : connections) {
                    if (connection.hasMessage() || connection.peerClosed()) {
                        return true;
                    }
                }
                Thread.onSpinWait();
            }
            published[0].in.dataSleepers().sleep(sleepNanos);
            return true;
        } finally {
            for (int i = 0; i < count; i++) {
                published[i].in.dataSleepers().withdraw(slots[i]);
            }
        }
    }

    private static IdleStrategy idleOf(final LocalConnection<?> connection) {
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
        final int other = 3 - end;
        if (payload.getLongVolatile(PipeLayout.endOffset(other) + PipeLayout.STATE_OFFSET) == PipeLayout.CLOSED) {
            return "was closed";
        }
        if (EndHolders.liveHolder(payload, other) != null) {
            return null;
        }
        return EndHolders.anyOtherTaken(payload, other, -1) ? "died (no holder of it is alive: "
            + EndHolders.describe(payload, other) + ")" : "was closed";
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

    @Override
    public boolean isReadable() {
        return in != null;
    }

    @Override
    public boolean isWritable() {
        return out != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public int end() {
        return end;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (inSide != null) {
            inSide.release();
        }
        if (outSide != null) {
            outSide.release();
        }
        if (in != null) {
            in.close();
        }
        if (out != null) {
            out.close();
        }
        final ProcessIdentity me = ProcessIdentity.current();
        EndHolders.release(payload, end, slot, me.pid());
        if (EndHolders.liveHolder(payload, end) == null) {
            PipeLayout.putEnd(payload, end, me.pid(), me.startMillis(), PipeLayout.CLOSED);
            // the other end, asleep in recv or in a send waiting for room, learns of the close now
            if (in != null) {
                in.wakeSleepers();
            }
            if (out != null) {
                out.wakeSleepers();
            }
            if (peerGone() != null) {
                LocalPipe.unlinkFiles(file);
            }
        }
        region.close();
    }

    private synchronized Object writeReplace() {
        ensureUsable();
        final ProcessIdentity me = ProcessIdentity.current();
        return new Ref<>(file, end, codec, options, claimTransit(me), me.pid());
    }

    /**
     * Keeps a holder slot of this end for a copy on its way to another process (alive while this process lives),
     * until the copy {@linkplain #adopt adopts} it.
     */
    private int claimTransit(final ProcessIdentity me) {
        return EndHolders.claim(payload, file, end, -me.pid(), me.startMillis());
    }

    /** The codec this end encodes and decodes with. */
    Codec<T> codec() {
        return codec;
    }

    /**
     * Writes this end's form without Java serialization ({@link PipeHandleForm}): file, end, codec index, options,
     * and a holder slot kept for the copy, as {@code writeReplace} keeps one.
     */
    synchronized void writeForm(final DataOutputStream out, final int codecIndex) throws IOException {
        ensureUsable();
        final ProcessIdentity me = ProcessIdentity.current();
        final ChannelOptions channel = options.channelOptions();
        out.writeUTF(file.toString());
        out.writeInt(end);
        out.writeByte(codecIndex);
        out.writeBoolean(options.isDuplex());
        out.writeInt(channel.capacity());
        out.writeInt(channel.maxMessageLength());
        out.writeInt(channel.producers());
        out.writeByte(channel.waitStrategy().ordinal());
        out.writeLong(channel.stallTimeout().getSeconds());
        out.writeInt(channel.stallTimeout().getNano());
        out.writeInt(claimTransit(me));
        out.writeLong(me.pid());
    }

    /** Attaches an end a copy of which another process wrote, adopting the holder slot it kept for the copy. */
    static <T> LocalConnection<T> adopt(final Path file, final int end, final Codec<T> codec, final PipeOptions options,
                                        final int slot, final long guardian) {
        final MappedRegion region = MappedRegion.attach(file, RegionKind.PIPE, PipeLayout.VERSION);
        final int adopted;
        try {
            adopted = EndHolders.adopt(region.payload(), region.file(), end, slot, guardian,
                ProcessIdentity.current());
        } catch (final RuntimeException e) {
            region.close();
            throw e;
        }
        return open(region, end, codec, options, adopted);
    }

    private void readObject(final ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("Connection travels as a Ref");
    }

    @Override
    public String toString() {
        final String peer = closed ? "?" : String.valueOf(peerGone() == null ? "open" : peerGone());
        return "Connection[end " + end + " of " + file + (in != null && out != null ? ", duplex" : in != null
            ? ", receive-only" : ", send-only") + (closed ? ", closed" : "") + (isShared() ? ", shared" : "")
            + ", other end " + peer + "]";
    }

    /**
     * The serialized form: a holder slot of the end kept for the copy (alive while the serializing process lives)
     * until the copy attaches and adopts it.
     */
    private static final class Ref<T> implements Serializable {
        private static final long serialVersionUID = 2L;
        private final String file;
        private final int end;
        private final Codec<T> codec;
        private final PipeOptions options;
        private final int slot;
        private final long guardian;

        Ref(final Path file, final int end, final Codec<T> codec, final PipeOptions options, final int slot,
            final long guardian) {
            this.file = file.toString();
            this.end = end;
            this.codec = codec;
            this.options = options;
            this.slot = slot;
            this.guardian = guardian;
        }

        private Object readResolve() {
            return adopt(Path.of(file), end, codec, options, slot, guardian);
        }
    }
}
