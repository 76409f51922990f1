package io.shmproc.cluster;

import io.shmproc.state.SharedByteArray;
import io.shmproc.sync.Lock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * A {@link SharedByteArray} served by the cluster: a word array of {@link ClusterOps}, one word per element (not
 * packed: the cluster's unit is the word), each element the low 8 bits of its word as in {@link ClusterByte}
 * (so additions wrap in one command).
 *
 * <p>Indices are checked against the length this handle opened before any command is sent. {@link #copyTo} and
 * {@link #toArray} read the whole array with one {@code wordSnapshot}; {@link #copyFrom} sends one
 * {@code wordSet} per element and is not atomic as a whole (hold {@link #lock()} in every writer for that).
 */
final class ClusterByteArray extends ClusterValue implements SharedByteArray {
    private static final long serialVersionUID = 1L;

    private final int length;

    private ClusterByteArray(final ClusterOps ops, final String name, final int length,
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
    static ClusterByteArray open(final ClusterOps ops, final String name, final int length,
                                 final Function<String, Lock> locks) {
        create(ops, name, length, 0L, "SharedByteArray");
        return new ClusterByteArray(ops, name, length, locks);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public byte get(final int index) {
        checkOpen();
        checkIndex(index, length);
        return (byte) ops.wordGet(name, index);
    }

    @Override
    public void set(final int index, final byte value) {
        checkOpen();
        checkIndex(index, length);
        ops.wordSet(name, index, value);
    }

    @Override
    public byte getAndSet(final int index, final byte value) {
        checkOpen();
        checkIndex(index, length);
        return (byte) ops.wordGetAndSet(name, index, value);
    }

    @Override
    public byte getAndAdd(final int index, final byte delta) {
        checkOpen();
        checkIndex(index, length);
        return (byte) ops.wordGetAndAdd(name, index, delta);
    }

    @Override
    public byte addAndGet(final int index, final byte delta) {
        return (byte) (getAndAdd(index, delta) + delta);
    }

    @Override
    public byte incrementAndGet(final int index) {
        return addAndGet(index, (byte) 1);
    }

    @Override
    public boolean compareAndSet(final int index, final byte expected, final byte value) {
        checkOpen();
        checkIndex(index, length);
        if (ops.wordCompareAndSet(name, index, expected, value)) {
            return true;
        }
        while (true) {
            final long word = ops.wordGet(name, index);
            if ((byte) word != expected) {
                return false;
            }
            if (ops.wordCompareAndSet(name, index, word, value)) {
                return true;
            }
        }
    }

    @Override
    public byte updateAndGet(final int index, final IntUnaryOperator function) {
        Objects.requireNonNull(function, "function");
        checkOpen();
        checkIndex(index, length);
        while (true) {
            final long word = ops.wordGet(name, index);
            final byte next = (byte) function.applyAsInt((byte) word);
            if (ops.wordCompareAndSet(name, index, word, next)) {
                return next;
            }
        }
    }

    @Override
    public void copyTo(final int index, final byte[] destination, final int offset, final int count) {
        checkOpen();
        checkCopy(index, count, length, "destination", offset, destination.length);
        if (count > 0) {
            final long[] words = snapshot(length);
            for (int i = 0; i < count; i++) {
                destination[offset + i] = (byte) words[index + i];
            }
        }
    }

    @Override
    public void copyFrom(final byte[] source, final int offset, final int index, final int count) {
        checkOpen();
        checkCopy(index, count, length, "source", offset, source.length);
        for (int i = 0; i < count; i++) {
            ops.wordSet(name, index + i, source[offset + i]);
        }
    }

    @Override
    public byte[] toArray() {
        final byte[] copy = new byte[length];
        copyTo(0, copy, 0, length);
        return copy;
    }

    @Override
    public String toString() {
        return describe("SharedByteArray", () -> ", length " + length);
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String arrayName = name;
        final int arrayLength = length;
        return mp -> mp.sharedByteArray(arrayName, arrayLength);
    }
}
