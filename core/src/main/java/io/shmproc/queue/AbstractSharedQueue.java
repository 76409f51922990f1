package io.shmproc.queue;

import io.shmproc.channel.MpmcChannel;
import io.shmproc.codec.Codec;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.RegionException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.RegionKind;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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
    implements BlockingQueue<E>, Serializable, AutoCloseable {
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

    /**
     * Inserts an item, waiting as long as necessary for space. Returns only once the item is in shared memory:
     * a process killed right after this call lost nothing.
     *
     * @param e the item, not {@code null}
     * @throws InterruptedException when interrupted while waiting (the queue is unchanged)
     * @throws NullPointerException when {@code e} is {@code null}
     * @throws io.shmproc.exceptions.CodecException when the codec cannot encode {@code e} (the queue is
     *     unchanged)
     * @throws IllegalArgumentException when the encoded item is larger than the queue's maximum message length
     * @throws ClosedException when this handle is closed
     */
    @Override
    public void put(final E e) throws InterruptedException {
        final Local l = local.get();
        final int length = encode(e, l);
        channel.offer(l.out, 0, length, Long.MAX_VALUE, l.idle);
    }

    /**
     * Inserts an item if there is space now.
     *
     * <p>Never waits for space; waits (up to {@link #LOCK_PATIENCE_NANOS}) for the producer lock while another
     * process holds it, as {@code ArrayBlockingQueue.offer} waits for its lock.
     *
     * @param e the item, not {@code null}
     * @return {@code true} if inserted, {@code false} when the queue is full (also when the lock stayed taken, or
     *     the thread was interrupted while waiting for it: its interrupt status is kept)
     * @throws NullPointerException when {@code e} is {@code null}
     * @throws io.shmproc.exceptions.CodecException when the codec cannot encode {@code e}
     * @throws IllegalArgumentException when the encoded item is too large
     * @throws ClosedException when this handle is closed
     */
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

    /**
     * Inserts an item, waiting up to a timeout for space; a timed-out call leaves no trace.
     *
     * @param e       the item, not {@code null}
     * @param timeout how long to wait
     * @param unit    the unit of {@code timeout}
     * @return {@code true} if inserted, {@code false} when the timeout elapsed first
     * @throws InterruptedException when interrupted while waiting
     * @throws NullPointerException when {@code e} or {@code unit} is {@code null}
     * @throws io.shmproc.exceptions.CodecException when the codec cannot encode {@code e}
     * @throws IllegalArgumentException when the encoded item is too large
     * @throws ClosedException when this handle is closed
     */
    @Override
    public boolean offer(final E e, final long timeout, final TimeUnit unit) throws InterruptedException {
        final long deadline = deadline(timeout, unit);
        final Local l = local.get();
        final int length = encode(e, l);
        return channel.offer(l.out, 0, length, deadline, l.idle);
    }

    /**
     * Python's {@code put(obj, block, timeout)}.
     *
     * @param e       the item, not {@code null}
     * @param block   {@code false} to fail at once when full (Python's {@code put_nowait})
     * @param timeout with {@code block}, how long to wait; {@code null} to wait for ever
     * @throws InterruptedException  when interrupted while waiting
     * @throws IllegalStateException when not blocking and the queue is full (Python's {@code queue.Full})
     * @throws ShmprocTimeoutException when blocking with a timeout that elapsed (Python's {@code queue.Full})
     * @throws io.shmproc.exceptions.CodecException when the codec cannot encode {@code e}
     * @throws ClosedException when this handle is closed
     */
    public void put(final E e, final boolean block, final Duration timeout) throws InterruptedException {
        if (!block) {
            putNowait(e);
        } else if (timeout == null) {
            put(e);
        } else if (!offer(e, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new ShmprocTimeoutException("queue " + channel.file().getFileName() + " stayed full for " + timeout
                + "; the item was not put");
        }
    }

    /**
     * Python's {@code put_nowait(obj)}.
     *
     * @param e the item, not {@code null}
     * @throws IllegalStateException when the queue is full
     * @throws io.shmproc.exceptions.CodecException when the codec cannot encode {@code e}
     * @throws ClosedException when this handle is closed
     */
    public void putNowait(final E e) {
        if (!offer(e)) {
            throw new IllegalStateException("queue " + channel.file().getFileName() + " is full ("
                + channel.size() + " items, " + channel.usedBytes() + " of " + channel.capacity() + " bytes)");
        }
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

    /**
     * Removes and returns the head item, waiting as long as necessary for one.
     *
     * @return the item
     * @throws InterruptedException when interrupted while waiting (nothing is consumed)
     * @throws io.shmproc.exceptions.CodecException when the item cannot be decoded (it is consumed)
     * @throws ClosedException when this handle is closed, also while waiting
     */
    @Override
    public E take() throws InterruptedException {
        ensureOpen();
        final Local l = local.get();
        channel.poll(l, 1, Long.MAX_VALUE, l.idle);
        return decode(l);
    }

    /**
     * Removes and returns the head item if there is one now.
     *
     * <p>Never waits for an item; waits (up to {@link #LOCK_PATIENCE_NANOS}) for the consumer lock while
     * another process holds it.
     *
     * @return the item, or {@code null} when the queue is empty (also when the lock stayed taken, or the thread
     *     was interrupted while waiting for it: its interrupt status is kept)
     * @throws ClosedException when this handle is closed
     */
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

    /**
     * Removes and returns the head item, waiting up to a timeout; a timed-out call leaves no trace.
     *
     * @param timeout how long to wait
     * @param unit    its unit
     * @return the item, or {@code null} when the timeout elapsed first
     * @throws InterruptedException when interrupted while waiting
     * @throws ClosedException when this handle is closed
     */
    @Override
    public E poll(final long timeout, final TimeUnit unit) throws InterruptedException {
        final long deadline = deadline(timeout, unit);
        ensureOpen();
        final Local l = local.get();
        return channel.poll(l, 1, deadline, l.idle) == 0 ? null : decode(l);
    }

    /**
     * Python's {@code get(block, timeout)}.
     *
     * @param block   {@code false} to fail at once when empty (Python's {@code get_nowait})
     * @param timeout with {@code block}, how long to wait; {@code null} to wait for ever
     * @return the item
     * @throws InterruptedException    when interrupted while waiting
     * @throws NoSuchElementException  when not blocking and the queue is empty (Python's {@code queue.Empty})
     * @throws ShmprocTimeoutException when the timeout elapsed (Python's {@code queue.Empty})
     * @throws ClosedException         when this handle is closed
     */
    public E get(final boolean block, final Duration timeout) throws InterruptedException {
        if (!block) {
            return getNowait();
        }
        if (timeout == null) {
            return take();
        }
        final E e = poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (e == null) {
            throw new ShmprocTimeoutException("queue " + channel.file().getFileName() + " stayed empty for " + timeout);
        }
        return e;
    }

    /**
     * Python's {@code get()}: the same as {@link #take()}.
     *
     * @return the item
     * @throws InterruptedException when interrupted while waiting
     * @throws ClosedException      when this handle is closed
     */
    public E get() throws InterruptedException {
        return take();
    }

    /**
     * Python's {@code get_nowait()}.
     *
     * @return the item
     * @throws NoSuchElementException when the queue is empty
     * @throws ClosedException        when this handle is closed
     */
    public E getNowait() {
        final E e = poll();
        if (e == null) {
            throw new NoSuchElementException("queue " + channel.file().getFileName() + " is empty");
        }
        return e;
    }

    /**
     * Returns the head item without removing it.
     *
     * <p>Waits (up to {@link #LOCK_PATIENCE_NANOS}) for the consumer lock while another process holds it.
     *
     * @return the head item, or {@code null} when the queue is empty (also when the lock stayed taken, or the
     *     thread was interrupted while waiting for it)
     * @throws UnsupportedOperationException when the head item is larger than one ring fragment (it cannot be
     *     shown without being consumed)
     * @throws ClosedException when this handle is closed
     */
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

    /**
     * Moves every available item into a collection.
     *
     * @param c the target, not this queue
     * @return the number moved
     * @throws IllegalArgumentException when {@code c} is this queue
     */
    @Override
    public int drainTo(final Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    /**
     * Moves up to {@code maxElements} available items into a collection.
     *
     * @param c           the target, not this queue
     * @param maxElements the most to move
     * @return the number moved
     * @throws IllegalArgumentException when {@code c} is this queue
     */
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

    /**
     * The number of items in the queue now, across all processes (Python's {@code qsize()}); approximate while
     * others put and take.
     *
     * @return the count, at most {@link Integer#MAX_VALUE}
     * @throws ClosedException when this handle is closed
     */
    @Override
    public int size() {
        ensureOpen();
        return (int) Math.min(Integer.MAX_VALUE, channel.size());
    }

    /**
     * Whether the queue holds no item now (Python's {@code empty()}).
     *
     * @return {@code true} when empty
     * @throws ClosedException when this handle is closed
     */
    @Override
    public boolean isEmpty() {
        ensureOpen();
        return channel.size() == 0;
    }

    /**
     * Whether the queue is full now (Python's {@code full()}): at its item bound, or without room for even an
     * empty item.
     *
     * @return {@code true} when full
     * @throws ClosedException when this handle is closed
     */
    public boolean isFull() {
        ensureOpen();
        final long max = channel.maxItems();
        return max > 0 && channel.size() >= max || channel.capacity() - channel.usedBytes() < 16;
    }

    /**
     * The number of items that could be added before the item bound is reached; {@link Integer#MAX_VALUE} when
     * the queue is bounded by bytes only.
     *
     * @return the remaining item capacity
     * @throws ClosedException when this handle is closed
     */
    @Override
    public int remainingCapacity() {
        ensureOpen();
        final long max = channel.maxItems();
        return max == 0 ? Integer.MAX_VALUE : (int) Math.max(0, Math.min(Integer.MAX_VALUE, max - channel.size()));
    }

    /**
     * A weakly consistent snapshot of the items in the queue now, oldest first, without consuming them (as
     * {@link java.util.concurrent.ConcurrentLinkedQueue}'s iterator): it never fails because others put or take
     * meanwhile, and shows every item that was in the queue when it was created, except those others took first
     * and those still being written. {@code toArray}, {@code forEach}, {@code stream}, {@code contains},
     * {@code containsAll} and copying ({@code new ArrayList<>(q)}) are built on it. The items are copied out
     * under the consumer lock (consumers in every process pause meanwhile, for a copy of at most the queue's
     * capacity in bytes) and decoded after it is released. The iterator does not support {@code remove}.
     *
     * @return an iterator over a copy of the queue's items
     * @throws ClosedException when this handle is closed
     * @throws IllegalStateException when interrupted while waiting for the consumer lock (the interrupt status
     *     is kept, the queue unchanged)
     */
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

    /**
     * The queue's file.
     *
     * @return the path
     */
    public Path file() {
        return channel.file();
    }

    /**
     * The options this handle was opened with (capacity, item bound and maximum length come from the file).
     *
     * @return a copy of the options
     */
    public QueueOptions options() {
        return options.copy();
    }

    /**
     * Python's {@code close()}: releases this process's handle. Afterwards every call on it fails with
     * {@link ClosedException}, including calls blocked in other threads; other handles and processes are
     * unaffected and the items stay in the queue. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        channel.close();
    }

    /**
     * Whether this handle was closed.
     *
     * @return {@code true} after {@link #close()}
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Removes the queue's file so no new process can attach; handles already open keep working.
     *
     * @return {@code true} if this call removed it
     */
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
            final Path path = Path.of(file);
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
    }
}
