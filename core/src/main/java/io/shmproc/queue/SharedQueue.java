package io.shmproc.queue;

import io.shmproc.channel.MpmcChannel;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded many-producer many-consumer {@link java.util.concurrent.BlockingQueue} shared by any number of
 * processes through one memory-mapped file: Python's {@code multiprocessing.Queue}.
 *
 * <p><b>Guarantees.</b> Every item put is taken exactly once, by one consumer in one process; items of one
 * producer thread are taken in the order they were put. {@link #put} returns only when the item is in shared
 * memory (there is no feeder thread): a producer killed right after {@code put} returned has lost nothing.
 * The queue is bounded by bytes ({@link QueueOptions#capacityBytes(int)}) and optionally by item count
 * ({@link QueueOptions#maxItems(long)}); items larger than the ring are fragmented transparently up to
 * {@link QueueOptions#maxMessageLength(int)}.
 *
 * <p><b>Crashes.</b> A producer killed while putting leaves nothing visible and does not block other
 * producers or consumers (they detect the dead holder within about {@value MpmcChannel#LIVENESS_CHECK_MILLIS}
 * ms of waiting). A consumer killed while taking does not block the others; an item it had not finished
 * taking is delivered to another consumer, except an item larger than one fragment whose first part it had
 * already read, which is lost.
 *
 * <p><b>Bad input.</b> {@code null} items are rejected; an item the codec cannot encode is rejected at
 * {@code put} with a {@link io.shmproc.exceptions.CodecException} and the queue is unchanged. Timed calls
 * that time out leave no trace. {@link #iterator()}, {@code contains} and {@code remove(Object)} are not
 * supported (a shared queue cannot be traversed without consuming it).
 *
 * <pre>{@code
 * SharedQueue<String> q = mp.queue("jobs");          // or SharedQueue.create(path, QueueOptions.defaults())
 * q.put("hello");                                     // in another process: q.take()
 * }</pre>
 *
 * @param <E> the type of items
 */
public interface SharedQueue<E> extends BlockingQueue<E>, AutoCloseable, Serializable {
    /**
     * Creates a queue file.
     *
     * @param file    where; must not exist
     * @param options capacity, bounds, codec, idle mode
     * @param <E>     the type of items
     * @return the creator's handle
     * @throws io.shmproc.exceptions.RegionException when the file exists or cannot be created
     */
    static <E> SharedQueue<E> create(final Path file, final QueueOptions options) {
        return LocalSharedQueue.create(file, options);
    }

    /**
     * Attaches to an existing queue file.
     *
     * @param file    the queue's file
     * @param options codec and idle mode for this handle (bounds come from the file)
     * @param <E>     the type of items
     * @return a new handle
     * @throws io.shmproc.exceptions.RegionException when the file is missing, corrupt or not a queue
     */
    static <E> SharedQueue<E> attach(final Path file, final QueueOptions options) {
        return LocalSharedQueue.attach(file, options);
    }

    /**
     * Attaches to a queue file, creating it first if it does not exist (safe when several processes race).
     *
     * @param file    the queue's file
     * @param options options used if this call creates it
     * @param <E>     the type of items
     * @return a handle
     * @throws io.shmproc.exceptions.RegionException when the file cannot be created or attached
     */
    static <E> SharedQueue<E> open(final Path file, final QueueOptions options) {
        return LocalSharedQueue.open(file, options);
    }

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
    void put(final E e) throws InterruptedException;

    /**
     * Inserts an item if there is space now.
     *
     * <p>Never waits for space; waits (up to a second) for the producer lock while another
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
    boolean offer(final E e);

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
    boolean offer(final E e, final long timeout, final TimeUnit unit) throws InterruptedException;

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
    default void put(final E e, final boolean block, final Duration timeout) throws InterruptedException {
        if (!block) {
            putNowait(e);
        } else if (timeout == null) {
            put(e);
        } else if (!offer(e, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new ShmprocTimeoutException(this + " stayed full for " + timeout + "; the item was not put");
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
    default void putNowait(final E e) {
        if (!offer(e)) {
            throw new IllegalStateException(this + " is full; the item was not put");
        }
    }

    /**
     * Removes and returns the head item, waiting as long as necessary for one.
     *
     * @return the item
     * @throws InterruptedException when interrupted while waiting (nothing is consumed)
     * @throws io.shmproc.exceptions.CodecException when the item cannot be decoded (it is consumed)
     * @throws ClosedException when this handle is closed, also while waiting
     */
    E take() throws InterruptedException;

    /**
     * Removes and returns the head item if there is one now.
     *
     * <p>Never waits for an item; waits (up to a second) for the consumer lock while
     * another process holds it.
     *
     * @return the item, or {@code null} when the queue is empty (also when the lock stayed taken, or the thread
     *     was interrupted while waiting for it: its interrupt status is kept)
     * @throws ClosedException when this handle is closed
     */
    E poll();

    /**
     * Removes and returns the head item, waiting up to a timeout; a timed-out call leaves no trace.
     *
     * @param timeout how long to wait
     * @param unit    its unit
     * @return the item, or {@code null} when the timeout elapsed first
     * @throws InterruptedException when interrupted while waiting
     * @throws ClosedException when this handle is closed
     */
    E poll(final long timeout, final TimeUnit unit) throws InterruptedException;

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
    default E get(final boolean block, final Duration timeout) throws InterruptedException {
        if (!block) {
            return getNowait();
        }
        if (timeout == null) {
            return take();
        }
        final E e = poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (e == null) {
            throw new ShmprocTimeoutException(this + " stayed empty for " + timeout);
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
    default E get() throws InterruptedException {
        return take();
    }

    /**
     * Python's {@code get_nowait()}.
     *
     * @return the item
     * @throws NoSuchElementException when the queue is empty
     * @throws ClosedException        when this handle is closed
     */
    default E getNowait() {
        final E e = poll();
        if (e == null) {
            throw new NoSuchElementException(this + " is empty");
        }
        return e;
    }

    /**
     * Returns the head item without removing it.
     *
     * <p>Waits (up to a second) for the consumer lock while another process holds it.
     *
     * @return the head item, or {@code null} when the queue is empty (also when the lock stayed taken, or the
     *     thread was interrupted while waiting for it)
     * @throws UnsupportedOperationException when the head item is larger than one ring fragment (it cannot be
     *     shown without being consumed)
     * @throws ClosedException when this handle is closed
     */
    E peek();

    /**
     * Moves every available item into a collection.
     *
     * @param c the target, not this queue
     * @return the number moved
     * @throws IllegalArgumentException when {@code c} is this queue
     */
    int drainTo(final Collection<? super E> c);

    /**
     * Moves up to {@code maxElements} available items into a collection.
     *
     * @param c           the target, not this queue
     * @param maxElements the most to move
     * @return the number moved
     * @throws IllegalArgumentException when {@code c} is this queue
     */
    int drainTo(final Collection<? super E> c, final int maxElements);

    /**
     * The number of items in the queue now, across all processes (Python's {@code qsize()}); approximate while
     * others put and take.
     *
     * @return the count, at most {@link Integer#MAX_VALUE}
     * @throws ClosedException when this handle is closed
     */
    int size();

    /**
     * Whether the queue holds no item now (Python's {@code empty()}).
     *
     * @return {@code true} when empty
     * @throws ClosedException when this handle is closed
     */
    boolean isEmpty();

    /**
     * Whether the queue is full now (Python's {@code full()}): at its item bound, or without room for even an
     * empty item.
     *
     * @return {@code true} when full
     * @throws ClosedException when this handle is closed
     */
    boolean isFull();

    /**
     * The number of items that could be added before the item bound is reached; {@link Integer#MAX_VALUE} when
     * the queue is bounded by bytes only.
     *
     * @return the remaining item capacity
     * @throws ClosedException when this handle is closed
     */
    int remainingCapacity();

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
    Iterator<E> iterator();

    /**
     * The queue's file.
     *
     * @return the path
     */
    Path file();

    /**
     * The options this handle was opened with (capacity, item bound and maximum length come from the file).
     *
     * @return a copy of the options
     */
    QueueOptions options();

    /**
     * Python's {@code close()}: releases this process's handle. Afterwards every call on it fails with
     * {@link ClosedException}, including calls blocked in other threads; other handles and processes are
     * unaffected and the items stay in the queue. Idempotent.
     */
    void close();

    /**
     * Whether this handle was closed.
     *
     * @return {@code true} after {@link #close()}
     */
    boolean isClosed();

    /**
     * Removes the queue's file so no new process can attach; handles already open keep working.
     *
     * @return {@code true} if this call removed it
     */
    boolean unlink();
}
