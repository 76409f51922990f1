package io.shmproc.queue;

import io.shmproc.channel.MpmcChannel;
import io.shmproc.codec.Codec;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.RegionException;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.RegionKind;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The engine shared by {@link SharedQueue}, {@link SimpleQueue} and {@link JoinableQueue}: a
 * {@link BlockingQueue} of encoded items over one {@link MpmcChannel} file.
 *
 * @param <E> the type of items
 */
abstract class AbstractSharedQueue<E> extends AbstractQueue<E>
    implements SharedQueue<E> {
    private static final long serialVersionUID = 1L;
    /**
     * How long the calls that do not wait for space or items ({@code offer(e)}, {@code poll()}, {@code peek()})
     * wait for a producer or consumer lock another process holds: a holder the scheduler preempted gets the CPU
     * back within milliseconds, a dead one is taken over; only a holder busy that long makes them give up.
     */
    static final long LOCK_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Which public class a file is opened as; travels in the serialized handle. */
    enum Flavour { SHARED, SIMPLE, JOINABLE }

    final transient MpmcChannel channel;
    private final transient Codec<E> codec;
    private final transient QueueOptions options;
    private final transient Flavour flavour;
    private final transient ThreadLocal<Local> local;
    private transient volatile boolean closed;

    /** Per-thread scratch: encode buffer, the copy of a taken message, and the waiting strategy. */
    static final class Local implements MpmcChannel.ReadHandler {
        final ArrayBuffer out = ArrayBuffer.growable(256);
        final ArrayBuffer in = ArrayBuffer.growable(256);
        final IdleStrategy idle;
        int inLength;

        Local(final IdleMode mode) {
            this.idle = mode.newStrategy();
        }

        @Override
        public void onMessage(final DirectBuffer buffer, final int offset, final int length) {
            in.putBytes(0, buffer, offset, length);
            inLength = length;
        }
    }

    @SuppressWarnings("unchecked")
    AbstractSharedQueue(final MpmcChannel channel, final QueueOptions options, final Flavour flavour) {
        this.channel = channel;
        this.options = options.copy();
        this.codec = (Codec<E>) this.options.codec();
        this.flavour = flavour;
        final IdleMode mode = this.options.idle();
        this.local = ThreadLocal.withInitial(() -> new Local(mode));
    }

    static MpmcChannel createChannel(final Path file, final QueueOptions options) {
        return MpmcChannel.create(file, RegionKind.QUEUE, options.capacityBytes(), options.maxItems(),
            options.maxMessageLength());
    }

    static MpmcChannel attachChannel(final Path file) {
        return MpmcChannel.attach(file, RegionKind.QUEUE);
    }

    static MpmcChannel openChannel(final Path file, final QueueOptions options) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                return createChannel(file, options);
            } catch (final RegionException e) {
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
                // another process created it first: attach to theirs
            }
        }
        return attachChannel(file);
    }

    // ------------------------------------------------------------------ put

    @Override
    public void put(final E e) throws InterruptedException {
        final Local l = local.get();
        final int length = encode(e, l);
        channel.offer(l.out, 0, length, Long.MAX_VALUE, l.idle);
    }

    @Override
    public boolean offer(final E e) {
        final Local l = local.get();
        final int length = encode(e, l);
        try {
            return channel.offerNow(l.out, 0, length, LOCK_PATIENCE_NANOS, l.idle);
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean offer(final E e, final long timeout, final TimeUnit unit) throws InterruptedException {
        final long deadline = deadline(timeout, unit);
        final Local l = local.get();
        final int length = encode(e, l);
        return channel.offer(l.out, 0, length, deadline, l.idle);
    }

    private int encode(final E e, final Local l) {
        Objects.requireNonNull(e, "a queue item must not be null");
        ensureOpen();
        final int length = codec.encode(e, l.out, 0);
        if (length > channel.maxMessageLength()) {
            throw new IllegalArgumentException("item encodes to " + length + " bytes, more than the queue's"
                + " maxMessageLength=" + channel.maxMessageLength() + "; create the queue with a larger"
                + " QueueOptions.maxMessageLength");
        }
        return length;
    }

    // ------------------------------------------------------------------ take

    @Override
    public E take() throws InterruptedException {
        ensureOpen();
        final Local l = local.get();
        channel.poll(l, 1, Long.MAX_VALUE, l.idle);
        return decode(l);
    }

    @Override
    public E poll() {
        ensureOpen();
        final Local l = local.get();
        try {
            return channel.pollNow(l, 1, LOCK_PATIENCE_NANOS, l.idle) == 0 ? null : decode(l);
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public E poll(final long timeout, final TimeUnit unit) throws InterruptedException {
        final long deadline = deadline(timeout, unit);
        ensureOpen();
        final Local l = local.get();
        return channel.poll(l, 1, deadline, l.idle) == 0 ? null : decode(l);
    }

    @Override
    public E peek() {
        ensureOpen();
        final Local l = local.get();
        final int shown;
        try {
            shown = channel.peekNow(l, LOCK_PATIENCE_NANOS, l.idle);
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (shown < 0) {
            throw new UnsupportedOperationException("the head item of " + channel.file().getFileName()
                + " is larger than one fragment (" + channel.maxFragment() + " bytes) and cannot be peeked");
        }
        return shown == 0 ? null : codec.decode(l.in, 0, l.inLength);
    }

    private E decode(final Local l) {
        return codec.decode(l.in, 0, l.inLength);
    }

    @Override
    public int drainTo(final Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(final Collection<? super E> c, final int maxElements) {
        Objects.requireNonNull(c, "c");
        if (c == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        ensureOpen();
        int n = 0;
        while (n < maxElements) {
            final E e = poll();
            if (e == null) {
                break;
            }
            c.add(e);
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------ state

    @Override
    public int size() {
        ensureOpen();
        return (int) Math.min(Integer.MAX_VALUE, channel.size());
    }

    @Override
    public boolean isEmpty() {
        ensureOpen();
        return channel.size() == 0;
    }

    public boolean isFull() {
        ensureOpen();
        final long max = channel.maxItems();
        return max > 0 && channel.size() >= max || channel.capacity() - channel.usedBytes() < 16;
    }

    @Override
    public int remainingCapacity() {
        ensureOpen();
        final long max = channel.maxItems();
        return max == 0 ? Integer.MAX_VALUE : (int) Math.max(0, Math.min(Integer.MAX_VALUE, max - channel.size()));
    }

    @Override
    public Iterator<E> iterator() {
        ensureOpen();
        final List<byte[]> copies = new ArrayList<>();
        final MpmcChannel.ReadHandler copier = (buffer, offset, length) -> {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            copies.add(bytes);
        };
        try {
            while (channel.snapshot(copier, Integer.MAX_VALUE, LOCK_PATIENCE_NANOS, idle()) < 0) {
                copies.clear();
            }
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the consumer lock of " + channel.file()
                + " to copy it for iteration; the queue is unchanged", interrupted);
        }
        final List<E> items = new ArrayList<>(copies.size());
        for (final byte[] bytes : copies) {
            items.add(codec.decode(ArrayBuffer.wrapping(bytes), 0, bytes.length));
        }
        return Collections.unmodifiableList(items).iterator();
    }

    public Path file() {
        return channel.file();
    }

    public QueueOptions options() {
        return options.copy();
    }

    @Override
    public void close() {
        closed = true;
        channel.close();
    }

    public boolean isClosed() {
        return closed;
    }

    public boolean unlink() {
        return channel.unlink();
    }

    void ensureOpen() {
        if (closed) {
            throw new ClosedException("queue " + channel.file() + " is closed in this process; open a new handle");
        }
    }

    long deadline(final long timeout, final TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        final long now = System.nanoTime();
        final long nanos = unit.toNanos(Math.max(0, timeout));
        return nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE - 1 : now + nanos;
    }

    IdleStrategy idle() {
        return local.get().idle;
    }

    /** How this handle opened its file. */
    Flavour flavour() {
        return flavour;
    }

    /** Opens a handle of a flavour on a file, as the serialized form of a handle does in the receiving process. */
    static Object attach(final Path path, final Flavour flavour, final QueueOptions options) {
        switch (flavour) {
            case SIMPLE:
                return SimpleQueue.attach(path, options);
            case JOINABLE:
                return JoinableQueue.attach(path, options);
            case SHARED:
            default:
                return SharedQueue.attach(path, options);
        }
    }

    Object writeReplace() throws ObjectStreamException {
        return new Ref(channel.file().toString(), flavour, options);
    }

    @Override
    public String toString() {
        if (closed) {
            return getClass().getSimpleName() + "[" + channel.file() + ", closed]";
        }
        return getClass().getSimpleName() + "[" + channel.file() + ", " + channel.size() + " items"
            + (channel.maxItems() > 0 ? " of at most " + channel.maxItems() : "") + ", " + channel.usedBytes()
            + " of " + channel.capacity() + " bytes]";
    }

    /** The serialized form of a queue handle: re-attaches in the receiving process. */
    private static final class Ref implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String file;
        private final Flavour flavour;
        private final QueueOptions options;

        Ref(final String file, final Flavour flavour, final QueueOptions options) {
            this.file = file;
            this.flavour = flavour;
            this.options = options;
        }

        private Object readResolve() throws ObjectStreamException {
            return attach(Path.of(file), flavour, options);
        }
    }
}
