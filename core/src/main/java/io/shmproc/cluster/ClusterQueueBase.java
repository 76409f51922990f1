package io.shmproc.cluster;

import io.shmproc.codec.Codec;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A queue held in the cluster, shared by every client that asks for it by name: each item put is taken exactly
 * once, items of one producer thread in the order they were put. The bound is {@link QueueOptions#maxItems()}
 * (0: unbounded); byte capacity is a local notion and is not used. A blocking put or take waits in the
 * service, re-issued every {@value ClientWaits#SLICE_MILLIS} ms so that an interrupt is obeyed (a slice
 * that ends takes nothing and puts nothing).
 *
 * <p>Not supported across hosts: {@link #iterator()} (and with it {@code contains}, {@code remove(Object)},
 * copying): a cluster queue is not traversed without consuming it.
 *
 * @param <E> the type of items
 */
abstract class ClusterQueueBase<E> extends AbstractQueue<E> implements SharedQueue<E> {
    private static final long serialVersionUID = 1L;

    final transient ClusterHandle handle;
    private final QueueOptions options;
    private final transient Codec<E> codec;
    private final long maxItems;

    @SuppressWarnings("unchecked")
    ClusterQueueBase(final ClusterOps ops, final String name, final QueueOptions options, final boolean joinable) {
        this.handle = new ClusterHandle(ops, ClusterOps.KIND_QUEUE, name);
        this.options = Objects.requireNonNull(options, "options");
        this.codec = (Codec<E>) options.codec();
        this.maxItems = ops.queueCreate(name, options.maxItems(), joinable);
    }

    final ClusterOps ops() {
        return handle.ops;
    }

    final String name() {
        return handle.name;
    }

    private boolean offerNanos(final E e, final long nanos) throws InterruptedException {
        final byte[] item = ClusterBytes.encodeKey(codec, Objects.requireNonNull(e, "a queue item must not be null"));
        if (item.length > options.maxMessageLength()) {
            throw new IllegalArgumentException("an item of " + item.length + " bytes does not fit the queue '"
                + handle.name + "' (at most " + options.maxMessageLength() + " bytes); raise maxMessageLength in "
                + "its QueueOptions or put a smaller item");
        }
        handle.checkOpen();
        return ClientWaits.inSlices(nanos, true, slice -> handle.ops.queueOffer(handle.name, item, slice));
    }

    private E pollNanos(final long nanos) throws InterruptedException {
        handle.checkOpen();
        final Object[] taken = new Object[1];
        ClientWaits.inSlices(nanos, true, slice -> (taken[0] = handle.ops.queuePoll(handle.name, slice)) != null);
        return taken[0] == null ? null : ClusterBytes.decodeKey(codec, (byte[]) taken[0]);
    }

    @Override
    public void put(final E e) throws InterruptedException {
        offerNanos(e, ClientWaits.FOREVER);
    }

    @Override
    public boolean offer(final E e) {
        try {
            return offerNanos(e, ClientWaits.NOW);
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean offer(final E e, final long timeout, final TimeUnit unit) throws InterruptedException {
        return offerNanos(e, ClientWaits.nanos(timeout, unit));
    }

    @Override
    public E take() throws InterruptedException {
        return pollNanos(ClientWaits.FOREVER);
    }

    @Override
    public E poll() {
        try {
            return pollNanos(ClientWaits.NOW);
        } catch (final InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public E poll(final long timeout, final TimeUnit unit) throws InterruptedException {
        return pollNanos(ClientWaits.nanos(timeout, unit));
    }

    @Override
    public E peek() {
        handle.checkOpen();
        final byte[] item = handle.ops.queuePeek(handle.name);
        return item == null ? null : ClusterBytes.decodeKey(codec, item);
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
        int n = 0;
        E e;
        while (n < maxElements && (e = poll()) != null) {
            c.add(e);
            n++;
        }
        return n;
    }

    @Override
    public int size() {
        handle.checkOpen();
        return (int) Math.min(Integer.MAX_VALUE, handle.ops.queueSize(handle.name));
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public boolean isFull() {
        return maxItems > 0 && size() >= maxItems;
    }

    @Override
    public int remainingCapacity() {
        return maxItems > 0 ? (int) Math.max(0, Math.min(Integer.MAX_VALUE, maxItems - size())) : Integer.MAX_VALUE;
    }

    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("the cluster queue '" + handle.name + "' cannot be traversed "
            + "without consuming it; take items with poll() or drainTo()");
    }

    @Override
    public java.nio.file.Path file() {
        return handle.file();
    }

    @Override
    public QueueOptions options() {
        return options;
    }

    @Override
    public void close() {
        handle.close();
    }

    @Override
    public boolean isClosed() {
        return handle.isClosed();
    }

    @Override
    public boolean unlink() {
        return handle.unlink();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + handle.name + (handle.isClosed() ? ", closed" : "") + "}";
    }

    /**
     * A cluster queue is written as its cluster's address, name and options ({@link ClusterRef}).
     *
     * @return the form to write
     */
    final Object writeReplace() throws java.io.NotSerializableException {
        return ClusterRef.of(handle.ops, reopener(handle.name, options));
    }

    /**
     * How a context hands out this queue again.
     *
     * @param queueName its name
     * @param queueOptions its options
     * @return the function
     */
    abstract io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener(String queueName,
                                                                                      QueueOptions queueOptions);

}
