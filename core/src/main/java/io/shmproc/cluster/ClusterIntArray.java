package io.shmproc.cluster;

import io.shmproc.state.SharedIntArray;
import io.shmproc.sync.Lock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * A {@link SharedIntArray} served by the cluster: a word array of {@link ClusterOps}, one word per element, each
 * element the low 32 bits of its word as in {@link ClusterInt} (so additions wrap in one command).
 *
 * <p>Indices are checked against the length this handle opened before any command is sent. {@link #copyTo} and
 * {@link #toArray} read the whole array with one {@code wordSnapshot}; {@link #copyFrom} sends one
 * {@code wordSet} per element and is not atomic as a whole (hold {@link #lock()} in every writer for that).
 */
final class ClusterIntArray extends ClusterValue implements SharedIntArray {
    private static final long serialVersionUID = 1L;

    private final int length;

    private ClusterIntArray(final ClusterOps ops, final String name, final int length,
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
    static ClusterIntArray open(final ClusterOps ops, final String name, final int length,
                                final Function<String, Lock> locks) {
        create(ops, name, length, 0L, "SharedIntArray");
        return new ClusterIntArray(ops, name, length, locks);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int get(final int index) {
        checkOpen();
        checkIndex(index, length);
        return (int) ops.wordGet(name, index);
    }

    @Override
    public void set(final int index, final int value) {
        checkOpen();
        checkIndex(index, length);
        ops.wordSet(name, index, value);
    }

    @Override
    public int getAndSet(final int index, final int value) {
        checkOpen();
        checkIndex(index, length);
        return (int) ops.wordGetAndSet(name, index, value);
    }

    @Override
    public int getAndAdd(final int index, final int delta) {
        checkOpen();
        checkIndex(index, length);
        return (int) ops.wordGetAndAdd(name, index, delta);
    }

    @Override
    public int addAndGet(final int index, final int delta) {
        return getAndAdd(index, delta) + delta;
    }

    @Override
    public int incrementAndGet(final int index) {
        return addAndGet(index, 1);
    }

    @Override
    public boolean compareAndSet(final int index, final int expected, final int value) {
        checkOpen();
        checkIndex(index, length);
        if (ops.wordCompareAndSet(name, index, expected, value)) {
            return true;
        }
        while (true) {
            final long word = ops.wordGet(name, index);
            if ((int) word != expected) {
                return false;
            }
            if (ops.wordCompareAndSet(name, index, word, value)) {
                return true;
            }
        }
    }

    @Override
    public int updateAndGet(final int index, final IntUnaryOperator function) {
        Objects.requireNonNull(function, "function");
        checkOpen();
        checkIndex(index, length);
        while (true) {
            final long word = ops.wordGet(name, index);
            final int next = function.applyAsInt((int) word);
            if (ops.wordCompareAndSet(name, index, word, next)) {
                return next;
            }
        }
    }

    @Override
    public void copyTo(final int index, final int[] destination, final int offset, final int count) {
        checkOpen();
        checkCopy(index, count, length, "destination", offset, destination.length);
        if (count > 0) {
            final long[] words = snapshot(length);
            for (int i = 0; i < count; i++) {
                destination[offset + i] = (int) words[index + i];
            }
        }
    }

    @Override
    public void copyFrom(final int[] source, final int offset, final int index, final int count) {
        checkOpen();
        checkCopy(index, count, length, "source", offset, source.length);
        for (int i = 0; i < count; i++) {
            ops.wordSet(name, index + i, source[offset + i]);
        }
    }

    @Override
    public int[] toArray() {
        final int[] copy = new int[length];
        copyTo(0, copy, 0, length);
        return copy;
    }

    @Override
    public String toString() {
        return describe("SharedIntArray", () -> ", length " + length);
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String arrayName = name;
        final int arrayLength = length;
        return mp -> mp.sharedIntArray(arrayName, arrayLength);
    }
}
