package io.shmproc.cluster;

import io.shmproc.state.SharedDoubleArray;
import io.shmproc.sync.Lock;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * A {@link SharedDoubleArray} served by the cluster: a word array of {@link ClusterOps}, one word per element
 * holding its raw bits, compared by bits as in {@link ClusterDouble}.
 *
 * <p>Indices are checked against the length this handle opened before any command is sent. {@code getAndAdd},
 * {@code addAndGet} and {@code updateAndGet} are CAS loops. {@link #copyTo} and {@link #toArray} read the whole
 * array with one {@code wordSnapshot}; {@link #copyFrom} sends one {@code wordSet} per element and is not atomic
 * as a whole (hold {@link #lock()} in every writer for that).
 */
final class ClusterDoubleArray extends ClusterValue implements SharedDoubleArray {
    private static final long serialVersionUID = 1L;

    private final int length;

    private ClusterDoubleArray(final ClusterOps ops, final String name, final int length,
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
    static ClusterDoubleArray open(final ClusterOps ops, final String name, final int length,
                                   final Function<String, Lock> locks) {
        create(ops, name, length, Double.doubleToRawLongBits(0.0), "SharedDoubleArray");
        return new ClusterDoubleArray(ops, name, length, locks);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public double get(final int index) {
        checkOpen();
        checkIndex(index, length);
        return Double.longBitsToDouble(ops.wordGet(name, index));
    }

    @Override
    public void set(final int index, final double value) {
        checkOpen();
        checkIndex(index, length);
        ops.wordSet(name, index, Double.doubleToRawLongBits(value));
    }

    @Override
    public double getAndSet(final int index, final double value) {
        checkOpen();
        checkIndex(index, length);
        return Double.longBitsToDouble(ops.wordGetAndSet(name, index, Double.doubleToRawLongBits(value)));
    }

    @Override
    public double getAndAdd(final int index, final double delta) {
        checkOpen();
        checkIndex(index, length);
        while (true) {
            final long bits = ops.wordGet(name, index);
            final double current = Double.longBitsToDouble(bits);
            if (ops.wordCompareAndSet(name, index, bits, Double.doubleToRawLongBits(current + delta))) {
                return current;
            }
        }
    }

    @Override
    public double addAndGet(final int index, final double delta) {
        return getAndAdd(index, delta) + delta;
    }

    @Override
    public boolean compareAndSet(final int index, final double expected, final double value) {
        checkOpen();
        checkIndex(index, length);
        return ops.wordCompareAndSet(name, index, Double.doubleToRawLongBits(expected),
            Double.doubleToRawLongBits(value));
    }

    @Override
    public double updateAndGet(final int index, final DoubleUnaryOperator function) {
        Objects.requireNonNull(function, "function");
        checkOpen();
        checkIndex(index, length);
        while (true) {
            final long bits = ops.wordGet(name, index);
            final double next = function.applyAsDouble(Double.longBitsToDouble(bits));
            if (ops.wordCompareAndSet(name, index, bits, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }

    @Override
    public void copyTo(final int index, final double[] destination, final int offset, final int count) {
        checkOpen();
        checkCopy(index, count, length, "destination", offset, destination.length);
        if (count > 0) {
            final long[] words = snapshot(length);
            for (int i = 0; i < count; i++) {
                destination[offset + i] = Double.longBitsToDouble(words[index + i]);
            }
        }
    }

    @Override
    public void copyFrom(final double[] source, final int offset, final int index, final int count) {
        checkOpen();
        checkCopy(index, count, length, "source", offset, source.length);
        for (int i = 0; i < count; i++) {
            ops.wordSet(name, index + i, Double.doubleToRawLongBits(source[offset + i]));
        }
    }

    @Override
    public double[] toArray() {
        final double[] copy = new double[length];
        copyTo(0, copy, 0, length);
        return copy;
    }

    @Override
    public String toString() {
        return describe("SharedDoubleArray", () -> ", length " + length);
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String arrayName = name;
        final int arrayLength = length;
        return mp -> mp.sharedDoubleArray(arrayName, arrayLength);
    }
}
