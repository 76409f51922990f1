package io.shmproc.cluster;

import io.shmproc.state.SharedLongArray;
import io.shmproc.sync.Lock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;

/**
 * A {@link SharedLongArray} served by the cluster: a word array of {@link ClusterOps}, one word per element.
 *
 * <p>Indices are checked against the length this handle opened before any command is sent. Each element
 * operation is one command ({@code updateAndGet} a CAS loop); {@link #copyTo} and {@link #toArray} read the
 * whole array with one {@code wordSnapshot}, so they are consistent snapshots; {@link #copyFrom} sends one
 * {@code wordSet} per element and is not atomic as a whole (hold {@link #lock()} in every writer for that).
 */
final class ClusterLongArray extends ClusterValue implements SharedLongArray {
    private static final long serialVersionUID = 1L;

    private final int length;

    private ClusterLongArray(final ClusterOps ops, final String name, final int length,
                             final Function<String, Lock> locks) {
        super(ops, name, locks);
        this.length = length;
    }

    /**
     * Creates a zero-filled array, or attaches to it if it exists with the same length.
     *
     * @param ops    the session
     * @param name   the array's name
     * @param length the number of elements, at least 1
     * @param locks  makes the lock of {@link #lock()} from its name
     * @return the handle
     * @throws IllegalArgumentException when the length is below 1, or the array exists with another length
     */
    static ClusterLongArray open(final ClusterOps ops, final String name, final int length,
                                 final Function<String, Lock> locks) {
        create(ops, name, length, 0L, "SharedLongArray");
        return new ClusterLongArray(ops, name, length, locks);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public long get(final int index) {
        checkOpen();
        checkIndex(index, length);
        return ops.wordGet(name, index);
    }

    @Override
    public void set(final int index, final long value) {
        checkOpen();
        checkIndex(index, length);
        ops.wordSet(name, index, value);
    }

    @Override
    public long getAndSet(final int index, final long value) {
        checkOpen();
        checkIndex(index, length);
        return ops.wordGetAndSet(name, index, value);
    }

    @Override
    public long getAndAdd(final int index, final long delta) {
        checkOpen();
        checkIndex(index, length);
        return ops.wordGetAndAdd(name, index, delta);
    }

    @Override
    public long addAndGet(final int index, final long delta) {
        return getAndAdd(index, delta) + delta;
    }

    @Override
    public long incrementAndGet(final int index) {
        return addAndGet(index, 1);
    }

    @Override
    public boolean compareAndSet(final int index, final long expected, final long value) {
        checkOpen();
        checkIndex(index, length);
        return ops.wordCompareAndSet(name, index, expected, value);
    }

    @Override
    public long updateAndGet(final int index, final LongUnaryOperator function) {
        Objects.requireNonNull(function, "function");
        checkOpen();
        checkIndex(index, length);
        while (true) {
            final long current = ops.wordGet(name, index);
            final long next = function.applyAsLong(current);
            if (ops.wordCompareAndSet(name, index, current, next)) {
                return next;
            }
        }
    }

    @Override
    public void copyTo(final int index, final long[] destination, final int offset, final int count) {
        checkOpen();
        checkCopy(index, count, length, "destination", offset, destination.length);
        if (count > 0) {
            System.arraycopy(snapshot(length), index, destination, offset, count);
        }
    }

    @Override
    public void copyFrom(final long[] source, final int offset, final int index, final int count) {
        checkOpen();
        checkCopy(index, count, length, "source", offset, source.length);
        for (int i = 0; i < count; i++) {
            ops.wordSet(name, index + i, source[offset + i]);
        }
    }

    @Override
    public long[] toArray() {
        checkOpen();
        return snapshot(length);
    }

    @Override
    public String toString() {
        return describe("SharedLongArray", () -> ", length " + length);
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String arrayName = name;
        final int arrayLength = length;
        return mp -> mp.sharedLongArray(arrayName, arrayLength);
    }
}
