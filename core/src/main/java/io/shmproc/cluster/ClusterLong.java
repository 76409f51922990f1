package io.shmproc.cluster;

import io.shmproc.state.SharedLong;
import io.shmproc.sync.Lock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * A {@link SharedLong} served by the cluster: a word array of length 1 named by the value's name.
 *
 * <p>{@code get}, {@code set}, {@code getAndSet}, {@code getAndAdd} and {@code compareAndSet} are one command
 * each; {@code updateAndGet} and {@code accumulateAndGet} are CAS loops over {@code wordGet} and
 * {@code wordCompareAndSet} (two commands or more, the function may run more than once). See
 * {@link ClusterValue} for the lock.
 */
final class ClusterLong extends ClusterValue implements SharedLong {
    private static final long serialVersionUID = 1L;

    private ClusterLong(final ClusterOps ops, final String name, final Function<String, Lock> locks) {
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
    static ClusterLong open(final ClusterOps ops, final String name, final long initial,
                            final Function<String, Lock> locks) {
        create(ops, name, 1, initial, "SharedLong");
        return new ClusterLong(ops, name, locks);
    }

    @Override
    public long get() {
        checkOpen();
        return ops.wordGet(name, 0);
    }

    @Override
    public void set(final long value) {
        checkOpen();
        ops.wordSet(name, 0, value);
    }

    @Override
    public long getAndSet(final long value) {
        checkOpen();
        return ops.wordGetAndSet(name, 0, value);
    }

    @Override
    public long getAndAdd(final long delta) {
        checkOpen();
        return ops.wordGetAndAdd(name, 0, delta);
    }

    @Override
    public long addAndGet(final long delta) {
        return getAndAdd(delta) + delta;
    }

    @Override
    public long incrementAndGet() {
        return addAndGet(1);
    }

    @Override
    public long decrementAndGet() {
        return addAndGet(-1);
    }

    @Override
    public boolean compareAndSet(final long expected, final long value) {
        checkOpen();
        return ops.wordCompareAndSet(name, 0, expected, value);
    }

    @Override
    public long updateAndGet(final LongUnaryOperator function) {
        Objects.requireNonNull(function, "function");
        checkOpen();
        while (true) {
            final long current = ops.wordGet(name, 0);
            final long next = function.applyAsLong(current);
            if (ops.wordCompareAndSet(name, 0, current, next)) {
                return next;
            }
        }
    }

    @Override
    public long accumulateAndGet(final long x, final LongBinaryOperator function) {
        Objects.requireNonNull(function, "function");
        return updateAndGet(current -> function.applyAsLong(current, x));
    }

    @Override
    public String toString() {
        return describe("SharedLong", () -> " = " + get());
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String valueName = name;
        return mp -> mp.sharedLong(valueName, 0L);
    }
}
