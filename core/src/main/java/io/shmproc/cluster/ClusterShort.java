package io.shmproc.cluster;

import io.shmproc.state.SharedShort;
import io.shmproc.sync.Lock;
import java.util.function.Function;

/**
 * A {@link SharedShort} served by the cluster: a word array of length 1 named by the value's name.
 *
 * <p><b>Encoding.</b> The value is the low 16 bits of the 64-bit word, as {@link ClusterInt} keeps an
 * {@code int}: stores are sign-extended, {@code getAndAdd} is one {@code wordGetAndAdd} whose carry out of the
 * short every read drops, so the arithmetic wraps exactly as the local short's does; {@code compareAndSet} compares
 * the low 16 bits (one command in the usual case). See {@link ClusterValue} for the lock.
 */
final class ClusterShort extends ClusterValue implements SharedShort {
    private static final long serialVersionUID = 1L;

    private ClusterShort(final ClusterOps ops, final String name, final Function<String, Lock> locks) {
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
    static ClusterShort open(final ClusterOps ops, final String name, final short initial,
                             final Function<String, Lock> locks) {
        create(ops, name, 1, initial, "SharedShort");
        return new ClusterShort(ops, name, locks);
    }

    @Override
    public short get() {
        checkOpen();
        return (short) ops.wordGet(name, 0);
    }

    @Override
    public void set(final short value) {
        checkOpen();
        ops.wordSet(name, 0, value);
    }

    @Override
    public short getAndSet(final short value) {
        checkOpen();
        return (short) ops.wordGetAndSet(name, 0, value);
    }

    @Override
    public short getAndAdd(final int delta) {
        checkOpen();
        return (short) ops.wordGetAndAdd(name, 0, delta);
    }

    @Override
    public short addAndGet(final int delta) {
        return (short) (getAndAdd(delta) + delta);
    }

    @Override
    public short incrementAndGet() {
        return addAndGet(1);
    }

    @Override
    public short decrementAndGet() {
        return addAndGet(-1);
    }

    @Override
    public boolean compareAndSet(final short expected, final short value) {
        checkOpen();
        if (ops.wordCompareAndSet(name, 0, expected, value)) {
            return true;
        }
        while (true) {
            final long word = ops.wordGet(name, 0);
            if ((short) word != expected) {
                return false;
            }
            if (ops.wordCompareAndSet(name, 0, word, value)) {
                return true;
            }
        }
    }

    @Override
    public String toString() {
        return describe("SharedShort", () -> " = " + get());
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String valueName = name;
        return mp -> mp.sharedShort(valueName, (short) 0);
    }
}
