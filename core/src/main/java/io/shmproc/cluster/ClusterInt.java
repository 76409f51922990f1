package io.shmproc.cluster;

import io.shmproc.state.SharedInt;
import io.shmproc.sync.Lock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;

/**
 * A {@link SharedInt} served by the cluster: a word array of length 1 named by the value's name.
 *
 * <p><b>Encoding.</b> The value is the low 32 bits of the 64-bit word. {@code set}, {@code getAndSet} and
 * {@code compareAndSet} store it sign-extended; {@code getAndAdd} is one {@code wordGetAndAdd}, so after an
 * addition overflows {@code int} the high bits hold the carry, which every read drops ({@code (int) word}). The
 * arithmetic therefore wraps exactly as {@link java.util.concurrent.atomic.AtomicInteger}'s does, in one command.
 * {@code compareAndSet} compares the low 32 bits: it first tries the sign-extended word (one command, the
 * usual case) and, when that fails, reads the word and retries on it while its low bits still equal
 * {@code expected}. {@code updateAndGet} is a CAS loop. See {@link ClusterValue} for the lock.
 */
final class ClusterInt extends ClusterValue implements SharedInt {
    private static final long serialVersionUID = 1L;

    private ClusterInt(final ClusterOps ops, final String name, final Function<String, Lock> locks) {
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
    static ClusterInt open(final ClusterOps ops, final String name, final int initial,
                           final Function<String, Lock> locks) {
        create(ops, name, 1, initial, "SharedInt");
        return new ClusterInt(ops, name, locks);
    }

    @Override
    public int get() {
        checkOpen();
        return (int) ops.wordGet(name, 0);
    }

    @Override
    public void set(final int value) {
        checkOpen();
        ops.wordSet(name, 0, value);
    }

    @Override
    public int getAndSet(final int value) {
        checkOpen();
        return (int) ops.wordGetAndSet(name, 0, value);
    }

    @Override
    public int getAndAdd(final int delta) {
        checkOpen();
        return (int) ops.wordGetAndAdd(name, 0, delta);
    }

    @Override
    public int addAndGet(final int delta) {
        return getAndAdd(delta) + delta;
    }

    @Override
    public int incrementAndGet() {
        return addAndGet(1);
    }

    @Override
    public int decrementAndGet() {
        return addAndGet(-1);
    }

    @Override
    public boolean compareAndSet(final int expected, final int value) {
        checkOpen();
        if (ops.wordCompareAndSet(name, 0, expected, value)) {
            return true;
        }
        while (true) {
            final long word = ops.wordGet(name, 0);
            if ((int) word != expected) {
                return false;
            }
            if (ops.wordCompareAndSet(name, 0, word, value)) {
                return true;
            }
        }
    }

    @Override
    public int updateAndGet(final IntUnaryOperator function) {
        Objects.requireNonNull(function, "function");
        checkOpen();
        while (true) {
            final long word = ops.wordGet(name, 0);
            final int next = function.applyAsInt((int) word);
            if (ops.wordCompareAndSet(name, 0, word, next)) {
                return next;
            }
        }
    }

    @Override
    public int accumulateAndGet(final int x, final IntBinaryOperator function) {
        Objects.requireNonNull(function, "function");
        return updateAndGet(current -> function.applyAsInt(current, x));
    }

    @Override
    public String toString() {
        return describe("SharedInt", () -> " = " + get());
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String valueName = name;
        return mp -> mp.sharedInt(valueName, 0);
    }
}
