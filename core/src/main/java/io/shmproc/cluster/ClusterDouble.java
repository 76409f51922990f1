package io.shmproc.cluster;

import io.shmproc.state.SharedDouble;
import io.shmproc.sync.Lock;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * A {@link SharedDouble} served by the cluster: a word array of length 1 named by the value's name, holding the
 * value's raw bits ({@link Double#doubleToRawLongBits}).
 *
 * <p>{@code compareAndSet} compares bits, as the local double does (so {@code 0.0} is not {@code -0.0}, and a
 * NaN matches only the same NaN bits). {@code getAndAdd}, {@code updateAndGet} and {@code accumulateAndGet} are
 * CAS loops over {@code wordGet} and {@code wordCompareAndSet}. See {@link ClusterValue} for the lock.
 */
final class ClusterDouble extends ClusterValue implements SharedDouble {
    private static final long serialVersionUID = 1L;

    private ClusterDouble(final ClusterOps ops, final String name, final Function<String, Lock> locks) {
        super(ops, name, locks);
    }

    /**
     * Creates the value with an initial value, or attaches to it if it exists (the initial value is then ignored).
     *
     * @param ops     the session
     * @param name    the value's name
     * @param initial the initial value of a new value
     * @param locks   makes the lock of {@link #lock()} from its name
     * @return the handle
     * @throws IllegalArgumentException when the words exist as an array of another length
     */
    static ClusterDouble open(final ClusterOps ops, final String name, final double initial,
                              final Function<String, Lock> locks) {
        create(ops, name, 1, Double.doubleToRawLongBits(initial), "SharedDouble");
        return new ClusterDouble(ops, name, locks);
    }

    @Override
    public double get() {
        checkOpen();
        return Double.longBitsToDouble(ops.wordGet(name, 0));
    }

    @Override
    public void set(final double value) {
        checkOpen();
        ops.wordSet(name, 0, Double.doubleToRawLongBits(value));
    }

    @Override
    public double getAndSet(final double value) {
        checkOpen();
        return Double.longBitsToDouble(ops.wordGetAndSet(name, 0, Double.doubleToRawLongBits(value)));
    }

    @Override
    public double getAndAdd(final double delta) {
        checkOpen();
        while (true) {
            final long bits = ops.wordGet(name, 0);
            final double current = Double.longBitsToDouble(bits);
            if (ops.wordCompareAndSet(name, 0, bits, Double.doubleToRawLongBits(current + delta))) {
                return current;
            }
        }
    }

    @Override
    public double addAndGet(final double delta) {
        return getAndAdd(delta) + delta;
    }

    @Override
    public boolean compareAndSet(final double expected, final double value) {
        checkOpen();
        return ops.wordCompareAndSet(name, 0, Double.doubleToRawLongBits(expected),
            Double.doubleToRawLongBits(value));
    }

    @Override
    public double updateAndGet(final DoubleUnaryOperator function) {
        Objects.requireNonNull(function, "function");
        checkOpen();
        while (true) {
            final long bits = ops.wordGet(name, 0);
            final double next = function.applyAsDouble(Double.longBitsToDouble(bits));
            if (ops.wordCompareAndSet(name, 0, bits, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }

    @Override
    public double accumulateAndGet(final double x, final DoubleBinaryOperator function) {
        Objects.requireNonNull(function, "function");
        return updateAndGet(current -> function.applyAsDouble(current, x));
    }

    @Override
    public String toString() {
        return describe("SharedDouble", () -> " = " + get());
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String valueName = name;
        return mp -> mp.sharedDouble(valueName, 0.0);
    }
}
