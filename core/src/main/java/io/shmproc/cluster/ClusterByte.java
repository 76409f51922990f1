package io.shmproc.cluster;

import io.shmproc.state.SharedByte;
import io.shmproc.sync.Lock;
import java.util.function.Function;

/**
 * A {@link SharedByte} served by the cluster: a word array of length 1 named by the value's name.
 *
 * <p><b>Encoding.</b> The value is the low 8 bits of the 64-bit word, as {@link ClusterInt} keeps an
 * {@code int}: stores are sign-extended, {@code getAndAdd} is one {@code wordGetAndAdd} whose carry out of the
 * byte every read drops, so the arithmetic wraps exactly as the local byte's does; {@code compareAndSet} compares
 * the low 8 bits (one command in the usual case). See {@link ClusterValue} for the lock.
 */
final class ClusterByte extends ClusterValue implements SharedByte {
    private static final long serialVersionUID = 1L;

    private ClusterByte(final ClusterOps ops, final String name, final Function<String, Lock> locks) {
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
    static ClusterByte open(final ClusterOps ops, final String name, final byte initial,
                            final Function<String, Lock> locks) {
        create(ops, name, 1, initial, "SharedByte");
        return new ClusterByte(ops, name, locks);
    }

    @Override
    public byte get() {
        checkOpen();
        return (byte) ops.wordGet(name, 0);
    }

    @Override
    public void set(final byte value) {
        checkOpen();
        ops.wordSet(name, 0, value);
    }

    @Override
    public byte getAndSet(final byte value) {
        checkOpen();
        return (byte) ops.wordGetAndSet(name, 0, value);
    }

    @Override
    public byte getAndAdd(final int delta) {
        checkOpen();
        return (byte) ops.wordGetAndAdd(name, 0, delta);
    }

    @Override
    public byte addAndGet(final int delta) {
        return (byte) (getAndAdd(delta) + delta);
    }

    @Override
    public byte incrementAndGet() {
        return addAndGet(1);
    }

    @Override
    public byte decrementAndGet() {
        return addAndGet(-1);
    }

    @Override
    public boolean compareAndSet(final byte expected, final byte value) {
        checkOpen();
        if (ops.wordCompareAndSet(name, 0, expected, value)) {
            return true;
        }
        while (true) {
            final long word = ops.wordGet(name, 0);
            if ((byte) word != expected) {
                return false;
            }
            if (ops.wordCompareAndSet(name, 0, word, value)) {
                return true;
            }
        }
    }

    @Override
    public String toString() {
        return describe("SharedByte", () -> " = " + get());
    }

    @Override
    io.shmproc.pool.SerializableFunction<io.shmproc.Shmproc, Object> reopener() {
        final String valueName = name;
        return mp -> mp.sharedByte(valueName, (byte) 0);
    }
}
